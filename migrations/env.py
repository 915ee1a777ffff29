"""Alembic environment for the counter database.

The program runs migrations itself at start-up and hands in its own connection
(with the durability pragmas set) through ``config.attributes["connection"]``.
Migrations are written by hand with frozen table definitions, so there is no
target metadata to autogenerate from.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

config = context.config


def run(connection: Connection) -> None:
    # Batch mode lets future migrations ALTER tables on SQLite (copy-and-move).
    context.configure(connection=connection, target_metadata=None, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    if context.is_offline_mode():
        context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    connection = config.attributes.get("connection")
    if connection is not None:
        run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        run(conn)


main()
