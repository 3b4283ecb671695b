"""Options and helpers shared by every ``hireflow`` sub-command."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from hireflow.config import Settings
from hireflow.kit.logging import configure_logging

console = Console(stderr=True)

DatabaseUrlOption = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="PostgreSQL URL (default: HIREFLOW_DATABASE_URL, else the embedded server).",
        show_default=False,
    ),
]


def load_settings(database_url: str | None = None, **overrides: object) -> Settings:
    """Settings from the environment, with command-line values taking precedence."""
    values = {key: value for key, value in overrides.items() if value is not None}
    if database_url:
        values["database_url"] = database_url
    settings = Settings(**values)  # type: ignore[arg-type]
    configure_logging(settings.log_level, settings.log_format)
    return settings
