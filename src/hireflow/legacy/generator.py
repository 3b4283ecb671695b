"""Deterministic v1.0 data with the edge cases the migration must survive.

Same-named files, identical files uploaded by two users, re-uploads (versions), requests
whose upload row was deleted or that came before it, several results per request, NULL
scores and texts, non-ASCII names, many admins with the same ``created_at``, users without
uploads and very long texts. Everything is generated in the database (``generate_series``,
hashes of the seed), so 100,000 uploads load in seconds and a seed always gives the same rows.
"""

from __future__ import annotations

from importlib import resources
from typing import Any


def generation_sql(scale: int, seed: int) -> str:
    if scale < 1:
        raise ValueError("scale must be at least 1")
    sql = (resources.files("hireflow.legacy") / "sql" / "generate_v1_0.sql").read_text("utf-8")
    return sql.replace("__SEED__", str(int(seed))).replace("__SCALE__", str(int(scale)))


def generate_legacy_data(driver_connection: Any, scale: int, seed: int) -> None:
    """Fill an empty v1.0 schema (revision ``v1_0``) on a psycopg connection, and commit."""
    with driver_connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM users")
        if cursor.fetchone()[0]:
            raise ValueError("the v1.0 tables already hold data; generate into an empty database")
        cursor.execute(generation_sql(scale, seed))
    driver_connection.commit()


def legacy_counts(driver_connection: Any, schema: str = "public") -> dict[str, int]:
    """Row counts of the eight v1.0 tables in ``schema``."""
    tables = (
        "users",
        "prompts",
        "refresh_tokens",
        "schema_migrations",
        "file_uploads",
        "analysis_requests",
        "analysis_results",
        "prompt_history",
    )
    counts: dict[str, int] = {}
    with driver_connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{schema}"."{table}"')
            counts[table] = int(cursor.fetchone()[0])
    return counts
