"""Alembic driven from code: the one way hireflow's schema changes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine
from sqlalchemy.engine import URL

from hireflow.config import Settings

FILE_TEMPLATE = "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s"


def alembic_config(settings: Settings, url: URL | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("hireflow") / "migrations"))
    config.set_main_option("file_template", FILE_TEMPLATE)
    if url is not None:
        config.set_main_option(
            "sqlalchemy.url", url.render_as_string(hide_password=False).replace("%", "%%")
        )
    config.attributes["settings"] = settings
    return config


def script_directory(settings: Settings) -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config(settings))


def head_revision(settings: Settings) -> str:
    head = script_directory(settings).get_current_head()
    assert head is not None
    return head


def _with_connection(
    settings: Settings,
    url: URL,
    action: str,
    revision: str,
    attributes: Mapping[str, object] | None = None,
) -> None:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            config = alembic_config(settings, url)
            config.attributes.update(attributes or {})
            config.attributes["connection"] = connection
            getattr(command, action)(config, revision)
            connection.commit()
    finally:
        engine.dispose()


def upgrade(
    settings: Settings,
    url: URL,
    revision: str = "head",
    *,
    attributes: Mapping[str, object] | None = None,
) -> None:
    """``attributes`` reach the revisions as ``context.config.attributes`` (options, observers)."""
    _with_connection(settings, url, "upgrade", revision, attributes)


def downgrade(
    settings: Settings,
    url: URL,
    revision: str,
    *,
    attributes: Mapping[str, object] | None = None,
) -> None:
    _with_connection(settings, url, "downgrade", revision, attributes)


def stamp(settings: Settings, url: URL, revision: str) -> None:
    _with_connection(settings, url, "stamp", revision)


def current_revisions(url: URL) -> tuple[str, ...]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_heads()
    finally:
        engine.dispose()


@dataclass(frozen=True)
class RevisionInfo:
    revision: str
    down_revision: str | None
    doc: str
    path: str


def history(settings: Settings) -> list[RevisionInfo]:
    """Revisions from base to head."""
    revisions = list(script_directory(settings).walk_revisions())
    revisions.reverse()
    return [
        RevisionInfo(
            revision=rev.revision,
            down_revision=rev.down_revision if isinstance(rev.down_revision, str) else None,
            doc=(rev.doc or "").strip(),
            path=rev.path,
        )
        for rev in revisions
    ]
