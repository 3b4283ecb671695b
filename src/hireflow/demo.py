"""Demo data for a fresh install: loaded by ``hireflow serve`` when the database is empty.

Users of each role with known passwords (printed once, when the demo is created; later
starts only say that demo accounts exist), ~60 candidates with text resumes in several
industries and languages, jobs in every stage, interviews in several states, an escalated
negotiation and a backdated automation history (``demo_data``). Loading is idempotent: it
happens only while there are no users. Change or deactivate the demo accounts before real use.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from rich.console import Console
from rich.table import Table
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection

from hireflow.auth.passwords import hash_password
from hireflow.config import Settings
from hireflow.db.server import DatabaseTarget
from hireflow.demo_data import insert_demo_world
from hireflow.resumes.storage import storage_from_settings


@dataclass(frozen=True)
class DemoUser:
    email: str
    first_name: str
    last_name: str
    role: str
    password: str


DEMO_USERS = (
    DemoUser("admin@demo.hireflow.test", "Ada", "Admin", "admin", "demo-admin-2026"),
    DemoUser("senior@demo.hireflow.test", "Sam", "Senior", "senior_recruiter", "demo-senior-2026"),
    DemoUser("junior@demo.hireflow.test", "Jun", "Junior", "junior_recruiter", "demo-junior-2026"),
)


def _database_is_empty(conn: Connection) -> bool:
    return not conn.execute(text("SELECT EXISTS (SELECT 1 FROM users)")).scalar_one()


def _insert_demo_users(conn: Connection) -> dict[str, uuid.UUID]:
    """The demo accounts; returns the id of the first account of each role."""
    conn.execute(
        text(
            "INSERT INTO users (email, password_hash, first_name, last_name, role, "
            "email_verified) VALUES (:email, :hash, :first, :last, :role, true)"
        ),
        [
            {
                "email": u.email,
                "hash": hash_password(u.password),
                "first": u.first_name,
                "last": u.last_name,
                "role": u.role,
            }
            for u in DEMO_USERS
        ],
    )
    rows = conn.execute(
        text("SELECT id, role FROM users WHERE email = ANY(:emails) ORDER BY email"),
        {"emails": [u.email for u in DEMO_USERS]},
    )
    ids: dict[str, uuid.UUID] = {}
    for user_id, role in rows.all():
        ids.setdefault(role, user_id)
    return ids


def load_demo_data_if_empty(settings: Settings, target: DatabaseTarget) -> bool:
    """Load the demo data into an empty database; print the demo sign-ins that still exist."""
    engine = create_engine(target.system_url)
    try:
        with engine.begin() as conn:
            loaded = _database_is_empty(conn)
            started = time.monotonic()
            if loaded:
                users = _insert_demo_users(conn)
                store = storage_from_settings(settings).put
                candidates = insert_demo_world(conn, users, datetime.now(UTC), store)
            present = set(
                conn.execute(
                    text("SELECT email FROM users WHERE email = ANY(:emails) AND is_active"),
                    {"emails": [u.email for u in DEMO_USERS]},
                ).scalars()
            )
    finally:
        engine.dispose()
    console = Console(stderr=True)
    if loaded:
        console.print(
            f"Demo data created in {time.monotonic() - started:.1f}s: {candidates} candidates, "
            "jobs in every stage, interviews, analytics history."
        )
        _print_demo_accounts([u for u in DEMO_USERS if u.email in present], console)
    elif present:
        console.print(
            f"{len(present)} demo accounts are active (their passwords were printed when the "
            "demo was created); change or deactivate them before real use."
        )
    return loaded


def _print_demo_accounts(users: list[DemoUser], console: Console) -> None:
    if not users:
        return
    table = Table(title="Demo accounts (just created; shown once)")
    for column in ("role", "email", "password"):
        table.add_column(column)
    for user in users:
        table.add_row(user.role, user.email, user.password)
    console.print(table)
