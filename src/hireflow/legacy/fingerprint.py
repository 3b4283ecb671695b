"""Fingerprint of a schema's tables, columns, constraints, indexes and triggers.

``hireflow db adopt`` compares the fingerprint of an existing database's ``public`` schema
with the one of v1.0 (``v1_0_fingerprint.json``, taken from a database built by the ``v1_0``
revision) before it stamps the database as v1.0.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

EXPECTED_FILE = "v1_0_fingerprint.json"
IGNORED_TABLES = ("alembic_version",)

_QUERIES: dict[str, str] = {
    "table": """
        SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = %(schema)s AND c.relkind IN ('r', 'p')""",
    "column": """
        SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
               || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
               || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE n.nspname = %(schema)s AND c.relkind IN ('r', 'p') AND a.attnum > 0
          AND NOT a.attisdropped""",
    "constraint": """
        SELECT c.relname || '.' || k.conname || ' ' || pg_get_constraintdef(k.oid)
        FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = %(schema)s AND k.contype IN ('p', 'u', 'f', 'c', 'x')""",
    "index": """
        SELECT indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = %(schema)s""",
    "trigger": """
        SELECT c.relname || '.' || t.tgname || ' ' || pg_get_triggerdef(t.oid)
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = %(schema)s AND NOT t.tgisinternal""",
}

_UUID_V4 = re.compile(r"(public\.)?uuid_generate_v4\(\)")


def _normalise(line: str) -> str:
    """``uuid_generate_v4()`` and ``gen_random_uuid()`` are the same default."""
    return _UUID_V4.sub("gen_random_uuid()", line)


def _ignored(line: str) -> bool:
    """Alembic's own table (its key is ``alembic_version_pkc``) is not part of any schema."""
    return any(line == t or line.startswith((f"{t}.", f"{t}_")) for t in IGNORED_TABLES)


def schema_fingerprint(cursor: Any, schema: str = "public") -> dict[str, list[str]]:
    """Sorted lines per kind of object (``table``, ``column``, ``constraint``...)."""
    fingerprint: dict[str, list[str]] = {}
    for kind, sql in _QUERIES.items():
        cursor.execute(sql, {"schema": schema})
        lines = {_normalise(str(row[0])) for row in cursor.fetchall()}
        fingerprint[kind] = sorted(line for line in lines if not _ignored(line))
    return fingerprint


def digest(fingerprint: dict[str, list[str]]) -> str:
    return hashlib.sha256(json.dumps(fingerprint, sort_keys=True).encode()).hexdigest()


def expected_v1_0() -> dict[str, list[str]]:
    text = (resources.files("hireflow.legacy") / EXPECTED_FILE).read_text(encoding="utf-8")
    loaded: dict[str, list[str]] = json.loads(text)
    return loaded


@dataclass(frozen=True)
class Difference:
    kind: str
    line: str
    missing: bool  # expected but absent (else: present but not expected)

    def describe(self) -> str:
        return f"{'missing' if self.missing else 'unexpected'} {self.kind}: {self.line}"


def compare(expected: dict[str, list[str]], actual: dict[str, list[str]]) -> list[Difference]:
    differences: list[Difference] = []
    for kind in sorted(set(expected) | set(actual)):
        want, have = set(expected.get(kind, [])), set(actual.get(kind, []))
        differences += [Difference(kind, line, True) for line in sorted(want - have)]
        differences += [Difference(kind, line, False) for line in sorted(have - want)]
    return differences
