"""Likely duplicates of a candidate: same email, same phone, or a similar name at a similar
company (pg_trgm). Each match says why, so a recruiter can judge before merging."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.candidates.models import Candidate

NAME_SIMILARITY = 0.6
COMPANY_SIMILARITY = 0.5


@dataclass(frozen=True)
class DuplicateMatch:
    candidate: Candidate
    reasons: tuple[str, ...]
    strong: bool  # same email or phone: almost certainly the same person


def _digits(phone: str | None) -> str | None:
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    return digits[-10:] if len(digits) >= 7 else None


async def find_duplicates(
    session: AsyncSession,
    *,
    first_name: str,
    last_name: str,
    email: str | None,
    phone: str | None,
    company: str | None,
    exclude: uuid.UUID | None = None,
    limit: int = 10,
) -> list[DuplicateMatch]:
    """Exact email and phone matches first (all of them), then up to ``limit`` similar names:
    one answer for create, import and the careers form."""
    name = f"{first_name} {last_name}".strip()
    full_name = Candidate.first_name + " " + Candidate.last_name
    phone_tail = _digits(phone)
    columns = (
        Candidate,
        func.similarity(full_name, name).label("name_sim"),
        func.similarity(func.coalesce(Candidate.current_company, ""), company or "").label(
            "company_sim"
        ),
    )
    exact = []
    if email:
        exact.append(func.lower(Candidate.email) == email.lower())
        # pending duplicate profiles keep the address they were filed with aside
        for key in ("pending_email", "applied_with_email"):
            exact.append(func.lower(Candidate.metadata_[key].astext) == email.lower())
    if phone_tail:
        exact.append(func.right(Candidate.phone_digits, 10) == phone_tail)
    queries = [
        select(*columns)
        .where(func.similarity(full_name, name) >= NAME_SIMILARITY)
        .order_by(func.similarity(full_name, name).desc())
        .limit(limit)
    ]
    if exact:
        queries.insert(0, select(*columns).where(or_(*exact)).limit(100))
    rows: dict[uuid.UUID, tuple[Candidate, float, float]] = {}
    for query in queries:
        if exclude is not None:
            query = query.where(Candidate.id != exclude)
        for candidate, name_sim, company_sim in (await session.execute(query)).all():
            rows.setdefault(candidate.id, (candidate, name_sim, company_sim))
    matches: list[DuplicateMatch] = []
    for candidate, name_sim, company_sim in rows.values():
        reasons: list[str] = []
        shown = candidate.contact_email
        if email and shown and shown.lower() == email.lower():
            reasons.append("same email")
        if phone_tail and _digits(candidate.phone) == phone_tail:
            reasons.append("same phone")
        similar_name = name_sim >= NAME_SIMILARITY
        similar_company = bool(company) and company_sim >= COMPANY_SIMILARITY
        if similar_name and similar_company:
            reasons.append(f"similar name ({name_sim:.0%}) at a similar company")
        elif similar_name and not reasons:
            continue  # a common name alone is not evidence
        if reasons:
            matches.append(
                DuplicateMatch(
                    candidate, tuple(reasons), strong=any(r.startswith("same") for r in reasons)
                )
            )
    return matches
