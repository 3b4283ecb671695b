"""Start-up budget: building the command line imports none of the heavy libraries.

``hireflow --help`` must stay fast (plain click help, no model SDKs, no scikit-learn, no
database driver); each command imports what it needs when it runs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import get_args

HEAVY = (
    "pydantic_ai",
    "openai",
    "anthropic",
    "sklearn",
    "scipy",
    "numpy",
    "pypdfium2",
    "procrastinate",
    "sqlalchemy",
    "alembic",
    "psycopg",
    "uvicorn",
    "fastapi",
    "rich.console",
    "pydantic",
)


def _modules_after(code: str) -> list[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return list(json.loads(result.stdout.splitlines()[-1]))


def test_importing_the_cli_imports_no_heavy_library() -> None:
    loaded = set(_modules_after("import hireflow.cli"))
    assert sorted(m for m in HEAVY if m in loaded) == []


def test_help_renders_without_heavy_libraries() -> None:
    code = (
        "import sys\nfrom hireflow.cli import app\n"
        "try:\n    app(['--help'], standalone_mode=False)\nexcept SystemExit:\n    pass"
    )
    loaded = set(_modules_after(code))
    assert sorted(m for m in HEAVY if m in loaded) == []


def test_lazy_package_exports_still_resolve() -> None:
    from hireflow.ai import ReviewSpec, review_resume
    from hireflow.jobs.scoring import score_batch

    assert callable(review_resume) and callable(score_batch) and ReviewSpec.__name__


def test_review_choices_match_the_review_schema() -> None:
    from hireflow.ai import schemas
    from hireflow.reviews import cli

    assert get_args(cli.ReviewType) == get_args(schemas.ReviewType)
    assert get_args(cli.ExperienceLevel) == get_args(schemas.ExperienceLevel)
