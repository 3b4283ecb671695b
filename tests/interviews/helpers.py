"""Committed test data for interviews (for tests on several real connections)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import text

from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, unit_of_work


@dataclass
class Fixture:
    recruiter_id: uuid.UUID
    job_id: uuid.UUID
    interview_ids: list[uuid.UUID] = field(default_factory=list)
    candidate_ids: list[uuid.UUID] = field(default_factory=list)


async def make_open_interviews(
    database: Database,
    count: int,
    *,
    status: str = "slot_selection",
    zone: str = "Europe/Berlin",
    hours: str = '[[0,"09:00","18:00"],[1,"09:00","18:00"],[2,"09:00","18:00"],'
    '[3,"09:00","18:00"],[4,"09:00","18:00"]]',
    deadline: datetime | None = None,
) -> Fixture:
    recruiter_id, job_id = uuid.uuid4(), uuid.uuid4()
    fixture = Fixture(recruiter_id, job_id)
    deadline = deadline or datetime(2030, 1, 1, tzinfo=UTC)
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        await session.execute(
            text(
                "INSERT INTO users (id, email, password_hash, first_name, last_name, role) "
                "VALUES (:id, :email, 'x', 'Rita', 'Recruiter', 'senior_recruiter')"
            ),
            {"id": recruiter_id, "email": f"rita-{recruiter_id.hex[:8]}@example.test"},
        )
        await session.execute(
            text(
                "INSERT INTO interviewer_availability (user_id, zone, weekly_hours, "
                "min_notice_minutes) VALUES (:id, :zone, CAST(:hours AS jsonb), 0)"
            ),
            {"id": recruiter_id, "zone": zone, "hours": hours},
        )
        await session.execute(
            text(
                "INSERT INTO jobs (id, title, number_of_openings, shortlisting_buffer, "
                "owner_user_id) VALUES (:id, 'Booking race', 1, 0, :owner)"
            ),
            {"id": job_id, "owner": recruiter_id},
        )
        for index in range(count):
            candidate_id, application_id, interview_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
            await session.execute(
                text(
                    "INSERT INTO candidates (id, first_name, last_name, email) "
                    "VALUES (:id, 'Cand', :last, :email)"
                ),
                {
                    "id": candidate_id,
                    "last": f"No{index}",
                    "email": f"c{index}-{candidate_id.hex[:6]}@example.test",
                },
            )
            await session.execute(
                text("INSERT INTO applications (id, job_id, candidate_id) VALUES (:id, :job, :c)"),
                {"id": application_id, "job": job_id, "c": candidate_id},
            )
            await session.execute(
                text(
                    "INSERT INTO interviews (id, application_id, job_id, candidate_id, status, "
                    "confirmation_deadline, slot_selection_deadline, recruiter_user_id, "
                    "interviewer_ids, candidate_name, candidate_email, candidate_zone) VALUES "
                    "(:id, :app, :job, :c, :status, :deadline, :deadline, :r, ARRAY[CAST(:r AS uuid)], "
                    "'Cand', :email, :zone)"
                ),
                {
                    "id": interview_id,
                    "app": application_id,
                    "job": job_id,
                    "c": candidate_id,
                    "status": status,
                    "deadline": deadline,
                    "r": recruiter_id,
                    "email": f"c{index}@example.test",
                    "zone": zone,
                },
            )
            fixture.interview_ids.append(interview_id)
            fixture.candidate_ids.append(candidate_id)
    return fixture


async def drop(database: Database, fixture: Fixture) -> None:
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        await session.execute(text("DELETE FROM jobs WHERE id = :id"), {"id": fixture.job_id})
        await session.execute(
            text("DELETE FROM candidates WHERE id = ANY(:ids)"), {"ids": fixture.candidate_ids}
        )
        await session.execute(
            text(
                "DELETE FROM automation_logs WHERE job_id IS NULL AND details->>'interview_id' = ANY(:ids)"
            ),
            {"ids": [str(i) for i in fixture.interview_ids]},
        )
        await session.execute(
            text("DELETE FROM users WHERE id = :id"), {"id": fixture.recruiter_id}
        )
