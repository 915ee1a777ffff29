"""``provincial-server``: run the sync server, and the province's admin commands."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from counter_app.core.domain.passwords import Passwords
from counter_app.core.domain.roles import Role
from counter_app.core.domain.status import Status
from provincial_server import accounts, service
from provincial_server.db import ServerDatabase

DEFAULT_DB = "provincial.sqlite3"


def _db(args: argparse.Namespace) -> ServerDatabase:
    db = ServerDatabase(args.db)
    db.upgrade()
    return db


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn  # noqa: PLC0415 (only the server needs it)

    from provincial_server.api import create_app  # noqa: PLC0415

    uvicorn.run(
        create_app(_db(args)),
        host=args.host,
        port=args.port,
        log_level="warning",
        ssl_certfile=args.ssl_certfile,
        ssl_keyfile=args.ssl_keyfile,
        # Bounded work at once: each request may hold up to 3 × 8 MB while it is read;
        # beyond this, new connections get 503 and the counters retry later.
        limit_concurrency=args.max_connections,
    )
    return 0


def cmd_enrolment_code(args: argparse.Namespace) -> int:
    code = service.create_enrolment_code(
        _db(args), args.agency, args.counter, datetime.now(UTC), args.days
    )
    print(code)
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    count = service.revoke_devices(_db(args), args.agency, args.counter, datetime.now(UTC))
    print(f"Revoked {count} device(s) of {args.agency}, counter {args.counter}.")
    return 0


def cmd_set_status(args: argparse.Namespace) -> int:
    service.set_status(_db(args), args.code, Status(args.status), args.note, datetime.now(UTC))
    print(f"{args.code}: {Status(args.status).label}")
    return 0


def cmd_publish_catalog(args: argparse.Namespace) -> int:
    try:
        document = json.loads(Path(args.file).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise service.BadRequest(f"Không đọc được tệp danh mục {args.file}: {error}") from error
    version, count = service.publish_catalog(_db(args), document, args.agency, datetime.now(UTC))
    print(f"Đã công bố danh mục phiên bản {version}: {count} thủ tục.")
    return 0


def cmd_calendar(args: argparse.Namespace) -> int:
    service.publish_calendar(
        _db(args), [(args.day, args.kind, args.name)], args.agency, datetime.now(UTC)
    )
    print(f"Đã công bố ngày {args.day:%d/%m/%Y}: {args.kind}.")
    return 0


def cmd_import_bundle(args: argparse.Namespace) -> int:
    try:
        data = Path(args.file).read_bytes()
    except OSError as error:
        raise service.BadRequest(f"Không đọc được tệp {args.file}: {error.strerror}") from error
    device, ack = service.import_bundle(_db(args), data, datetime.now(UTC))
    Path(args.ack).write_bytes(ack)
    print(f"Đã nhập tệp của {device.agency} quầy {device.counter}; tệp xác nhận: {args.ack}")
    return 0


def cmd_audit_check(args: argparse.Namespace) -> int:
    from provincial_server.audit import check_chains  # noqa: PLC0415

    reports = check_chains(_db(args), args.agency, args.counter)
    if not reports:
        where = f" quầy {args.counter}" if args.counter else ""
        print(f"Không có thiết bị nào của {args.agency}{where}.", file=sys.stderr)
        return 1
    for report in reports:
        print(report.text())
    return 0 if all(r.ok for r in reports) else 1


def cmd_user_add(args: argparse.Namespace) -> int:
    role = Role(args.role)
    password = accounts.add_user(
        _db(args), Passwords(), args.agency, args.login,
        name=args.name, role=role, now=datetime.now(UTC),
    )  # fmt: skip
    print(f"Đã tạo tài khoản {args.login.lower()} ({role.label}) của {args.agency}.")
    print(f"Mật khẩu dùng một lần (đổi ở lần đăng nhập đầu): {password}")
    return 0


def cmd_user_disable(args: argparse.Namespace) -> int:
    changed = accounts.disable_user(_db(args), args.agency, args.login, datetime.now(UTC))
    state = "Đã ngừng" if changed else "Đã ngừng từ trước"
    login = args.login.lower()
    print(f"{state} tài khoản {login} của {args.agency} (tại các quầy: từ lần đồng bộ tới).")
    return 0


def cmd_user_reset(args: argparse.Namespace) -> int:
    password = accounts.reset_password(
        _db(args), Passwords(), args.agency, args.login, datetime.now(UTC)
    )
    print(f"Đã đặt lại mật khẩu của {args.login.lower()} ({args.agency}).")
    print(f"Mật khẩu dùng một lần (đổi ở lần đăng nhập đầu): {password}")
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    for row in accounts.list_users(_db(args), args.agency):
        state = "ngừng" if row.disabled else ("phải đổi mật khẩu" if row.must_change else "dùng")
        print(f"{row.login}\t{row.name}\t{Role(row.role).label}\t{state}\tphiên bản {row.revision}")
    return 0


def _users(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    user = sub.add_parser("user", help="staff accounts of an agency (sign-in at its counters)")
    actions = user.add_subparsers(title="user commands", required=True)
    add = actions.add_parser("add", help="a new account; prints its one-time password once")
    add.add_argument("login")
    add.add_argument("--name", required=True, help="full name, printed on forms")
    add.add_argument("--role", choices=[r.value for r in Role], default=Role.CLERK.value)
    add.set_defaults(handler=cmd_user_add)
    disable = actions.add_parser("disable", help="the account stops working at the next sync")
    disable.add_argument("login")
    disable.set_defaults(handler=cmd_user_disable)
    reset = actions.add_parser("reset-password", help="a new one-time password, printed once")
    reset.add_argument("login")
    reset.set_defaults(handler=cmd_user_reset)
    listing = actions.add_parser("list", help="the agency's accounts")
    listing.set_defaults(handler=cmd_user_list)
    for command in (add, disable, reset, listing):
        command.add_argument("--agency", required=True)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r} must be YYYY-MM-DD") from error


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="provincial-server", description=__doc__)
    parser.add_argument(
        "--db",
        default=os.environ.get("PROVINCIAL_DB", DEFAULT_DB),
        help="SQLite file or database URL, e.g. postgresql+psycopg://user@host/db",
    )
    sub = parser.add_subparsers(title="commands", required=True)
    serve = sub.add_parser("serve", help="run the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--ssl-certfile", help="serve HTTPS with this certificate (PEM)")
    serve.add_argument("--ssl-keyfile", help="... and this private key (PEM)")
    serve.add_argument(
        "--max-connections", type=int, default=100, help="connections served at once (503 beyond)"
    )
    serve.set_defaults(handler=cmd_serve)
    code = sub.add_parser("enrolment-code", help="one-time code for a counter to enrol")
    code.add_argument("--agency", required=True)
    code.add_argument("--counter", type=int, required=True, choices=range(1, 10))
    code.add_argument("--days", type=int, default=7, help="valid for this many days")
    code.set_defaults(handler=cmd_enrolment_code)
    revoke = sub.add_parser("revoke", help="withdraw a counter's device access (stolen, replaced)")
    revoke.add_argument("--agency", required=True)
    revoke.add_argument("--counter", type=int, required=True, choices=range(1, 10))
    revoke.set_defaults(handler=cmd_revoke)
    status = sub.add_parser("set-status", help="a processing body's decision on a dossier")
    status.add_argument("code")
    status.add_argument("status", type=int, choices=[int(s) for s in service.PROVINCE_STATUSES])
    status.add_argument("--note", default="")
    status.set_defaults(handler=cmd_set_status)
    catalog = sub.add_parser("publish-catalog", help="publish a procedure-catalog version")
    catalog.add_argument("file", help="catalog JSON (the counters' catalog format)")
    catalog.add_argument("--agency", help="only for this agency (default: every agency)")
    catalog.set_defaults(handler=cmd_publish_catalog)
    calendar = sub.add_parser("calendar", help="publish a day off or an extra working day")
    calendar.add_argument("day", type=_day, metavar="YYYY-MM-DD")
    calendar.add_argument("kind", choices=["off", "work"])
    calendar.add_argument("name")
    calendar.add_argument("--agency", help="only for this agency (default: every agency)")
    calendar.set_defaults(handler=cmd_calendar)
    bundle = sub.add_parser("import-bundle", help="import a counter's USB bundle")
    bundle.add_argument("file")
    bundle.add_argument("--ack", required=True, help="where to write the acknowledgement file")
    bundle.set_defaults(handler=cmd_import_bundle)
    audit = sub.add_parser(
        "audit-check", help="each counter device's audit chain: held up to where, unbroken?"
    )
    audit.add_argument("--agency", required=True)
    audit.add_argument("--counter", type=int, choices=range(1, 10))
    audit.set_defaults(handler=cmd_audit_check)
    _users(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.handler(args)
    except (service.BadRequest, service.AccessDenied) as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
