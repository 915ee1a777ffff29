"""``provincial-server``: run the sync server, and the province's admin commands."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime

from counter_app.core.domain.status import Status
from provincial_server import service
from provincial_server.db import ServerDatabase

DEFAULT_DB = "provincial.sqlite3"


def _db(args: argparse.Namespace) -> ServerDatabase:
    db = ServerDatabase(args.db)
    db.upgrade()
    return db


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn  # noqa: PLC0415 (only the server needs it)

    from provincial_server.api import create_app  # noqa: PLC0415

    uvicorn.run(create_app(_db(args)), host=args.host, port=args.port, log_level="warning")
    return 0


def cmd_enrolment_code(args: argparse.Namespace) -> int:
    code = service.create_enrolment_code(
        _db(args), args.agency, args.counter, datetime.now(UTC), args.days
    )
    print(code)
    return 0


def cmd_set_status(args: argparse.Namespace) -> int:
    service.set_status(_db(args), args.code, Status(args.status), args.note, datetime.now(UTC))
    print(f"{args.code}: {Status(args.status).label}")
    return 0


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
    serve.set_defaults(handler=cmd_serve)
    code = sub.add_parser("enrolment-code", help="one-time code for a counter to enrol")
    code.add_argument("--agency", required=True)
    code.add_argument("--counter", type=int, required=True, choices=range(1, 10))
    code.add_argument("--days", type=int, default=7, help="valid for this many days")
    code.set_defaults(handler=cmd_enrolment_code)
    status = sub.add_parser("set-status", help="a processing body's decision on a dossier")
    status.add_argument("code")
    status.add_argument("status", type=int, choices=[int(s) for s in service.PROVINCE_STATUSES])
    status.add_argument("--note", default="")
    status.set_defaults(handler=cmd_set_status)
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
