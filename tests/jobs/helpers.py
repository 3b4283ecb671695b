"""Test data for jobs: candidates with a stored resume text, created as the system."""

from __future__ import annotations

import hashlib
import uuid

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.db.session import SYSTEM, Actor, switch_actor


def resume_text(
    *,
    name: str = "Alex Morgan",
    title: str = "Senior Backend Engineer",
    skills: str = "Python, PostgreSQL, Docker, Kubernetes, AWS",
    start: str = "Jan 2018",
    school: str = "State University",
    address: str = "12 Oak Street, Springfield",
    duties: str = "Built REST APIs in Python with PostgreSQL; ran services on Docker and AWS.",
) -> str:
    return f"""{name}
{name.lower().replace(" ", ".")}@example.test | +1 555 0100 | {address}

SUMMARY
Backend engineer building reliable services and APIs.

WORK EXPERIENCE
{title}, Example Corp
{start} - Present
{duties}

EDUCATION
{school}
B.S. in Computer Science, 2010 - 2014

SKILLS
{skills}
"""


async def make_candidate(
    session: AsyncSession,
    uploader_id: uuid.UUID,
    resume: str | None,
    *,
    actor: Actor | None = None,
) -> tuple[uuid.UUID, uuid.UUID]:
    """A candidate with one resume (``resume`` None: a resume with no extracted text)."""
    await switch_actor(session, SYSTEM)
    candidate_id, resume_id = uuid.uuid4(), uuid.uuid4()
    await session.execute(
        text("INSERT INTO candidates (id, first_name, last_name) VALUES (:id, 'Test', 'Person')"),
        {"id": candidate_id},
    )
    digest = hashlib.sha256(str(resume_id).encode()).hexdigest()
    await session.execute(
        text(
            "INSERT INTO resumes (id, candidate_id, uploaded_by_user_id, original_filename, "
            "stored_filename, file_hash, file_size, mime_type, status, extracted_text) VALUES "
            "(:id, :candidate, :uploader, 'cv.txt', :stored, :hash, 100, 'text/plain', "
            "'completed', :text)"
        ),
        {
            "id": resume_id,
            "candidate": candidate_id,
            "uploader": uploader_id,
            "stored": f"{resume_id}.txt",
            "hash": digest,
            "text": resume,
        },
    )
    if actor is not None:
        await switch_actor(session, actor)
    return candidate_id, resume_id


JOB = {
    "title": "Senior Backend Engineer",
    "description": "Build APIs in Python with PostgreSQL; deploy with Docker on AWS.",
    "must_have_skills": ["python", "postgres", "docker"],
    "nice_to_have_skills": ["k8s", "aws"],
    "min_years_experience": 4,
    "education_level": "bachelor",
    "location": "Remote",
}
