"""Negotiation sessions in PostgreSQL: rounds, transcript, status, escalation queue, RLS."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.db.session import SYSTEM, Actor, switch_actor
from hireflow.kit.errors import Conflict
from hireflow.negotiation import service
from tests.factories import SignedIn
from tests.jobs.helpers import make_candidate

from .calendar import recruiter_slots

ZONE = "Europe/Berlin"
NOW = datetime(2027, 6, 10, 9, 0, tzinfo=ZoneInfo(ZONE))
FREE = recruiter_slots(NOW, 28)


async def make_interview(session: AsyncSession, people: dict[str, SignedIn]) -> uuid.UUID:
    await switch_actor(session, SYSTEM)
    job_id, application_id, interview_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await session.execute(
        text("INSERT INTO jobs (id, title, shortlisting_buffer) VALUES (:id, 'Negotiated', 1)"),
        {"id": job_id},
    )
    await session.execute(
        text("INSERT INTO job_team_members (job_id, user_id) VALUES (:j, :u)"),
        {"j": job_id, "u": people["junior"].user.id},
    )
    candidate_id, _ = await make_candidate(session, people["senior"].user.id, "text")
    await session.execute(
        text("INSERT INTO applications (id, job_id, candidate_id) VALUES (:a, :j, :c)"),
        {"a": application_id, "j": job_id, "c": candidate_id},
    )
    await session.execute(
        text(
            "INSERT INTO interviews (id, application_id, job_id, candidate_id, status) "
            "VALUES (:i, :a, :j, :c, 'slot_selection')"
        ),
        {"i": interview_id, "a": application_id, "j": job_id, "c": candidate_id},
    )
    return interview_id


async def say(session: AsyncSession, interview_id: uuid.UUID, message: str):
    return await service.handle_candidate_message(
        session, interview_id, message, now=NOW, zone=ZONE, free_slots=FREE,
        slot_length=timedelta(hours=1),
    )  # fmt: skip


async def stored(session: AsyncSession, interview_id: uuid.UUID) -> dict:
    row = (
        await session.execute(
            text(
                "SELECT status, round_count, conversation, escalated_at FROM negotiation_sessions "
                "WHERE interview_id = :i"
            ),
            {"i": interview_id},
        )
    ).one()
    return dict(row._mapping)


async def test_a_failed_negotiation_escalates_with_the_full_transcript(
    session: AsyncSession, people: dict[str, SignedIn]
) -> None:
    interview_id = await make_interview(session, people)
    for message in ("Monday morning", "no, sorry", "Tuesday evening?"):
        summary, reply = await say(session, interview_id, message)
        assert reply.kind != "escalation"
    summary, reply = await say(session, interview_id, "still nothing")
    assert reply.kind == "escalation"
    row = await stored(session, interview_id)
    assert row["status"] == "escalated" and row["round_count"] == 3
    assert row["escalated_at"] == NOW
    assert [e["role"] for e in row["conversation"]] == ["candidate", "bot"] * 4
    assert summary.escalation_reason == "no_agreement_after_max_rounds"

    with pytest.raises(Conflict):
        await say(session, interview_id, "hello?")

    queue = await service.escalation_queue(session)
    assert [item.interview_id for item in queue] == [interview_id]
    resolved = await service.resolve_by_recruiter(
        session, summary.id, now=NOW, user_id=people["senior"].user.id
    )
    assert resolved.status == "resolved"
    assert await service.escalation_queue(session) == []


async def test_a_successful_negotiation_agrees_on_a_proposed_slot(
    session: AsyncSession, people: dict[str, SignedIn]
) -> None:
    interview_id = await make_interview(session, people)
    _, proposal = await say(session, interview_id, "Monday or Tuesday afternoon")
    assert proposal.kind == "proposal"
    summary, agreement = await say(session, interview_id, "the second one")
    assert agreement.kind == "agreement" and agreement.chosen == proposal.proposals[1]
    assert (await stored(session, interview_id))["status"] == "resolved"

    reopened = await service.booking_failed(session, summary.id, now=NOW, reason="slot taken")
    assert reopened.status == "active"
    assert reopened.transcript[-1]["role"] == "system"


async def test_asking_for_a_person_escalates_at_once(
    session: AsyncSession, people: dict[str, SignedIn]
) -> None:
    interview_id = await make_interview(session, people)
    summary, reply = await say(session, interview_id, "Can I talk to someone please?")
    assert reply.kind == "escalation"
    assert summary.escalation_reason == "candidate_asked_for_a_person"
    assert summary.rounds == 0


async def test_negotiations_are_visible_only_to_who_sees_the_application(
    session: AsyncSession, people: dict[str, SignedIn]
) -> None:
    interview_id = await make_interview(session, people)
    await say(session, interview_id, "I want a human")
    for key, visible in (("junior", 1), ("senior", 1), ("junior2", 0)):
        person = people[key].user
        await switch_actor(session, Actor(person.id, person.role))
        assert len(await service.escalation_queue(session)) == visible, key
    await switch_actor(session, Actor(people["junior2"].user.id, people["junior2"].user.role))
    assert await service.negotiation_for_interview(session, interview_id) is None
