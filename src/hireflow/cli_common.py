"""Options and helpers shared by every ``hireflow`` sub-command."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from hireflow.config import Settings


class _LazyConsole:
    """A rich Console made on first use: importing rich costs start-up time most runs skip."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    def _real(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real(), name)

    # Special methods bypass __getattr__: rich's Live and Progress enter the console.
    def __enter__(self) -> Console:
        return self._real().__enter__()

    def __exit__(self, *exc: object) -> None:
        self._real().__exit__(*exc)


def lazy_console(**options: Any) -> Console:
    return cast("Console", _LazyConsole(**options))


console = lazy_console(stderr=True)

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
    from hireflow.config import Settings
    from hireflow.kit.logging import configure_logging

    values = {key: value for key, value in overrides.items() if value is not None}
    if database_url:
        values["database_url"] = database_url
    settings = Settings(**values)  # type: ignore[arg-type]
    configure_logging(settings.log_level, settings.log_format)
    return settings
