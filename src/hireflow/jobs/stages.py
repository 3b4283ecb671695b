"""Each application's history of stages (``application_stage_history``): every change of
``shortlist_status`` — from, to, when, and whether a recruiter or automation made it — and
the time spent in each stage, for analytics.

Rows are written set-based by whoever changes a status (arrival in ``applications``, every
shortlisting step in ``shortlisting.service._write``), in the same transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

STAGES = ("pending", "buffer", "shortlisted", "rejected", "withdrawn")


@dataclass(frozen=True)
class Change:
    application_id: uuid.UUID
    from_status: str | None
    to_status: str
    trigger: str  # manual, auto, scheduled, candidate (automation.service.Trigger)


_RECORD = text(
    """
    INSERT INTO application_stage_history (application_id, job_id, candidate_id, from_status,
                                           to_status, changed_at, trigger_source, actor_user_id)
    SELECT a.id, a.job_id, a.candidate_id, v.from_status, v.to_status,
           coalesce(CAST(:at AS timestamptz), now()), v.trigger, CAST(:actor AS uuid)
      FROM unnest(CAST(:ids AS uuid[]), CAST(:froms AS text[]), CAST(:tos AS text[]),
                  CAST(:triggers AS text[])) AS v(id, from_status, to_status, trigger)
      JOIN applications a ON a.id = v.id
    """
)


async def record(
    session: AsyncSession,
    changes: Sequence[Change],
    *,
    actor_id: uuid.UUID | None,
    at: datetime | None = None,
) -> None:
    """Append the changes in one statement (``at`` defaults to the transaction's time)."""
    if not changes:
        return
    await session.execute(
        _RECORD,
        {
            "ids": [str(c.application_id) for c in changes],
            "froms": [c.from_status for c in changes],
            "tos": [c.to_status for c in changes],
            "triggers": [c.trigger for c in changes],
            "actor": str(actor_id) if actor_id else None,
            "at": at,
        },
    )


async def history_of(session: AsyncSession, application_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = await session.execute(
        text(
            "SELECT from_status, to_status, changed_at, trigger_source, actor_user_id "
            "FROM application_stage_history WHERE application_id = :a ORDER BY changed_at, id"
        ),
        {"a": application_id},
    )
    return [dict(r._mapping) for r in rows]


# A stay in a stage lasts from the change into it to the next change of the application.
# Stays still open (the current stage) and final stages are not counted: their length is
# not known yet. Stays count when they began within [start, end).
_TIME_IN_STAGE = text(
    """
    WITH stays AS (
        SELECT h.job_id, h.to_status AS stage, h.changed_at AS entered,
               lead(h.changed_at) OVER (PARTITION BY h.application_id
                                        ORDER BY h.changed_at, h.id) AS left_at
          FROM application_stage_history h
         WHERE (CAST(:job AS uuid) IS NULL OR h.job_id = CAST(:job AS uuid))
           AND h.changed_at >= :start  -- a stay's end is later than its start: still seen
    )
    SELECT job_id, grouping(job_id) = 1 AS overall, stage, count(*) AS stays,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM left_at - entered))
               / 3600 AS median_hours,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM left_at - entered))
               / 3600 AS p90_hours
      FROM stays
     WHERE left_at IS NOT NULL AND entered >= :start AND entered < :end
     GROUP BY GROUPING SETS ((stage), (job_id, stage))
    """
)


@dataclass(frozen=True)
class StageTime:
    stage: str
    stays: int
    median_hours: float
    p90_hours: float


@dataclass
class StageTimes:
    overall: list[StageTime]
    by_job: dict[uuid.UUID, list[StageTime]]


def _ordered(found: dict[str, StageTime]) -> list[StageTime]:
    return [found[s] for s in STAGES if s in found]


async def time_in_stage(
    session: AsyncSession, job_id: uuid.UUID | None, start: datetime, end: datetime
) -> StageTimes:
    """Median and 90th percentile hours spent in each stage, over every job the caller sees
    (or one job) and per job, in one query; stages in :data:`STAGES` order."""
    rows = await session.execute(
        _TIME_IN_STAGE, {"job": str(job_id) if job_id else None, "start": start, "end": end}
    )
    overall: dict[str, StageTime] = {}
    by_job: dict[uuid.UUID, dict[str, StageTime]] = {}
    for r in rows:
        figure = StageTime(
            r.stage, int(r.stays), round(float(r.median_hours), 1), round(float(r.p90_hours), 1)
        )
        target = overall if r.overall else by_job.setdefault(r.job_id, {})
        target[r.stage] = figure
    return StageTimes(_ordered(overall), {j: _ordered(f) for j, f in by_job.items()})
