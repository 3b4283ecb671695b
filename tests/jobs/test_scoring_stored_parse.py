"""Fit scoring reads the stored parse of a resume (the contract between domains); only a
version that was never parsed is scored from its stored text."""

from __future__ import annotations

import uuid

from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.jobs.scoring import JobProfile
from hireflow.jobs.scoring.engine import score_resume
from hireflow.jobs.scoring.inputs import profile_from_text
from hireflow.jobs.scoring_service import candidate_profiles, profile_from_parse
from hireflow.resumes import processing
from hireflow.resumes import service as resumes
from hireflow.resumes.extraction import extract_document
from hireflow.resumes.parsing import parse_resume
from tests.factories import SignedIn
from tests.jobs.helpers import JOB, make_candidate, resume_text


async def _store_parse(session: AsyncSession, resume_id: uuid.UUID, body: str) -> None:
    """What upload and the background job store: the document facts, sections and fields."""
    resume = await resumes.find_resume(session, resume_id)
    assert resume is not None
    document = extract_document(body.encode("utf-8"), "cv.txt")
    processing.record_extraction(resume, document)
    await resumes.apply_parse(session, resume, parse_resume(document))


async def test_the_stored_parse_round_trips(
    session: AsyncSession, people: dict[str, SignedIn]
) -> None:
    uploader = people["senior"].user.id
    body = resume_text()
    _, parsed_id = await make_candidate(session, uploader, body)
    _, text_only_id = await make_candidate(session, uploader, body)
    await _store_parse(session, parsed_id, body)
    stored = await resumes.stored_parses(session, [parsed_id, text_only_id])
    assert set(stored) == {parsed_id}  # a version never parsed has no stored parse
    fresh = parse_resume(extract_document(body.encode("utf-8"), "cv.txt"))
    entry = stored[parsed_id].parsed
    assert entry.fields == fresh.fields
    assert [(s.section_type, s.content, s.order) for s in entry.sections] == [
        (s.section_type, s.content, s.order) for s in fresh.sections
    ]
    assert set(stored[parsed_id].section_ids) == {s.order for s in fresh.sections}


async def test_fit_scoring_reads_the_stored_parse_not_the_text(
    session: AsyncSession, people: dict[str, SignedIn]
) -> None:
    uploader = people["senior"].user.id
    body = resume_text(start="Jan 2012")
    _, parsed_id = await make_candidate(session, uploader, body)
    _, text_only_id = await make_candidate(session, uploader, body)
    await _store_parse(session, parsed_id, body)
    # The stored fields say "no experience": only a reader of the stored parse can see it.
    await session.execute(
        text("UPDATE resumes SET fields = jsonb_set(fields, '{experience}', '[]') WHERE id = :id"),
        {"id": parsed_id},
    )
    session.expire_all()
    statements: list[str] = []
    connection = (await session.connection()).sync_connection
    assert connection is not None

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(connection, "before_cursor_execute", count)
    try:
        profiles = await candidate_profiles(session, [parsed_id, text_only_id])
    finally:
        event.remove(connection, "before_cursor_execute", count)
    assert len(statements) == 3  # versions, their sections, the text of the unparsed one
    job = JobProfile.model_validate(JOB)
    from_stored = score_resume(job, profiles[parsed_id])
    from_text = score_resume(job, profiles[text_only_id])
    assert from_text.fit_score == score_resume(job, profile_from_text(body)).fit_score
    assert from_stored.fit_score is not None and from_text.fit_score is not None
    assert from_stored.fit_score < from_text.fit_score  # scored without the experience


def test_a_stored_parse_without_readable_text_is_unscorable() -> None:
    parsed = parse_resume(extract_document(b"too short", "cv.txt"))
    assert isinstance(profile_from_parse(parsed), str)
