"""Alembic environment: runs on a connection handed in by ``hireflow.db.migrate``.

Each revision runs in its own transaction as the owner role (``SET ROLE`` when the URL is an
administrator's), and the runtime/system roles are granted what they need afterwards.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection

from hireflow.config import get_settings
from hireflow.db import identity
from hireflow.db.base import Base
from hireflow.db.roles import apply_runtime_grants

config = context.config
settings = config.attributes.get("settings") or get_settings()


def _become_owner(connection: Connection) -> None:
    owner = settings.db_owner_role
    current = connection.execute(text("SELECT current_user")).scalar_one()
    if current != owner:
        connection.execute(text(f'SET ROLE "{owner}"'))
    # Data migrations act as the system: row-level security policies let them see every row.
    connection.execute(text("SELECT set_config('hireflow.role', 'system', false)"))


def _run(connection: Connection) -> None:
    _become_owner(connection)
    connection.commit()
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        transaction_per_migration=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    apply_runtime_grants(connection, settings)
    identity.provision(connection, settings)
    connection.commit()


def run_migrations_online() -> None:
    connection: Connection | None = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database URL given to Alembic")
    engine = create_engine(url)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=Base.metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
