"""Candidates with resumes (through the real services) and helpers to run the review job."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic_ai.models import Model
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.ai.schemas import AgentName, ReviewSpec
from hireflow.audit.service import RequestMeta
from hireflow.auth.models import User
from hireflow.candidates import service as candidates
from hireflow.candidates.schemas import AssignmentIn, CandidateIn
from hireflow.db.session import SYSTEM, switch_actor
from hireflow.resumes import service as resumes
from hireflow.resumes.models import Resume
from hireflow.resumes.parsing import parse_file
from hireflow.resumes.storage import LocalStorage
from tests.ai.model_support import answering, offline_payloads
from tests.resumes import samples

IMPROVED_RESUME = samples.ENGLISH_RESUME.replace(
    "SUMMARY", "SUMMARY\nShipped 12 payment features used by 3 million customers."
)


async def make_candidate(
    session: AsyncSession, creator: User, *, assign_to: User | None = None
) -> uuid.UUID:
    await switch_actor(session, SYSTEM)
    candidate = await candidates.create_candidate(
        session,
        CandidateIn(first_name="Jane", last_name="Doe"),
        actor_id=creator.id,
        actor_role="senior_recruiter",
        meta=RequestMeta(),
    )
    if assign_to is not None:
        await candidates.assign(
            session,
            candidate.id,
            AssignmentIn(user_id=assign_to.id),
            actor_id=creator.id,
            meta=RequestMeta(),
            assignee_active=True,
        )
    return candidate.id


async def add_resume(
    session: AsyncSession,
    tmp_path: Path,
    candidate_id: uuid.UUID,
    uploader: User,
    data: bytes | None = None,
    filename: str = "jane.pdf",
) -> Resume:
    await switch_actor(session, SYSTEM)
    data = data if data is not None else samples.text_pdf()
    path = tmp_path / f"{uuid.uuid4().hex}-{filename}"
    path.write_bytes(data)
    added = await resumes.add_version(
        session,
        LocalStorage(tmp_path / "files"),
        candidate_id,
        resumes.IncomingFile(filename, data),
        actor_id=uploader.id,
        meta=RequestMeta(),
        max_bytes=10_000_000,
        document_parsed=parse_file(path),
    )
    await session.flush()
    return added.resume


async def add_textless_resume(
    session: AsyncSession, candidate_id: uuid.UUID, uploader: User
) -> Resume:
    await switch_actor(session, SYSTEM)
    resume = Resume(
        id=uuid.uuid4(),
        candidate_id=candidate_id,
        uploaded_by_user_id=uploader.id,
        original_filename="scan.pdf",
        stored_filename="x/scan.pdf",
        file_hash="b" * 64,
        file_size=10,
        mime_type="application/pdf",
        status="completed",
    )
    session.add(resume)
    await session.flush()
    return resume


def fake_models(resume: Resume, spec: ReviewSpec, **changes: Any) -> dict[AgentName, Model]:
    """One FunctionModel per agent, answering what the offline engine would (plus changes)."""
    from hireflow.resumes.processing import parse_stored

    parsed = parse_stored(resume)
    assert parsed is not None
    payloads = offline_payloads(parsed, spec)
    for agent, update in changes.items():
        payloads[agent].update(update)  # type: ignore[index]

    def model_for(agent: AgentName) -> Callable[[int], dict[str, Any]]:
        return lambda _n: payloads[agent]

    return {agent: answering(model_for(agent)) for agent in payloads}
