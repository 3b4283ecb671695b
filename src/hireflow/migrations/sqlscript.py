"""Run multi-statement SQL scripts shipped with the revisions."""

from __future__ import annotations

from importlib import resources

from alembic import op


def read_script(name: str) -> str:
    return (resources.files("hireflow.migrations") / "sql" / name).read_text(encoding="utf-8")


def execute_script(sql: str) -> None:
    """Send ``sql`` as one simple-protocol batch (no parameter parsing, so ``%`` is literal)."""
    driver_connection = op.get_bind().connection.driver_connection
    assert driver_connection is not None
    driver_connection.execute(sql)


def extension_available(name: str) -> bool:
    bind = op.get_bind()
    row = bind.exec_driver_sql(
        "SELECT 1 FROM pg_available_extensions WHERE name = %(name)s", {"name": name}
    ).first()
    return row is not None
