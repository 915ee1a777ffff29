"""The admin subcommands of ``counter-app`` (everything but the GUI).

Each handler gets the parsed arguments and the resolved paths and returns the
exit code; ``cli.main`` turns errors into messages.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import OperationalError

from counter_app import __version__
from counter_app.account_commands import create_first_admin, signed_in
from counter_app.app import open_database, start, sync_engine
from counter_app.audit_commands import (  # cmd_audit_*: cli finds them here
    audit_chain,
    cmd_audit_list,  # noqa: F401
    cmd_audit_verify,  # noqa: F401
)
from counter_app.cli import EXIT_ERROR, print_err
from counter_app.core import settings as settings_file
from counter_app.core.domain.fees import format_vnd
from counter_app.core.domain.limits import MAX_CLERK, MAX_JSON_BYTES
from counter_app.core.domain.roles import Actor, Permission, Role, require
from counter_app.core.domain.text import checked_text, excerpt, fold
from counter_app.core.errors import (
    CounterError,
    DatabaseTooNew,
    FieldError,
    StorageEnvironmentError,
    ValidationFailed,
)
from counter_app.core.services.admin import restore_backup, set_calendar_day
from counter_app.core.services.context import Services
from counter_app.core.services.corrections import correct_applicant, recorded_applicant
from counter_app.core.services.dossiers import void_dossier
from counter_app.core.services.identity import bind_identity, record_settings_change
from counter_app.core.services.reception import receive
from counter_app.core.services.reception_json import read_reception
from counter_app.core.settings import Settings
from counter_app.core.store.backup import backup_to, timestamped_backup
from counter_app.core.store.calendar_repo import list_days
from counter_app.core.store.catalog import load_catalog
from counter_app.core.store.check import check
from counter_app.core.store.engine import Database
from counter_app.core.store.migrate import known_revisions
from counter_app.core.store.safety import BackupInfo, inspect
from counter_app.core.store.search import search
from counter_app.core.sync import credentials as credentials_file
from counter_app.core.sync.schedule import SyncSchedule
from counter_app.core.sync.status import CycleReport
from counter_app.core.sync.usb import export_bundle, import_ack
from counter_app.demo import load_demo
from counter_app.demo_settings import ensure_demo_settings
from counter_app.instance import instance_lock
from counter_app.paths import AppPaths

log = logging.getLogger("counter_app.cli")

OUTBOX_STATES = {
    "pending": "chờ gửi",
    "delivered": "đã gửi",
    "quarantined": "bị máy chủ từ chối",
    "discarded": "đã loại bỏ",
}


def _local(moment: datetime | None, services: Services) -> str:
    if moment is None:
        return "Không có ngày hẹn trả cụ thể theo quy định"
    return moment.astimezone(services.settings.timezone).strftime("%H:%M %d/%m/%Y")


# --- start / setup -----------------------------------------------------------


def _start(args: argparse.Namespace, paths: AppPaths) -> Services:
    if args.demo:
        ensure_demo_settings(paths)
    services = start(paths)
    if args.demo:
        added = load_demo(services)
        if added:
            print(f"Đã nạp danh mục mẫu và {added} hồ sơ mẫu.")
    return services


def cmd_status(args: argparse.Namespace, paths: AppPaths) -> int:
    services = _start(args, paths)
    report = check(services.db)
    s = services.settings
    print(
        f"Quầy Một Cửa {__version__} — {s.agency_name} ({s.agency_code}), "
        f"quầy số {s.counter_number}"
    )
    print(f"Dữ liệu: {paths.database}")
    print(
        f"Hồ sơ: {report.counts['Hồ sơ']}, thủ tục: {report.counts['Thủ tục']}, "
        f"chờ đồng bộ: {report.outbox.get('pending', 0)}"
    )
    return 0


def cmd_self_test(args: argparse.Namespace, paths: AppPaths) -> int:
    from counter_app.selftest import run_self_test  # noqa: PLC0415 (Qt, only here)

    passed, summary = run_self_test()
    if not passed:
        print_err(summary)
        return EXIT_ERROR
    print(summary)
    return 0


def cmd_setup(args: argparse.Namespace, paths: AppPaths) -> int:
    current: dict[str, Any] = {}
    if paths.settings_file.exists():
        try:
            current = settings_file.load(paths.settings_file).values()
        except CounterError:
            current = {}
    given = {
        "agency.code": args.agency_code,
        "agency.name": args.agency_name,
        "agency.place": args.place,
        "counter.number": args.counter,
        "counter.clerk": args.clerk,
        "office_hours.periods": args.office_hours,
        "office_hours.timezone": args.timezone,
    }
    values = current | {k: v for k, v in given.items() if v is not None}
    settings = Settings.from_values(values)
    now = datetime.now(UTC)
    db, _ = open_database(paths, now)
    try:
        bind_identity(db, settings, now, rebind=args.force)
        if args.admin_login:
            create_first_admin(args, Services(db, settings), paths)
        settings_file.save(settings, paths.settings_file)
        record_settings_change(db, settings.clerk, current, settings, now)
    finally:
        db.close()
    print(f"Đã lưu cấu hình: {paths.settings_file}")
    return 0


# --- db ----------------------------------------------------------------------


def cmd_db_upgrade(args: argparse.Namespace, paths: AppPaths) -> int:
    db, report = open_database(paths, datetime.now(UTC))
    db.close()
    if report.before == report.after:
        print(f"Lược đồ đã mới nhất ({report.after}).")
    else:
        print(f"Đã nâng cấp lược đồ {report.before or '(trống)'} → {report.after}.")
        if report.backup:
            print(f"Bản sao lưu trước khi nâng cấp: {report.backup}")
    return 0


def cmd_db_check(args: argparse.Namespace, paths: AppPaths) -> int:
    if not paths.database.exists():
        print_err(f"Chưa có cơ sở dữ liệu tại {paths.database}.")
        return EXIT_ERROR
    db = Database(paths.database)
    report = check(db)
    chain = audit_chain(db)
    db.close()
    print(f"Tệp: {paths.database}")
    print(
        f"Kiểm tra toàn vẹn: {'tốt' if report.integrity == ['ok'] else '; '.join(report.integrity)}"
    )
    state = "mới nhất" if report.revision == report.head else f"cần nâng cấp lên {report.head}"
    print(f"Phiên bản lược đồ: {report.revision} ({state})")
    for label, count in report.counts.items():
        print(f"{label}: {count}")
    for state, count in sorted(report.outbox.items()):
        print(f"Sự kiện đồng bộ {OUTBOX_STATES.get(state, state)}: {count}")
    for gap in report.gaps:
        print(
            f"THIẾU SỐ hồ sơ ngày {gap.local_date:%d/%m/%Y}, "
            f"quầy {gap.counter_number}: {gap.missing}"
        )
    if report.orphans:
        print(f"CÓ {report.orphans} hồ sơ thiếu sự kiện đồng bộ")
    for link in report.broken_links:
        print(
            f"LIÊN KẾT HỎNG: {link.rows} dòng của bảng {link.table} "
            f"trỏ tới {link.parent} không tồn tại"
        )
    if report.skipped:
        print(f"CẢNH BÁO: {len(report.skipped)} thay đổi từ tỉnh không áp dụng được (báo cho Sở):")
        for reason in report.skipped:
            print(f"  {reason}")
    if chain is not None:
        print(f"Nhật ký thao tác: {chain.message}")
    ok = report.ok and (chain is None or chain.ok)
    verdict = "tốt" if ok else "CÓ VẤN ĐỀ — hãy gọi bộ phận hỗ trợ"
    if ok and report.skipped:
        verdict += f" (có {len(report.skipped)} cảnh báo)"
    print(f"Kết luận: {verdict}")
    return 0 if ok else EXIT_ERROR


def cmd_db_backup(args: argparse.Namespace, paths: AppPaths) -> int:
    if not paths.database.exists():
        print_err(f"Chưa có cơ sở dữ liệu tại {paths.database}.")
        return EXIT_ERROR
    now = datetime.now(UTC)
    target = (
        backup_to(paths.database, Path(args.file))
        if args.file
        else timestamped_backup(paths.database, paths.backups, "manual", now)
    )
    print(target)
    return 0


def _describe(info: BackupInfo) -> str:
    last = "chưa có" if info.last_received is None else info.last_received[:16]
    return (
        f"quầy {info.counter_number} của {info.agency_code}, lược đồ {info.revision}, "
        f"{info.dossiers} hồ sơ (nhận gần nhất {last} UTC), {info.pending_events} sự kiện chờ gửi"
    )


CONFIRM = {"c", "có", "co", "y", "yes"}


def _restorer(args: argparse.Namespace, paths: AppPaths) -> Actor:
    """Who restores: signed in against the current database, whose accounts decide. A
    missing or damaged database has no account to check: then the person at the PC
    decides, as the start-up message tells them to (the damaged file is kept aside)."""
    unchecked = Actor(args.user, args.user, Role.ADMIN)
    if not paths.database.exists() or not paths.settings_file.exists():
        return unchecked
    try:
        db = Database(paths.database)
        try:
            services = Services(db, settings_file.load(paths.settings_file))
            actor = signed_in(args, services, record=False)  # the file may be damaged
        finally:
            db.close()
    except (StorageEnvironmentError, OperationalError) as error:
        log.warning("restore by %s unchecked: the database does not open (%s)", args.user, error)
        return unchecked
    require(actor, Permission.RESTORE_BACKUP)
    return actor


def cmd_db_restore(args: argparse.Namespace, paths: AppPaths) -> int:
    actor = _restorer(args, paths)
    incoming = inspect(Path(args.file))
    if incoming.revision not in known_revisions():
        raise DatabaseTooNew(
            f"Bản sao lưu do phiên bản chương trình mới hơn tạo (lược đồ {incoming.revision}). "
            "Hãy cài phiên bản mới nhất của chương trình trước khi khôi phục."
        )
    if paths.settings_file.exists():
        settings = settings_file.load(paths.settings_file)
        if (incoming.agency_code, incoming.counter_number) != (
            settings.agency_code,
            settings.counter_number,
        ):
            print_err(
                f"Bản sao lưu thuộc quầy {incoming.counter_number} của {incoming.agency_code}, "
                f"không phải quầy {settings.counter_number} của {settings.agency_code}. "
                "Không khôi phục."
            )
            return EXIT_ERROR
    print(f"Bản sao lưu: {incoming.path}\n  {_describe(incoming)}")
    try:
        print(f"Dữ liệu hiện tại: {paths.database}\n  {_describe(inspect(paths.database))}")
    except StorageEnvironmentError as error:
        print(f"Dữ liệu hiện tại: {error.message}")
    print(
        "Dữ liệu hiện tại sẽ được cất vào thư mục backups (không bị xóa). Hồ sơ tiếp nhận "
        "sau thời điểm sao lưu sẽ không còn trên máy này: nếu đã đồng bộ, chúng vẫn có trên "
        "máy chủ tỉnh; nếu chưa, phải nhập lại."
    )
    if not args.yes:
        try:
            answer = input("Khôi phục? Gõ c rồi Enter để đồng ý, Enter để hủy: ")
        except EOFError:
            answer = ""
        if answer.strip().lower() not in CONFIRM:
            print("Đã hủy, không thay đổi gì.")
            return EXIT_ERROR
    lock = instance_lock(paths)
    if lock is None:
        print_err(
            "Chương trình đang mở trên dữ liệu này: hãy đóng cửa sổ Quầy Một Cửa rồi chạy lại."
        )
        return EXIT_ERROR
    try:
        done = restore_backup(actor, incoming, paths.database, paths.backups, datetime.now(UTC))
    finally:
        lock.unlock()
    print(f"Đã khôi phục từ {incoming.path}.")
    if done.set_aside:
        print(f"Dữ liệu cũ được cất tại {done.set_aside}.")
    if done.carried_codes:
        print(
            f"{done.carried_codes} số hồ sơ đã cấp sau thời điểm sao lưu được ghi là «bỏ qua» "
            "để không bao giờ cấp trùng."
        )
    return 0


# --- reception and lookup --------------------------------------------------------


def cmd_receive(args: argparse.Namespace, paths: AppPaths) -> int:
    # One byte past the limit is enough to know a file is too big: never read it all.
    try:
        if args.json == "-":
            data = sys.stdin.buffer.read(MAX_JSON_BYTES + 1)
        else:
            with Path(args.json).open("rb") as file:
                data = file.read(MAX_JSON_BYTES + 1)
    except OSError as error:
        print_err(f"Không đọc được tệp {excerpt(args.json, 200)}: {error.strerror or error}")
        return EXIT_ERROR
    request = read_reception(data)  # before the database opens: a bad file changes nothing
    services = start(paths)
    actor = signed_in(args, services)
    require(actor, Permission.RECEIVE)
    who = replace(request, clerk=_file_clerk(request.clerk, actor), clerk_login=actor.login)
    result = receive(services, who)
    print(result.code)
    fee = "" if result.fee_amount is None else f"; phí, lệ phí: {format_vnd(result.fee_amount)}"
    print_err(
        f"Đã tiếp nhận ({result.status.label}); hẹn trả: "
        f"{_local(result.appointment_at, services)}{fee}"
    )
    return 0


def _file_clerk(named: str, actor: Actor) -> str:
    """The file's ``clerk``, checked as before; it must be the signed-in person, who is
    the one recorded."""
    try:
        given = checked_text("clerk", "Người tiếp nhận", named, MAX_CLERK, required=True)
    except FieldError as error:
        raise ValidationFailed([error]) from None
    if fold(given) != fold(actor.name):
        problem = (
            f"tệp ghi «{excerpt(given)}» nhưng người đăng nhập là {actor.name} ({actor.login}); "
            "người tiếp nhận là người đăng nhập: sửa tệp hoặc đăng nhập đúng người."
        )
        raise ValidationFailed([FieldError("clerk", "Người tiếp nhận", problem)])
    return actor.name


def cmd_dossier_void(args: argparse.Namespace, paths: AppPaths) -> int:
    services = start(paths)
    void_dossier(services, args.code, args.reason, signed_in(args, services))
    print(f"Đã hủy hồ sơ {args.code.strip().upper()}; mã được giữ lại, không cấp lại.")
    return 0


def cmd_dossier_correct(args: argparse.Namespace, paths: AppPaths) -> int:
    services = start(paths)
    actor = signed_in(args, services)
    recorded = recorded_applicant(services, args.code)
    given = {
        "name": args.name,
        "id_number": args.id_number,
        "birth_date": args.birth_date,
        "phone": args.phone,
        "email": args.email,
        "address": args.address,
        "sex": args.sex,
    }
    corrected = replace(recorded, **{k: v for k, v in given.items() if v is not None})
    done = correct_applicant(services, args.code, corrected, args.reason, actor)
    print(f"Đã điều chỉnh hồ sơ {done.code}: {', '.join(done.changed)}.")
    return 0


def cmd_search(args: argparse.Namespace, paths: AppPaths) -> int:
    services = start(paths)
    with services.db.read() as session:
        rows = search(session, " ".join(args.query), args.limit)
    for row in rows:
        print(
            f"{row.code}  {row.status.label:<24}  {row.applicant_name}  "
            f"{row.id_number or ''}  {row.phone or ''}  {row.procedure_name}"
        )
    if not rows:
        print_err("Không tìm thấy hồ sơ nào.")
    return 0


# --- calendar and catalog ----------------------------------------------------------


def cmd_calendar_list(args: argparse.Namespace, paths: AppPaths) -> int:
    services = start(paths)
    with services.db.read() as session:
        for row in list_days(session, args.year):
            kind = "nghỉ" if row.kind == "off" else "làm việc"
            print(f"{row.day:%d/%m/%Y} {row.day:%a}  {kind:<9} {row.name}  [{row.source}]")
    return 0


def cmd_calendar_set(args: argparse.Namespace, paths: AppPaths) -> int:
    services = start(paths)
    set_calendar_day(services, signed_in(args, services), args.day, args.kind, args.name)
    print(f"Đã ghi ngày {args.day:%d/%m/%Y}.")
    return 0


def cmd_catalog_load(args: argparse.Namespace, paths: AppPaths) -> int:
    services = start(paths)
    with services.db.write() as session:
        report = load_catalog(session, Path(args.file), services.clock())
    if report.already_loaded:
        print(f"Danh mục phiên bản {report.version} đã có, không nạp lại.")
    else:
        print(f"Đã nạp danh mục phiên bản {report.version}: {report.procedures} thủ tục.")
    return 0


# --- sync --------------------------------------------------------------------------


def cmd_enroll(args: argparse.Namespace, paths: AppPaths) -> int:
    services = start(paths)
    s = services.settings
    creds = sync_engine(services, paths).enrol(
        args.server, args.code, s.agency_code, s.counter_number, args.ca_bundle
    )
    print(f"Đã đăng ký quầy {creds.counter} của {creds.agency} với {creds.server_url}.")
    print(f"Mã truy cập được lưu tại {paths.credentials} (chỉ người dùng này đọc được).")
    return 0


def _report(report: CycleReport) -> None:
    print(
        f"Đã gửi {report.delivered} sự kiện, bị từ chối {report.quarantined}, "
        f"nhận {report.pulled} thay đổi; còn chờ gửi: {report.pending}."
    )
    for line in report.skipped:
        print_err(line)


def cmd_sync(args: argparse.Namespace, paths: AppPaths) -> int:
    services = start(paths)
    engine = sync_engine(services, paths)
    if args.once:
        report = engine.run_cycle()
        _report(report)
        return 0 if report.complete else EXIT_ERROR
    from counter_app.core.sync.loop import run_forever  # noqa: PLC0415 (requests: ~40 ms)

    # Until a signal: SIGTERM (a service manager stopping it) ends it as Ctrl+C does.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        run_forever(engine, SyncSchedule(), report=_report, warn=print_err)
    except KeyboardInterrupt:
        print_err("Đã dừng đồng bộ.")
    return 0


def _interrupt(_signal: int, _frame: object) -> None:
    raise KeyboardInterrupt


def cmd_usb_export(args: argparse.Namespace, paths: AppPaths) -> int:
    services = start(paths)
    creds = credentials_file.load(paths.credentials)
    count = export_bundle(services.db, creds, Path(args.file), services.clock())
    print(f"Đã ghi {count} sự kiện chờ gửi vào {args.file}.")
    print("Mang tệp này đến Sở để nhập; các sự kiện vẫn chờ đến khi tỉnh xác nhận.")
    return 0


def cmd_usb_import(args: argparse.Namespace, paths: AppPaths) -> int:
    services = start(paths)
    signed_in(args, services)  # anyone who works here: the province's answers and news
    creds = credentials_file.load(paths.credentials)
    report = import_ack(services.db, creds, Path(args.file), services.clock())
    print(
        f"Tỉnh xác nhận {report.delivered} sự kiện, từ chối {report.quarantined}; "
        f"nhận {report.pulled} thay đổi."
    )
    for line in report.skipped:
        print_err(line)
    return 0
