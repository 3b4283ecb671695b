"""Which PostgreSQL hireflow talks to, and the URL of each of its roles there."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from hireflow.config import Settings
from hireflow.db import identity
from hireflow.db.embedded import SUPERUSER, EmbeddedPostgres
from hireflow.db.roles import create_database_sql, create_roles_sql, database_grants_sql


@dataclass(frozen=True)
class DatabaseTarget:
    """URLs (psycopg driver) for the migration, runtime and system connections."""

    migration_url: URL
    runtime_url: URL
    system_url: URL
    embedded: EmbeddedPostgres | None = None
    started_embedded: bool = False

    def stop_if_started(self) -> None:
        if self.embedded is not None and self.started_embedded:
            self.embedded.stop()


def normalise_url(raw: str) -> URL:
    url = make_url(raw)
    if url.drivername in ("postgres", "postgresql", "postgresql+psycopg2", "postgresql+asyncpg"):
        url = url.set(drivername="postgresql+psycopg")
    if url.drivername != "postgresql+psycopg":
        raise ValueError(f"hireflow needs PostgreSQL; got a {url.drivername!r} URL")
    return url


def _role_url(base: URL, role: str, password: str | None) -> URL:
    return base.set(username=role, password=password)


def embedded_server(settings: Settings, *, fast_unsafe: bool = False) -> EmbeddedPostgres:
    return EmbeddedPostgres(settings.pgdata, fast_unsafe=fast_unsafe)


def bootstrap_embedded(server: EmbeddedPostgres, settings: Settings) -> None:
    """Create the roles and the database on the embedded server (idempotent)."""
    engine = create_engine(server.url(SUPERUSER), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            for statement in create_roles_sql(settings):
                conn.execute(text(statement))
            exists = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"),
                {"name": settings.db_name},
            ).first()
            if not exists:
                conn.execute(text(create_database_sql(settings)))
            for statement in database_grants_sql(settings):
                conn.execute(text(statement))
    finally:
        engine.dispose()


def resolve_database(settings: Settings, *, fast_unsafe: bool = False) -> DatabaseTarget:
    """Start (or reattach to) the embedded server when no URL is configured.

    Also makes this process sign its transactions' identity claims with ``settings``' key.
    """
    identity.use_key(settings)
    if settings.database_url:
        base = normalise_url(settings.database_url)
        runtime_pw = settings.db_runtime_password
        system_pw = settings.db_system_password
        return DatabaseTarget(
            migration_url=base,
            runtime_url=_role_url(
                base,
                settings.db_runtime_role,
                runtime_pw.get_secret_value() if runtime_pw else None,
            ),
            system_url=_role_url(
                base,
                settings.db_system_role,
                system_pw.get_secret_value() if system_pw else None,
            ),
        )
    server = embedded_server(settings, fast_unsafe=fast_unsafe)
    started = server.ensure_running()
    bootstrap_embedded(server, settings)
    return DatabaseTarget(
        migration_url=make_url(server.url(settings.db_owner_role, settings.db_name)),
        runtime_url=make_url(server.url(settings.db_runtime_role, settings.db_name)),
        system_url=make_url(server.url(settings.db_system_role, settings.db_name)),
        embedded=server,
        started_embedded=started,
    )
