"""SQLite engine with durable settings, explicit transactions and typed errors."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from counter_app.core.errors import StorageEnvironmentError

BUSY_TIMEOUT_MS = 5000


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" hook issue BEGIN itself (pysqlite's implicit BEGIN
    # is deferred and would let two writers race for the write lock).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    # FULL: a committed reception survives a power cut, as its printed receipt promises.
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _on_begin(connection: Any) -> None:
    mode = "IMMEDIATE" if connection.get_execution_options().get("write") else "DEFERRED"
    connection.exec_driver_sql(f"BEGIN {mode}")


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


# sqlite3 error text → (kind, what the clerk should do)
_ENVIRONMENT_ERRORS: list[tuple[str, str, str]] = [
    (
        "database or disk is full",
        "full",
        "Ổ đĩa đã đầy, không ghi được dữ liệu. Hãy giải phóng dung lượng ổ đĩa rồi thử lại; "
        "dữ liệu đã nhập vẫn được giữ.",
    ),
    (
        "database is locked",
        "locked",
        "Cơ sở dữ liệu đang bị một chương trình khác khóa. Hãy đóng các cửa sổ khác của "
        "chương trình rồi thử lại.",
    ),
    (
        "readonly database",
        "readonly",
        "Không có quyền ghi vào tệp dữ liệu (chỉ đọc). Hãy kiểm tra quyền của thư mục dữ liệu "
        "hoặc gọi bộ phận hỗ trợ.",
    ),
    (
        "file is not a database",
        "corrupt",
        "Tệp dữ liệu bị hỏng. Hãy khôi phục bản sao lưu gần nhất (counter-app db restore) "
        "và gọi bộ phận hỗ trợ.",
    ),
    (
        "malformed",
        "corrupt",
        "Tệp dữ liệu bị hỏng. Hãy khôi phục bản sao lưu gần nhất (counter-app db restore) "
        "và gọi bộ phận hỗ trợ.",
    ),
    (
        "disk i/o error",
        "io",
        "Lỗi đọc/ghi ổ đĩa. Hãy kiểm tra ổ đĩa, khởi động lại máy và gọi bộ phận hỗ trợ.",
    ),
    (
        "unable to open database",
        "io",
        "Không mở được tệp dữ liệu. Hãy kiểm tra thư mục dữ liệu có tồn tại và có quyền ghi.",
    ),
]


# Below this, an I/O error next to the database is taken for a full disk: SQLite reports
# one when it cannot even create its -shm file there, which is how a full disk looks.
LOW_SPACE_BYTES = 8 * 1024 * 1024


def _nearly_full(near: Path | None) -> bool:
    try:
        return near is not None and shutil.disk_usage(near.parent).free < LOW_SPACE_BYTES
    except OSError:
        return False


def classify(error: BaseException, near: Path | None = None) -> StorageEnvironmentError | None:
    """Map an SQLite error caused by the machine to a typed error; None if it is a bug.

    ``near`` is the database file, to tell a full disk behind a plain I/O error.
    """
    text = str(getattr(error, "orig", error)).lower()
    for needle, kind, message in _ENVIRONMENT_ERRORS:
        if needle in text:
            if kind == "io" and _nearly_full(near):
                return classify(sqlite3.OperationalError("database or disk is full"))
            return StorageEnvironmentError(kind, message)
    return None


@contextmanager
def environment_errors(near: Path | None = None) -> Iterator[None]:
    """Re-raise machine-caused SQLite errors as ``StorageEnvironmentError``."""
    try:
        yield
    except (DBAPIError, sqlite3.Error) as error:
        typed = classify(error, near)
        if typed is None:
            raise
        raise typed from error


class Database:
    """The counter's database: short read sessions and serialized write transactions."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.engine = make_engine(path)
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = sessionmaker(
            self.engine.execution_options(write=True), expire_on_commit=False
        )

    @contextmanager
    def read(self) -> Iterator[Session]:
        with environment_errors(self.path), self._reader() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One action, one transaction: commits on success, rolls back on any error."""
        with environment_errors(self.path), self._writer.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()
