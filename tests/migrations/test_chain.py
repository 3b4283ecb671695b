"""The whole Alembic chain up, down to base and up again on an empty database."""

from __future__ import annotations

from hireflow.db import migrate
from tests import conftest as harness
from tests.legacy.conftest import LegacyDatabase


def relations(db: LegacyDatabase, schema: str) -> list[str]:
    return [
        row[0]
        for row in db.rows(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind = 'r' ORDER BY 1",
            (schema,),
        )
    ]


def test_chain_up_down_up(pg_server: harness.TestServer) -> None:
    name = "chain_empty"
    target = pg_server.target(name)
    db = LegacyDatabase(name, pg_server, target, pg_server.settings_for(name))
    try:
        db.upgrade("head")
        assert db.revisions() == (migrate.head_revision(db.settings),)
        tables = relations(db, "public")
        assert {
            "candidates",
            "resumes",
            "review_requests",
            "users",
            "worker_heartbeats",
            "migration_progress",
        } <= set(tables)
        assert "file_uploads" not in tables
        assert len(relations(db, "legacy_v1_0")) == 8
        assert db.rows("SELECT version FROM public.schema_migrations") == [("1.1.0",)]
        empty_head = db.dump()

        db.downgrade("base")
        assert db.revisions() == ()
        assert relations(db, "public") == ["alembic_version"]
        assert db.scalar("SELECT to_regnamespace('legacy_v1_0') IS NULL")

        db.upgrade("v1_0")
        assert len(relations(db, "public")) == 9
        db.upgrade("head")
        again = db.dump()
        assert again.count("CREATE TABLE") == empty_head.count("CREATE TABLE")
        assert relations(db, "public") == tables
    finally:
        pg_server.drop_database(name)
