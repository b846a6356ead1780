"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from helpline import db, migrate


def schema_differences(url: str) -> list:
    """What autogenerate would still write after upgrading this database to head."""
    engine = db.make_engine(url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, db.Base.metadata)
    engine.dispose()
    return diff


def test_migrations_match_the_models_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    migrate.upgrade(url)
    assert schema_differences(url) == []


def test_migrations_match_the_models_on_postgresql(postgres_server):
    url = postgres_server.create_database("migrations_check")
    migrate.upgrade(url)
    assert schema_differences(url) == []


def test_downgrade_to_base_removes_every_table_and_upgrade_restores_them(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    migrate.upgrade(url)
    migrate.downgrade(url, "base")
    engine = db.make_engine(url)
    assert inspect(engine).get_table_names() == ["alembic_version"]
    engine.dispose()
    migrate.upgrade(url)
    assert schema_differences(url) == []


def test_a_missing_migration_would_be_noticed(tmp_path):
    from sqlalchemy import Column, Integer, Table

    url = f"sqlite:///{tmp_path / 'm.db'}"
    migrate.upgrade(url)
    extra = Table("not_migrated", db.Base.metadata, Column("id", Integer, primary_key=True))
    try:
        assert schema_differences(url) != []
    finally:
        db.Base.metadata.remove(extra)
