"""Command line: the entry point ``counter-app`` and its admin subcommands.

Results go to stdout, problems to stderr in Vietnamese with a non-zero exit code:
1 for an error the user can fix, 2 for wrong usage, 3 for a bug.

Only argparse loads here: the GUI paints its window before the database layer
(SQLAlchemy, ~150 ms) is imported, and the subcommands live in ``commands``.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import logging
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from counter_app import __version__
from counter_app.account_commands import add_account_commands, add_user_argument
from counter_app.core.errors import CounterError
from counter_app.core.logs import setup_logging
from counter_app.core.settings import SETTINGS
from counter_app.paths import AppPaths

log = logging.getLogger("counter_app.cli")

EXIT_ERROR, EXIT_BUG = 1, 3  # argparse itself exits 2 on wrong usage

Handler = Callable[[argparse.Namespace, AppPaths], int]


def print_err(message: str) -> None:
    print(message, file=sys.stderr)


def cmd_gui(args: argparse.Namespace, paths: AppPaths) -> int:
    from counter_app.ui.app.gui import run_gui  # noqa: PLC0415 (Qt loads only for the GUI)

    return run_gui(paths, demo=args.demo, quit_when_ready=args.quit_when_ready)


def _handler(name: str) -> Handler:
    """``cmd_x`` in ``counter_app.commands``, or ``module:cmd_x``."""
    if name == "cmd_gui":
        return cmd_gui
    module, _, function = name.rpartition(":")
    handler: Handler = getattr(importlib.import_module(module or "counter_app.commands"), function)
    return handler


# --- parser -------------------------------------------------------------------


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"«{text}» phải có dạng YYYY-MM-DD") from error


def _add_sync_commands(sub: Any) -> None:
    enroll = sub.add_parser("enroll", help="đăng ký quầy với máy chủ đồng bộ của tỉnh")
    enroll.add_argument("--server", required=True, metavar="ĐỊA_CHỈ", help="https://…")
    enroll.add_argument("--code", required=True, metavar="MÃ", help="mã đăng ký do Sở cấp")
    enroll.add_argument(
        "--ca-bundle", metavar="TỆP", help="chứng chỉ gốc (PEM) nếu tỉnh dùng chứng chỉ riêng"
    )
    enroll.set_defaults(handler="cmd_enroll")

    sync = sub.add_parser("sync", help="đồng bộ với máy chủ tỉnh")
    sync.add_argument(
        "--once", action="store_true", help="một lượt rồi thoát (mã 0 khi đã gửi hết)"
    )
    sync.set_defaults(handler="cmd_sync")

    usb = sub.add_parser("usb", help="đồng bộ qua tệp (USB) khi không có mạng").add_subparsers(
        title="lệnh", required=True
    )
    usb_export = usb.add_parser("export", help="ghi các sự kiện chờ gửi ra tệp có chữ ký")
    usb_export.add_argument("file")
    usb_export.set_defaults(handler="cmd_usb_export")
    usb_import = usb.add_parser("import", help="nhập tệp xác nhận của tỉnh")
    usb_import.add_argument("file")
    add_user_argument(usb_import)
    usb_import.set_defaults(handler="cmd_usb_import")


def _add_dossier_commands(sub: Any) -> None:
    dossier = sub.add_parser("dossier", help="sửa sai một hồ sơ đã tiếp nhận").add_subparsers(
        title="lệnh", required=True
    )
    void = dossier.add_parser("void", help="hủy hồ sơ tiếp nhận nhầm (giữ lại mã, không cấp lại)")
    void.add_argument("code", metavar="MÃ_HỒ_SƠ")
    void.add_argument("--reason", required=True, metavar="LÝ_DO")
    add_user_argument(void)
    void.set_defaults(handler="cmd_dossier_void")
    correct = dossier.add_parser(
        "correct", help="điều chỉnh thông tin người nộp (trường không ghi giữ nguyên)"
    )
    correct.add_argument("code", metavar="MÃ_HỒ_SƠ")
    correct.add_argument("--reason", required=True, metavar="LÝ_DO")
    correct.add_argument("--name", help="họ và tên")
    correct.add_argument("--id-number", help="số định danh cá nhân / CCCD")
    correct.add_argument("--birth-date", type=_day, metavar="YYYY-MM-DD")
    correct.add_argument("--phone")
    correct.add_argument("--email")
    correct.add_argument("--address")
    correct.add_argument("--sex", metavar="Nam|Nữ", help="giới tính (chuỗi rỗng: xóa)")
    add_user_argument(correct)
    correct.set_defaults(handler="cmd_dossier_correct")


def _add_db_commands(sub: Any) -> None:
    db = sub.add_parser("db", help="cơ sở dữ liệu").add_subparsers(title="lệnh", required=True)
    db.add_parser("upgrade", help="nâng cấp lược đồ").set_defaults(handler="cmd_db_upgrade")
    db.add_parser("check", help="kiểm tra toàn vẹn").set_defaults(handler="cmd_db_check")
    backup = db.add_parser("backup", help="sao lưu")
    backup.add_argument("file", nargs="?", help="tệp đích (mặc định: thư mục backups)")
    backup.set_defaults(handler="cmd_db_backup")
    restore = db.add_parser("restore", help="khôi phục từ một bản sao lưu (hỏi xác nhận)")
    restore.add_argument("file", help="tệp sao lưu (trong thư mục backups)")
    restore.add_argument("--yes", action="store_true", help="không hỏi lại")
    add_user_argument(restore)
    restore.set_defaults(handler="cmd_db_restore")


def _add_audit_commands(sub: Any) -> None:
    from counter_app.core.sync.wire_audit import AuditAction  # noqa: PLC0415 (no SQLAlchemy)

    audit = sub.add_parser("audit", help="nhật ký thao tác (ai làm gì, khi nào)").add_subparsers(
        title="lệnh", required=True
    )
    audit.add_parser(
        "verify", help="kiểm tra nhật ký không bị sửa hay xóa (mã 0 khi nguyên vẹn)"
    ).set_defaults(handler="cmd_audit_verify")
    listing = audit.add_parser("list", help="liệt kê các mục, mới nhất trước")
    listing.add_argument("--person", metavar="TÊN", help="tài khoản, hoặc một phần họ tên")
    listing.add_argument("--action", choices=[a.value for a in AuditAction])
    listing.add_argument("--from", dest="first", type=_day, metavar="YYYY-MM-DD")
    listing.add_argument("--to", dest="last", type=_day, metavar="YYYY-MM-DD")
    listing.add_argument("--limit", type=int, default=5000)
    listing.add_argument("--csv", metavar="TỆP", help="ghi ra tệp CSV thay vì màn hình")
    add_user_argument(listing)  # a supervisor's: who is asking is checked
    listing.set_defaults(handler="cmd_audit_list")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="counter-app", description="Quầy Một Cửa — phần mềm tiếp nhận và trả kết quả."
    )
    parser.add_argument("--version", action="version", version=f"counter-app {__version__}")
    parser.add_argument(
        "--data-dir", type=Path, help="thư mục dữ liệu (mặc định: thư mục dữ liệu của người dùng)"
    )
    parser.add_argument("--demo", action="store_true", help="dùng cấu hình và danh mục mẫu")
    parser.add_argument(
        "--quit-when-ready",
        nargs="?",
        type=float,
        const=0.0,
        metavar="GIÂY",
        help="mở cửa sổ, nạp dữ liệu rồi thoát, sau GIÂY giây nếu có "
        "(kiểm tra khởi động sau khi cài đặt)",
    )
    parser.set_defaults(handler="cmd_gui")
    sub = parser.add_subparsers(title="lệnh")

    sub.add_parser("status", help="tóm tắt tình trạng quầy (không mở giao diện)").set_defaults(
        handler="cmd_status"
    )

    sub.add_parser(
        "self-test", help="tự kiểm tra bản cài đặt (không đụng đến dữ liệu của quầy)"
    ).set_defaults(handler="cmd_self_test")

    setup = sub.add_parser("setup", help="ghi tệp cấu hình của quầy")
    help_of = {s.key: s.help for s in SETTINGS}
    setup.add_argument("--agency-code", help=help_of["agency.code"])
    setup.add_argument("--agency-name", help=help_of["agency.name"])
    setup.add_argument("--place", help=help_of["agency.place"])
    setup.add_argument("--counter", type=int, help=help_of["counter.number"])
    setup.add_argument("--clerk", help=help_of["counter.clerk"])
    setup.add_argument("--office-hours", nargs="+", metavar="GG:PP-GG:PP")
    setup.add_argument("--timezone", help=help_of["office_hours.timezone"])
    setup.add_argument("--force", action="store_true", help="cho phép đổi cơ quan/số quầy")
    setup.add_argument(
        "--admin-login",
        metavar="TÊN_ĐĂNG_NHẬP",
        help="tạo tài khoản quản trị đầu tiên (quầy chưa đăng ký với tỉnh); mật khẩu hỏi trên "
        "màn hình hoặc lấy từ COUNTER_APP_NEW_PASSWORD",
    )
    setup.add_argument("--admin-name", metavar="HỌ_TÊN", help="họ tên người quản trị đó")
    setup.set_defaults(handler="cmd_setup")

    _add_db_commands(sub)

    receive = sub.add_parser("receive", help="tiếp nhận hồ sơ từ mô tả JSON")
    receive.add_argument("--json", required=True, metavar="TỆP", help="tệp JSON, hoặc - cho stdin")
    add_user_argument(receive)
    receive.set_defaults(handler="cmd_receive")

    _add_dossier_commands(sub)

    search = sub.add_parser("search", help="tìm hồ sơ")
    search.add_argument("query", nargs="+")
    search.add_argument("--limit", type=int, default=50)
    search.set_defaults(handler="cmd_search")

    calendar = sub.add_parser("calendar", help="lịch ngày nghỉ, ngày làm bù").add_subparsers(
        title="lệnh", required=True
    )
    cal_list = calendar.add_parser("list", help="liệt kê")
    cal_list.add_argument("--year", type=int)
    cal_list.set_defaults(handler="cmd_calendar_list")
    cal_set = calendar.add_parser("set", help="đặt một ngày nghỉ hoặc làm việc")
    cal_set.add_argument("day", type=_day, metavar="YYYY-MM-DD")
    cal_set.add_argument("kind", choices=["off", "work"])
    cal_set.add_argument("name")
    add_user_argument(cal_set)
    cal_set.set_defaults(handler="cmd_calendar_set")

    _add_sync_commands(sub)
    _add_audit_commands(sub)
    add_account_commands(sub)

    catalog = sub.add_parser("catalog", help="danh mục thủ tục").add_subparsers(
        title="lệnh", required=True
    )
    cat_load = catalog.add_parser("load", help="nạp một phiên bản danh mục (JSON)")
    cat_load.add_argument("file")
    cat_load.set_defaults(handler="cmd_catalog_load")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    if sys.stdout is None or sys.stderr is None:  # the windowed .exe has no console
        sys.stdout = sys.stdout or open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
        sys.stderr = sys.stderr or open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    args = build_parser().parse_args(argv)
    if args.handler != "cmd_gui":
        gc.enable()  # __main__ turned it off for the window's start only
    paths = AppPaths.resolve(args.data_dir)
    setup_logging(paths.logs)
    log.info("counter-app %s: %s", __version__, args.handler)
    try:
        return _handler(args.handler)(args, paths)
    except CounterError as error:
        log.warning("%s failed: %s", args.handler, error.message)
        print_err(f"Lỗi: {error.message}")
        return EXIT_ERROR
    except Exception:
        log.exception("bug in %s", args.handler)
        print_err(
            "Lỗi không mong đợi (lỗi chương trình). Hãy gửi nội dung dưới đây cho bộ phận hỗ trợ:"
        )
        print_err(traceback.format_exc())
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
