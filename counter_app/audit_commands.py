"""``counter-app audit``: verify the audit chain, list and export its entries."""

from __future__ import annotations

import argparse
from pathlib import Path

from sqlalchemy.exc import OperationalError

from counter_app.account_commands import signed_in
from counter_app.app import start
from counter_app.cli import EXIT_ERROR, print_err
from counter_app.core import audit
from counter_app.core.audit import AuditAction
from counter_app.core.audit import trail as audit_trail
from counter_app.core.domain.roles import Permission, require
from counter_app.core.errors import CounterError
from counter_app.core.store.engine import Database
from counter_app.paths import AppPaths


def audit_chain(db: Database) -> audit_trail.ChainCheck | None:
    """The chain's check for ``db check``; None for a database older than the trail."""
    try:
        with db.read() as session:
            return audit.verify(session)
    except OperationalError as error:
        if "no such table" in str(error):
            return None
        raise


def cmd_audit_verify(args: argparse.Namespace, paths: AppPaths) -> int:
    services = start(paths)
    with services.db.read() as session:
        check = audit.verify(session)
        last, acked, refusal = audit_trail.sync_state(session)
    if not check.ok:
        print_err(check.message)
        return EXIT_ERROR
    print(check.message)
    print(f"Tỉnh đã nhận đến mục số {acked} (quầy đã ghi đến mục số {last}).")
    if refusal:
        print_err(f"Lần gửi gần nhất, máy chủ tỉnh báo: {refusal}")
    return 0


def cmd_audit_list(args: argparse.Namespace, paths: AppPaths) -> int:
    services = start(paths)
    # Reading leaves no entry of its own; seeing the trail is a supervisor's.
    require(signed_in(args, services, record=False), Permission.SEE_AUDIT)
    if args.first and args.last and args.last < args.first:
        raise CounterError("Ngày kết thúc (--to) phải sau hoặc bằng ngày bắt đầu (--from).")
    spec = audit_trail.AuditFilter(
        person=args.person or "",
        action=AuditAction(args.action) if args.action else None,
        first=args.first,
        last=args.last,
        limit=args.limit,
    )
    with services.db.read() as session:
        rows = audit_trail.entries(session, spec, services.settings.timezone)
    if args.csv:
        count = audit_trail.write_csv(rows, Path(args.csv))
        print(f"Đã ghi {count} mục vào {args.csv}.")
        return 0
    for row in rows:
        who = f"{row.name} ({row.login})" if row.login else row.name
        print(
            f"{row.seq:>7}  {row.at:%d/%m/%Y %H:%M:%S}  quầy {row.counter}  {who}  "
            f"{row.action_label}  {row.dossier or '-'}  {row.detail}"
        )
    if not rows:
        print_err("Không có mục nào khớp.")
    return 0
