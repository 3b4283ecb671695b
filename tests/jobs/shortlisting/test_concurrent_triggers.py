"""Two shortlisting triggers for the same job at once give one result (committed data, two
real connections: the advisory lock and the row lock serialise them)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from hireflow.automation.service import Trigger
from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, unit_of_work
from hireflow.jobs.shortlisting import service as shortlisting


async def test_two_triggers_at_once_give_one_result(database: Database) -> None:
    job_id = uuid.uuid4()
    candidate_ids = [uuid.uuid4() for _ in range(12)]
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        await session.execute(
            text(
                "INSERT INTO jobs (id, title, number_of_openings, shortlisting_buffer) "
                "VALUES (:id, 'Concurrency test', 3, 2)"
            ),
            {"id": job_id},
        )
        for index, candidate_id in enumerate(candidate_ids):
            await session.execute(
                text("INSERT INTO candidates (id, first_name, last_name) VALUES (:id, 'C', 'T')"),
                {"id": candidate_id},
            )
            await session.execute(
                text(
                    "INSERT INTO applications (job_id, candidate_id, fit_score, ai_processed, "
                    "scored_requirements_version, applied_at) "
                    "VALUES (:job, :candidate, :score, true, 1, :at)"
                ),
                {
                    "job": job_id,
                    "candidate": candidate_id,
                    "score": 50 + index % 4,  # many ties: tie-breaking must be deterministic
                    "at": datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=index % 3),
                },
            )
    try:

        async def trigger(source: Trigger) -> shortlisting.Outcome:
            async with unit_of_work(database.system_sessions, SYSTEM) as session:
                outcome = await shortlisting.close_and_shortlist(session, job_id, trigger=source)
                await asyncio.sleep(0.2)  # hold the lock while the other trigger waits
                return outcome

        first, second = await asyncio.gather(trigger(Trigger.MANUAL), trigger(Trigger.SCHEDULED))
        assert sorted([first.ran, second.ran]) == [False, True]
        async with unit_of_work(database.system_sessions, SYSTEM) as session:
            rows = (
                await session.execute(
                    text(
                        "SELECT rank, shortlist_status, buffer_position FROM applications "
                        "WHERE job_id = :job ORDER BY rank"
                    ),
                    {"job": job_id},
                )
            ).all()
            ranked_logs = await session.scalar(
                text(
                    "SELECT count(*) FROM automation_logs "
                    "WHERE job_id = :job AND action_type = 'ranked'"
                ),
                {"job": job_id},
            )
        assert [r.rank for r in rows] == list(range(1, 13))
        assert [r.shortlist_status for r in rows].count("shortlisted") == 3
        assert [r.buffer_position for r in rows if r.shortlist_status == "buffer"] == [1, 2]
        assert ranked_logs == 1
    finally:
        async with unit_of_work(database.system_sessions, SYSTEM) as session:
            await session.execute(text("DELETE FROM jobs WHERE id = :id"), {"id": job_id})
            await session.execute(
                text("DELETE FROM candidates WHERE id = ANY(:ids)"), {"ids": candidate_ids}
            )
