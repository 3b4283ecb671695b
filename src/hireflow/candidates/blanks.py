"""Filling a candidate's blanks from the parsed fields of their resume.

The resumes domain parses a version and stores its sections and fields; what of that lands on
the candidate (never overwriting what a person typed) is decided here.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.candidates import repository
from hireflow.candidates.models import Candidate
from hireflow.resumes.document import ResumeFields

# A name taken from a file name (e.g. migrated v1.0 data) counts as blank.
PROVISIONAL_NAME_SOURCES = frozenset({"file_name", "provisional"})


def split_name(name: str) -> tuple[str, str]:
    """First and last name from a full name; Japanese names are written family name first."""
    parts = name.replace("\u3000", " ").split()
    if not parts:
        return "", ""
    if len(parts) == 1:
        return parts[0], ""
    if any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in name):
        return " ".join(parts[1:]), parts[0]
    return parts[0], " ".join(parts[1:])


def fill_candidate(candidate: Candidate, fields: ResumeFields) -> list[str]:
    """Fill the candidate's empty fields from the resume; never overwrite what a person typed.

    A provisional name (from a file name, e.g. migrated v1.0 data) counts as empty.
    Returns the names of the fields that were filled.
    """
    filled: list[str] = []
    metadata: dict[str, Any] = dict(candidate.metadata_ or {})
    contact = fields.contact
    if contact.name and metadata.get("name_source") in PROVISIONAL_NAME_SOURCES:
        first, last = split_name(contact.name)
        if first:
            candidate.first_name, candidate.last_name = first[:100], (last or "-")[:100]
            metadata["name_source"] = "resume"
            filled += ["first_name", "last_name"]
    simple = {
        "email": contact.email,
        "phone": contact.phone,
        "current_company": fields.current_company,
        "current_position": fields.current_position,
    }
    for attribute, value in simple.items():
        if value and getattr(candidate, attribute) is None:
            setattr(candidate, attribute, value[:255])
            filled.append(attribute)
    if fields.years_experience is not None and candidate.years_experience is None:
        candidate.years_experience = int(fields.years_experience)
        filled.append("years_experience")
    if filled:
        metadata["auto_filled"] = sorted(set(metadata.get("auto_filled", [])) | set(filled))
        candidate.metadata_ = metadata
    return filled


async def _email_taken(session: AsyncSession, email: str, besides: uuid.UUID) -> bool:
    """Taken by any candidate, including ones row-level security hides from this user."""
    found = await session.scalar(
        text("SELECT hireflow_security.candidate_email_taken(:email, :besides)"),
        {"email": email, "besides": besides},
    )
    return bool(found)


async def fill_from_resume(
    session: AsyncSession, candidate_id: uuid.UUID, fields: ResumeFields
) -> list[str]:
    """Fill the (locked) candidate's blanks from a resume's fields; returns what was filled.

    An email another candidate already has is left out (emails are unique).
    """
    candidate = await repository.candidate_by_id(session, candidate_id, for_update=True)
    if candidate is None:
        return []
    return await fill_blanks(session, candidate, fields)


async def fill_blanks(
    session: AsyncSession, candidate: Candidate, fields: ResumeFields
) -> list[str]:
    """:func:`fill_from_resume` for a candidate the caller has already locked."""
    if fields.contact.email and await _email_taken(session, fields.contact.email, candidate.id):
        fields = replace(fields, contact=replace(fields.contact, email=None))
    if fields.contact.email and candidate.email is None:
        # Another transaction may take the same email between the check and the write
        # (two resumes of one person processed at once): then leave the email out.
        try:
            async with session.begin_nested():
                filled = fill_candidate(candidate, fields)
                await session.flush()
            return filled
        except IntegrityError:
            await session.refresh(candidate)
            fields = replace(fields, contact=replace(fields.contact, email=None))
    filled = fill_candidate(candidate, fields)
    await session.flush()
    return filled


async def provisional_candidate_ids(session: AsyncSession) -> list[uuid.UUID]:
    """Candidates whose name is still provisional (taken from a file name)."""
    return list(
        await session.scalars(
            select(Candidate.id).where(
                Candidate.metadata_["name_source"].astext.in_(PROVISIONAL_NAME_SOURCES)
            )
        )
    )


async def candidates_for_update(
    session: AsyncSession, candidate_ids: list[uuid.UUID]
) -> dict[uuid.UUID, Candidate]:
    """Many candidates by id, locked in id order, in one query."""
    rows = await session.scalars(
        select(Candidate)
        .where(Candidate.id.in_(candidate_ids))
        .order_by(Candidate.id)
        .with_for_update()
    )
    return {row.id: row for row in rows}
