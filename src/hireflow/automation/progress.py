"""Live progress of long work: one record per job (a batch of resumes to parse, an AI review,
closing and shortlisting a job, an import), with items that are finished once each.

Whoever starts the work calls :func:`start` with the items' keys (``resume:<id>``,
``review:<id>``, ``invite:<job id>``…) in the same transaction as the work it queues; the
task that does an item calls :func:`begin` when it starts and :func:`finish` when it is done
or failed, in its own transaction, by key: tasks need no progress id, and an item finished
twice (a task re-run after a worker restart) counts once. The state lives in the database,
so it survives restarts; ``GET /api/progress/{id}`` and the ``/progress/{id}`` page read it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession


class Kind(StrEnum):
    RESUME_PARSE = "resume_parse"
    REVIEW = "review"
    SHORTLIST = "shortlist"
    IMPORT = "import"


def item(prefix: str, ident: uuid.UUID | str) -> str:
    """An item's key: ``resume:<resume id>``, ``review:<request id>``, ``invite:<job id>``."""
    return f"{prefix}:{ident}"


@dataclass(frozen=True)
class Progress:
    id: uuid.UUID
    kind: str
    label: str
    job_id: uuid.UUID | None
    total: int
    done: int
    failed: int
    state: str  # queued, running, done, failed
    error: str | None
    link: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")

    def worth_showing(self, now: datetime) -> bool:
        """On a page about the work (a job, a candidate): while it runs, and for a day
        after it failed, so the error is seen."""
        if not self.finished:
            return True
        return self.state == "failed" and (
            self.finished_at is None or now - self.finished_at < timedelta(days=1)
        )

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * (self.done + self.failed) / self.total)

    @property
    def words(self) -> str:
        """What a person reads: where the work stands."""
        counted = f"{self.done + self.failed} of {self.total}"
        if self.state == "queued":
            return f"Waiting for a worker to start ({counted} done)."
        if self.state == "running":
            return f"Working: {counted} done" + (f", {self.failed} failed." if self.failed else ".")
        if self.state == "failed":
            return f"Finished with errors: {self.done} of {self.total} done, {self.failed} failed."
        return f"Done: {self.done} of {self.total}."

    def as_json(self) -> dict[str, object]:
        return {
            "id": str(self.id),
            "kind": self.kind,
            "label": self.label,
            "job_id": str(self.job_id) if self.job_id else None,
            "total": self.total,
            "done": self.done,
            "failed": self.failed,
            "state": self.state,
            "finished": self.finished,
            "percent": self.percent,
            "words": self.words,
            "error": self.error,
            "link": self.link,
            "created_at": self.created_at.isoformat(),
            "started_at": self.started_at.isoformat() if self.started_at else None,
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
        }


_START = text(
    """
    INSERT INTO automation_progress (kind, label, job_id, created_by_user_id, total, link, state,
                                     started_at, finished_at)
    VALUES (:kind, :label, :job, :actor, :total, :link,
            CASE WHEN :total = 0 THEN 'done' ELSE 'queued' END,
            CASE WHEN :total = 0 THEN now() END, CASE WHEN :total = 0 THEN now() END)
    RETURNING id
    """
)
# A second statement: the items' policy checks that their record is visible, and a record
# inserted in the same statement is not (one snapshot per statement).
_ITEMS = text(
    "INSERT INTO automation_progress_items (progress_id, item_key) "
    "SELECT :id, k FROM unnest(CAST(:keys AS text[])) AS k"
)


async def start(
    session: AsyncSession,
    kind: Kind,
    label: str,
    keys: Sequence[str],
    *,
    actor_id: uuid.UUID | None,
    job_id: uuid.UUID | None = None,
    link: str | None = None,
) -> uuid.UUID:
    """A new progress record over ``keys`` (distinct), queued; done at once when empty."""
    distinct = list(dict.fromkeys(keys))
    found = await session.scalar(
        _START,
        {
            "kind": str(kind),
            "label": label,
            "job": job_id,
            "actor": actor_id,
            "total": len(distinct),
            "link": link,
        },
    )
    assert isinstance(found, uuid.UUID)
    if distinct:
        await session.execute(_ITEMS, {"id": found, "keys": distinct})
    return found


_BEGIN = text(
    """
    UPDATE automation_progress SET state = 'running', started_at = coalesce(started_at, now())
     WHERE state = 'queued' AND id IN (
           SELECT progress_id FROM automation_progress_items
            WHERE item_key = ANY(CAST(:keys AS text[])) AND state = 'queued')
    """
)


async def begin(session: AsyncSession, keys: Sequence[str]) -> None:
    """The work on these items started: their records show ``running``."""
    await session.execute(_BEGIN, {"keys": list(keys)})


_FINISH = text(
    """
    WITH hit AS (
        UPDATE automation_progress_items
           SET state = CASE WHEN CAST(:error AS text) IS NULL THEN 'done' ELSE 'failed' END,
               error = CAST(:error AS text), detail = CAST(:detail AS jsonb),
               finished_at = now()
         WHERE item_key = ANY(CAST(:keys AS text[])) AND state = 'queued'
        RETURNING progress_id, state
    ), counts AS (
        SELECT progress_id, count(*) FILTER (WHERE state = 'done') AS ok,
               count(*) FILTER (WHERE state = 'failed') AS bad
          FROM hit GROUP BY progress_id
    )
    UPDATE automation_progress p
       SET done = p.done + c.ok, failed = p.failed + c.bad,
           error = CASE WHEN p.failed + c.bad = 0 AND p.done + c.ok >= p.total THEN NULL
                        ELSE coalesce(CAST(:error AS text), p.error) END,
           started_at = coalesce(p.started_at, now()),
           state = CASE WHEN p.done + c.ok + p.failed + c.bad < p.total THEN 'running'
                        WHEN p.failed + c.bad > 0 THEN 'failed' ELSE 'done' END,
           finished_at = CASE WHEN p.done + c.ok + p.failed + c.bad < p.total THEN NULL
                              ELSE now() END
      FROM counts c
     WHERE p.id = c.progress_id
    """
)


async def finish(
    session: AsyncSession,
    keys: Sequence[str],
    *,
    error: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """These items are done (or failed with ``error``; ``detail``: what became of them, for
    a report): counted once, in one statement, on every record that holds them; a record is
    finished when all its items are."""
    if keys:
        await session.execute(
            _FINISH,
            {
                "keys": list(keys),
                "error": error,
                "detail": json.dumps(detail, default=str) if detail is not None else None,
            },
        )


@dataclass(frozen=True)
class Item:
    key: str
    state: str  # queued, done, failed
    error: str | None
    detail: dict[str, Any] | None


async def state_of(session: AsyncSession, progress_id: uuid.UUID, key: str) -> str | None:
    """One item's state (None: no such item, or its record is not visible)."""
    found = await session.scalar(
        text(
            "SELECT state FROM automation_progress_items "
            "WHERE progress_id = :id AND item_key = :key"
        ),
        {"id": progress_id, "key": key},
    )
    return str(found) if found is not None else None


async def items_of(session: AsyncSession, progress_id: uuid.UUID) -> list[Item]:
    """A record's items in key order (a report of what became of each)."""
    rows = await session.execute(
        text(
            "SELECT item_key, state, error, detail FROM automation_progress_items "
            "WHERE progress_id = :id ORDER BY item_key"
        ),
        {"id": progress_id},
    )
    return [Item(*row) for row in rows.all()]


_NOTE = text(
    """
    UPDATE automation_progress SET error = :error
     WHERE id IN (SELECT progress_id FROM automation_progress_items
                   WHERE item_key = ANY(CAST(:keys AS text[])) AND state = 'queued')
    """
)


async def note(session: AsyncSession, keys: Sequence[str], error: str) -> None:
    """A step failed and will be tried again: say so, without finishing its items (the
    message is cleared when the work ends well)."""
    await session.execute(_NOTE, {"keys": list(keys), "error": error})


_COLUMNS = (
    "id, kind, label, job_id, total, done, failed, state, error, link, created_at, "
    "started_at, finished_at"
)


async def get(session: AsyncSession, progress_id: uuid.UUID) -> Progress | None:
    """The record, when the caller may see it (row-level security)."""
    row = (
        await session.execute(
            text(f"SELECT {_COLUMNS} FROM automation_progress WHERE id = :id"), {"id": progress_id}
        )
    ).first()
    return Progress(*row) if row is not None else None


async def of_item(session: AsyncSession, key: str) -> Progress | None:
    """The newest record holding an item (the progress of one review, one resume)."""
    row = (
        await session.execute(
            text(
                f"SELECT {_COLUMNS} FROM automation_progress WHERE id IN ("
                "SELECT progress_id FROM automation_progress_items WHERE item_key = :key) "
                "ORDER BY created_at DESC, id LIMIT 1"
            ),
            {"key": key},
        )
    ).first()
    return Progress(*row) if row is not None else None


async def latest_for_job(session: AsyncSession, job_id: uuid.UUID) -> Progress | None:
    """The newest record about a job (its close and shortlisting), for the job page."""
    row = (
        await session.execute(
            text(
                f"SELECT {_COLUMNS} FROM automation_progress WHERE job_id = :job "
                "ORDER BY created_at DESC, id LIMIT 1"
            ),
            {"job": job_id},
        )
    ).first()
    return Progress(*row) if row is not None else None
