"""A domain's SQL never names another domain's tables (it calls that domain's service).

Tables are mapped to their owning domain from every ``<domain>/models.py``. A domain's
modules (except its ``models.py``, which may declare foreign keys) must not reference another
domain's ORM models (an import of ``hireflow.<other>.models``) nor name another domain's
table in SQL text (``FROM``/``JOIN``/``UPDATE``/``INTO``/``DELETE FROM``).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "hireflow"
_TABLE_REF = re.compile(r"\b(?:FROM|JOIN|UPDATE|INTO|TABLE)\s+([a-z_][a-z0-9_]*)", re.IGNORECASE)
_SQL_HINT = re.compile(r"\b(?:SELECT|UPDATE|DELETE|INSERT)\b", re.IGNORECASE)


# Packages that are not domains: the database plumbing, helpers, the schema history and the
# legacy v1.0 migration (which by its nature reads and writes every table).
NOT_DOMAINS = {"db", "kit", "migrations", "legacy"}


def _domains() -> dict[str, Path]:
    return {
        path.parent.name: path.parent
        for path in sorted(SRC.glob("*/__init__.py"))
        if path.parent.name not in NOT_DOMAINS
    }


def table_owners() -> dict[str, str]:
    """Table name -> owning domain, read from each domain's models.py."""
    owners: dict[str, str] = {}
    for domain, folder in _domains().items():
        if not (folder / "models.py").exists():
            continue
        tree = ast.parse((folder / "models.py").read_text())
        for node in ast.walk(tree):
            if not isinstance(node, ast.Assign):
                continue
            names = {t.id for t in node.targets if isinstance(t, ast.Name)}
            if "__tablename__" in names:
                assert isinstance(node.value, ast.Constant)
                owners[str(node.value.value)] = domain
            elif "SQL_ONLY_TABLES" in names:  # tables the domain keeps without an ORM class
                for table in ast.literal_eval(node.value):
                    owners[table] = domain
    return owners


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    in_fstrings = {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for part in node.values
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in in_fstrings:
                continue
            found.append((node.lineno, node.value))
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else " x " for v in node.values)
            found.append((node.lineno, text))
    return found


def cross_domain_sql(
    code: str, where: str, domain: str, owners: dict[str, str], *, is_models: bool = False
) -> list[str]:
    """The places in ``code`` (a module of ``domain``) that name another domain's tables."""
    tree = ast.parse(code)
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and not is_models:
            parts = node.module.split(".")
            imported = [[*parts, alias.name] for alias in node.names]
            for path in imported:
                if len(path) >= 3 and path[0] == "hireflow" and path[2] == "models":
                    if path[1] != domain:
                        problems.append(f"{where}:{node.lineno} uses {path[1]}'s ORM models")
                    break
    for line, value in _strings(tree):
        if not _SQL_HINT.search(value):
            continue
        for table in _TABLE_REF.findall(value):
            other = owners.get(table.lower())
            if other is not None and other != domain:
                problems.append(f"{where}:{line} names {other}'s table {table}")
    return sorted(problems, key=lambda problem: int(problem.split(":")[1].split()[0]))


def all_cross_domain_sql() -> list[str]:
    owners = table_owners()
    problems = []
    for domain, folder in _domains().items():
        for source in sorted(folder.rglob("*.py")):
            where = str(source.relative_to(SRC.parent))
            problems += cross_domain_sql(
                source.read_text(), where, domain, owners, is_models=source.name == "models.py"
            )
    return problems


def test_tables_are_mapped_to_their_domains() -> None:
    owners = table_owners()
    assert owners["candidates"] == "candidates"
    assert owners["resumes"] == "resumes"
    assert owners["rate_limit_counters"] == "auth"


def test_no_domain_sql_names_another_domains_table() -> None:
    problems = all_cross_domain_sql()
    assert not problems, "\n".join(problems)


def test_the_check_catches_cross_domain_sql_and_orm_references() -> None:
    owners = {"resumes": "resumes", "candidates": "candidates"}
    code = (
        "from sqlalchemy import text\n"
        "from hireflow.resumes.models import Resume\n"
        "MINE = text('SELECT 1 FROM candidates WHERE id = :id')\n"
        "THEIRS = text('SELECT 1 FROM candidates c JOIN resumes r ON r.candidate_id = c.id')\n"
        'UPDATE = f"UPDATE resumes SET candidate_id = {1}"\n'
    )
    problems = cross_domain_sql(code, "candidates/x.py", "candidates", owners)
    assert problems == [
        "candidates/x.py:2 uses resumes's ORM models",
        "candidates/x.py:4 names resumes's table resumes",
        "candidates/x.py:5 names resumes's table resumes",
    ]
    # a models.py may import another domain's models for foreign keys
    assert cross_domain_sql(code, "m.py", "candidates", owners, is_models=True)[0].endswith(
        "table resumes"
    )
