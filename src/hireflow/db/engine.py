"""Async engines for the runtime and system roles, and the session factories built on them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from hireflow.db.server import DatabaseTarget

# Libpq options for an owner connection doing administrative work (migration reports,
# adoption checks): it acts as the system, so row-level security shows it every row.
SYSTEM_OPTIONS = "-c hireflow.role=system"


def libpq_url(url: URL) -> str:
    """The same URL in the form libpq (and so procrastinate's psycopg pool) understands."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


@dataclass
class Database:
    """The process-wide connection pools; one per process, created at start-up."""

    target: DatabaseTarget
    runtime_engine: AsyncEngine
    system_engine: AsyncEngine
    runtime_sessions: async_sessionmaker[AsyncSession]
    system_sessions: async_sessionmaker[AsyncSession]

    @classmethod
    def connect(cls, target: DatabaseTarget, *, pool_size: int = 10) -> Database:
        runtime = create_async_engine(
            target.runtime_url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True
        )
        system = create_async_engine(target.system_url, pool_size=2, max_overflow=4)
        return cls(
            target=target,
            runtime_engine=runtime,
            system_engine=system,
            runtime_sessions=async_sessionmaker(runtime, expire_on_commit=False),
            system_sessions=async_sessionmaker(system, expire_on_commit=False),
        )

    async def dispose(self) -> None:
        await self.runtime_engine.dispose()
        await self.system_engine.dispose()
