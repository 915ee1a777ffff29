"""Local SQLite store: models, engine, migrations, queries."""
