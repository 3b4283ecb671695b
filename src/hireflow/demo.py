"""Demo data for a fresh install: loaded by ``hireflow serve`` when the database is empty.

The demo accounts have known passwords, printed at start-up while they exist, so a first
visitor can sign in as each role. Change or deactivate them before real use.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from rich.table import Table
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection

from hireflow.auth.passwords import hash_password
from hireflow.config import Settings
from hireflow.db.server import DatabaseTarget


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


def _insert_demo_users(conn: Connection) -> None:
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


def load_demo_data_if_empty(settings: Settings, target: DatabaseTarget) -> bool:
    """Load the demo data into an empty database; print the demo sign-ins that still exist."""
    engine = create_engine(target.system_url)
    try:
        with engine.begin() as conn:
            loaded = _database_is_empty(conn)
            if loaded:
                _insert_demo_users(conn)
            present = set(
                conn.execute(
                    text("SELECT email FROM users WHERE email = ANY(:emails) AND is_active"),
                    {"emails": [u.email for u in DEMO_USERS]},
                ).scalars()
            )
    finally:
        engine.dispose()
    _print_demo_accounts([u for u in DEMO_USERS if u.email in present], loaded)
    return loaded


def _print_demo_accounts(users: list[DemoUser], loaded: bool) -> None:
    if not users:
        return
    table = Table(title="Demo accounts" + (" (just created)" if loaded else ""))
    for column in ("role", "email", "password"):
        table.add_column(column)
    for user in users:
        table.add_row(user.role, user.email, user.password)
    Console(stderr=True).print(table)
