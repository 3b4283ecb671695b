"""The lifecycle allows exactly its transitions and refuses the rest with a clear message;
a stale copy of an interview loses the compare-and-swap."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from hireflow.automation.service import Trigger
from hireflow.db.session import SYSTEM, switch_actor
from hireflow.interviews import lifecycle
from hireflow.interviews import service as interviews
from hireflow.interviews.lifecycle import Status
from hireflow.kit.errors import Conflict
from tests.factories import SignedIn

NOW = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)
ALLOWED = {
    ("invitation_sent", "confirmed"), ("invitation_sent", "declined"),
    ("invitation_sent", "expired"), ("invitation_sent", "cancelled"),
    ("confirmed", "slot_selection"), ("confirmed", "declined"), ("confirmed", "expired"),
    ("confirmed", "cancelled"), ("slot_selection", "scheduled"), ("slot_selection", "declined"),
    ("slot_selection", "expired"), ("slot_selection", "cancelled"),
    ("scheduled", "completed"), ("scheduled", "no_show"), ("scheduled", "cancelled"),
    ("scheduled", "slot_selection"),
}  # fmt: skip


@pytest.mark.parametrize("current", [s.value for s in Status])
@pytest.mark.parametrize("target", list(Status))
def test_only_the_lifecycle_transitions_are_allowed(current: str, target: Status) -> None:
    if (current, target.value) in ALLOWED:
        lifecycle.check(current, target)
        return
    with pytest.raises(Conflict) as refused:
        lifecycle.check(current, target)
    assert lifecycle.describe(current) in refused.value.message


def test_a_final_interview_says_so() -> None:
    with pytest.raises(Conflict, match="already completed; it cannot be scheduled"):
        lifecycle.check("completed", Status.SCHEDULED)


async def test_a_stale_copy_loses_and_every_change_is_logged(
    session: AsyncSession, people: dict[str, SignedIn]
) -> None:
    await switch_actor(session, SYSTEM)
    owner = people["senior"].user.id
    job_id, candidate_id, application_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await session.execute(
        text(
            "INSERT INTO jobs (id, title, shortlisting_buffer, owner_user_id) VALUES (:id, 'T', 0, :o)"
        ),
        {"id": job_id, "o": owner},
    )
    await session.execute(
        text("INSERT INTO candidates (id, first_name, last_name) VALUES (:id, 'A', 'B')"),
        {"id": candidate_id},
    )
    await session.execute(
        text("INSERT INTO applications (id, job_id, candidate_id) VALUES (:id, :j, :c)"),
        {"id": application_id, "j": job_id, "c": candidate_id},
    )
    interview = await interviews.create_invitation(
        session,
        application_id=application_id,
        job_id=job_id,
        candidate_id=candidate_id,
        candidate_name="A B",
        candidate_email="ab@example.test",
        recruiter_id=owner,
        interviewer_ids=[],
        rank=1,
        now=NOW,
        trigger=Trigger.AUTO,
        actor_id=None,
    )
    with pytest.raises(Conflict, match="already has an open interview"):
        await interviews.create_invitation(
            session,
            application_id=application_id,
            job_id=job_id,
            candidate_id=candidate_id,
            candidate_name="A B",
            candidate_email="ab@example.test",
            recruiter_id=owner,
            interviewer_ids=[],
            rank=1,
            now=NOW,
            trigger=Trigger.AUTO,
            actor_id=None,
        )
    stale_version = interview.version
    await lifecycle.move(session, interview, Status.CONFIRMED, trigger=Trigger.AUTO, now=NOW)
    # Another request's older copy (set without marking it dirty, as a loaded row would be).
    set_committed_value(interview, "version", stale_version)
    set_committed_value(interview, "status", "invitation_sent")
    with pytest.raises(Conflict, match="changed a moment ago"):
        await lifecycle.move(session, interview, Status.DECLINED, trigger=Trigger.AUTO, now=NOW)
    fresh = await interviews.get_interview(session, interview.id, fresh=True)
    assert fresh.status == "confirmed"
    actions = (
        await session.scalars(
            text(
                "SELECT action_type FROM automation_logs WHERE details->>'interview_id' = :id "
                "ORDER BY action_type"
            ),
            {"id": str(interview.id)},
        )
    ).all()
    assert actions == ["interview_confirmed", "interview_invited"]
