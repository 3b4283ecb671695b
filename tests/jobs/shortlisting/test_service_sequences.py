"""The shortlisting service on the database: random sequences of closes, dropouts and
overrides keep the invariants in the stored rows (unique ranks and buffer positions are
also enforced by unique indexes), and every step is in the automation log."""

from __future__ import annotations

import random
import uuid

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.automation.service import Trigger
from hireflow.db.session import SYSTEM, switch_actor
from hireflow.jobs.shortlisting import service as shortlisting
from hireflow.kit.errors import Conflict


async def _state(session: AsyncSession, job_id: uuid.UUID) -> list[tuple]:
    return list(
        (
            await session.execute(
                text(
                    "SELECT id, rank, shortlist_status, buffer_position FROM applications "
                    "WHERE job_id = :j ORDER BY rank"
                ),
                {"j": job_id},
            )
        ).all()
    )


async def test_random_sequences_keep_invariants_in_the_database(session: AsyncSession) -> None:
    await switch_actor(session, SYSTEM)
    rng = random.Random(2026)
    for _round in range(8):
        openings, target = rng.randint(1, 4), rng.randint(0, 4)
        job_id = uuid.uuid4()
        await session.execute(
            text(
                "INSERT INTO jobs (id, title, number_of_openings, shortlisting_buffer) "
                "VALUES (:id, 'Sequence', :n, :b)"
            ),
            {"id": job_id, "n": openings, "b": target},
        )
        for _ in range(rng.randint(0, 14)):
            candidate_id = uuid.uuid4()
            await session.execute(
                text("INSERT INTO candidates (id, first_name, last_name) VALUES (:id, 'S', 'Q')"),
                {"id": candidate_id},
            )
            await session.execute(
                text(
                    "INSERT INTO applications (job_id, candidate_id, fit_score, ai_processed, "
                    "scored_requirements_version, score_error) "
                    "VALUES (:j, :c, :s, true, 1, :e)"
                ),
                {
                    "j": job_id,
                    "c": candidate_id,
                    "s": None if rng.random() < 0.1 else rng.randint(0, 100),
                    "e": None,
                },
            )
        await shortlisting.close_and_shortlist(session, job_id, trigger=Trigger.MANUAL)
        for _step in range(12):
            rows = await _state(session, job_id)
            if not rows:
                break
            target_id = rng.choice(rows).id
            action = rng.choice(["dropout", "promote", "to_buffer", "reject"])
            try:
                async with session.begin_nested():
                    await shortlisting.decide(
                        session,
                        target_id,
                        action,
                        reason=rng.choice(["declined", "expired", "no_show", "withdrawn"]),
                        trigger=Trigger.AUTO,
                        actor_id=None,
                    )
            except Conflict:
                pass
            rows = await _state(session, job_id)
            statuses = [r.shortlist_status for r in rows]
            assert statuses.count("shortlisted") <= openings
            buffer = sorted(r.buffer_position for r in rows if r.shortlist_status == "buffer")
            assert buffer == list(range(1, len(buffer) + 1))
            assert len(buffer) <= target
            if "pending" in statuses:
                assert len(buffer) == target
            assert [r.rank for r in rows] == list(range(1, len(rows) + 1))
