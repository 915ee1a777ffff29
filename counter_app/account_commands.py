"""``counter-app`` as a named person: sign-in for the commands that change data, one's
own password, a supervisor's clerks, and the first local admin of a new counter.

The password is asked on the terminal, or read from ``COUNTER_APP_PASSWORD`` (scripts);
a new one from ``COUNTER_APP_NEW_PASSWORD`` or asked twice.
"""

from __future__ import annotations

import argparse
import getpass
import os
from typing import TYPE_CHECKING, Any

from counter_app.core.domain.roles import Actor
from counter_app.core.errors import CounterError, FieldError, ValidationFailed
from counter_app.paths import AppPaths

if TYPE_CHECKING:  # cli.py imports this module: the database layer loads only for a command
    from counter_app.core.services.context import Services

PASSWORD_ENV = "COUNTER_APP_PASSWORD"
NEW_PASSWORD_ENV = "COUNTER_APP_NEW_PASSWORD"


def add_user_argument(parser: Any) -> None:
    parser.add_argument(
        "--user",
        required=True,
        metavar="TÊN_ĐĂNG_NHẬP",
        help=f"người thực hiện (mật khẩu: hỏi trên màn hình, hoặc biến {PASSWORD_ENV})",
    )


def _ask(prompt: str, variable: str) -> str:
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise CounterError(
            f"Không đọc được mật khẩu: hãy chạy lệnh ở cửa sổ dòng lệnh, hoặc đặt {variable}."
        ) from None


def _password(prompt: str) -> str:
    given = os.environ.get(PASSWORD_ENV)
    return given if given is not None else _ask(prompt, PASSWORD_ENV)


def _new_password(prompt: str) -> str:
    given = os.environ.get(NEW_PASSWORD_ENV)
    if given is not None:
        return given
    first = _ask(prompt, NEW_PASSWORD_ENV)
    if _ask("Nhập lại mật khẩu mới: ", NEW_PASSWORD_ENV) != first:
        raise ValidationFailed(
            [FieldError("new_password", "Mật khẩu mới", "hai lần nhập không giống nhau.")]
        )
    return first


def signed_in(args: argparse.Namespace, services: Services, *, record: bool = True) -> Actor:
    """The person named by ``--user``, once their password is checked (offline)."""
    from counter_app.core.services import accounts  # noqa: PLC0415 (see TYPE_CHECKING)

    password = _password(f"Mật khẩu của {args.user}: ")
    result = accounts.sign_in(services, args.user, password, record=record)
    if not isinstance(result, Actor):  # a one-time password
        raise CounterError(
            f"Tài khoản «{result.login}» đang dùng mật khẩu một lần: hãy đổi mật khẩu trước "
            f"(counter-app password --user {result.login})."
        )
    return result


def cmd_password(args: argparse.Namespace, paths: AppPaths) -> int:
    from counter_app.app import start  # noqa: PLC0415 (the database layer: only here)
    from counter_app.core.services import accounts  # noqa: PLC0415

    services = start(paths)
    old = _password(f"Mật khẩu hiện tại của {args.user}: ")
    new = _new_password("Mật khẩu mới (ít nhất 8 ký tự): ")
    actor = accounts.change_password(services, args.user, old, new)
    print(f"Đã đổi mật khẩu của {actor.login} ({actor.name}).")
    return 0


def cmd_user_add(args: argparse.Namespace, paths: AppPaths) -> int:
    from counter_app.app import start  # noqa: PLC0415
    from counter_app.core.services import accounts  # noqa: PLC0415

    services = start(paths)
    password = accounts.add_clerk(services, signed_in(args, services), args.login, args.name)
    print(f"Đã tạo tài khoản cán bộ tiếp nhận {accounts.normal_login(args.login)}.")
    print(f"Mật khẩu dùng một lần (đổi ở lần đăng nhập đầu): {password}")
    return 0


def cmd_user_disable(args: argparse.Namespace, paths: AppPaths) -> int:
    from counter_app.app import start  # noqa: PLC0415
    from counter_app.core.services import accounts  # noqa: PLC0415

    services = start(paths)
    accounts.disable_clerk(services, signed_in(args, services), args.login)
    print(f"Đã ngừng tài khoản {accounts.normal_login(args.login)}.")
    return 0


def cmd_user_reset(args: argparse.Namespace, paths: AppPaths) -> int:
    from counter_app.app import start  # noqa: PLC0415
    from counter_app.core.services import accounts  # noqa: PLC0415

    services = start(paths)
    password = accounts.reset_password(services, signed_in(args, services), args.login)
    print(f"Đã đặt lại mật khẩu của {accounts.normal_login(args.login)}.")
    print(f"Mật khẩu dùng một lần (đổi ở lần đăng nhập đầu): {password}")
    return 0


def cmd_user_list(args: argparse.Namespace, paths: AppPaths) -> int:
    from counter_app.app import start  # noqa: PLC0415
    from counter_app.core.services import accounts  # noqa: PLC0415

    services = start(paths)
    for row in accounts.list_accounts(services):
        state = "ngừng" if row.disabled else "phải đổi mật khẩu" if row.must_change else "dùng"
        where = "của tỉnh" if row.source == accounts.PROVINCE else "chỉ ở quầy này"
        print(f"{row.login}\t{row.name}\t{row.role.label}\t{state}\t{where}")
    return 0


def create_first_admin(args: argparse.Namespace, services: Services, paths: AppPaths) -> None:
    """``setup --admin-login``: the first admin of a counter not enrolled with the province."""
    from counter_app.core.services import accounts  # noqa: PLC0415

    if paths.credentials.exists():
        raise CounterError(
            "Quầy đã đăng ký với hệ thống tỉnh: tài khoản do tỉnh cấp và về quầy khi đồng bộ "
            "(provincial-server user add …). Không tạo tài khoản quản trị cục bộ."
        )
    if not args.admin_name:
        raise CounterError("Hãy ghi họ tên của người quản trị: --admin-name «Họ và tên».")
    given = os.environ.get(NEW_PASSWORD_ENV) or os.environ.get(PASSWORD_ENV)
    password = given or _new_password(f"Mật khẩu cho {args.admin_login} (ít nhất 8 ký tự): ")
    actor = accounts.create_local_admin(services, args.admin_login, args.admin_name, password)
    print(f"Đã tạo tài khoản quản trị {actor.login} ({actor.name}) cho quầy này.")


def add_account_commands(sub: Any) -> None:
    password = sub.add_parser("password", help="đổi mật khẩu của mình")
    password.add_argument("--user", required=True, metavar="TÊN_ĐĂNG_NHẬP")
    password.set_defaults(handler="counter_app.account_commands:cmd_password")

    user = sub.add_parser(
        "user", help="tài khoản cán bộ tiếp nhận của trung tâm (lãnh đạo, quản trị)"
    ).add_subparsers(title="lệnh", required=True)
    add = user.add_parser("add", help="tạo tài khoản; in mật khẩu dùng một lần")
    add.add_argument("login", metavar="TÊN_ĐĂNG_NHẬP_MỚI")
    add.add_argument("--name", required=True, metavar="HỌ_TÊN")
    add.set_defaults(handler="counter_app.account_commands:cmd_user_add")
    disable = user.add_parser("disable", help="ngừng một tài khoản cán bộ tiếp nhận")
    disable.add_argument("login", metavar="TÊN_ĐĂNG_NHẬP")
    disable.set_defaults(handler="counter_app.account_commands:cmd_user_disable")
    reset = user.add_parser("reset-password", help="đặt lại mật khẩu; in mật khẩu dùng một lần")
    reset.add_argument("login", metavar="TÊN_ĐĂNG_NHẬP")
    reset.set_defaults(handler="counter_app.account_commands:cmd_user_reset")
    for command in (add, disable, reset):
        add_user_argument(command)
    user.add_parser("list", help="các tài khoản quầy này biết").set_defaults(
        handler="counter_app.account_commands:cmd_user_list"
    )
