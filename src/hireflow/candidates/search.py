"""Candidate search: full-text over names, email, company and position, fuzzy name matching
(pg_trgm), filters, sorting and keyset pagination. Row-level security scopes juniors.

A junior's query also names their visible set as ``id = ANY(ARRAY(visible ids))``: the
policy alone (``sees all OR id IN (visible ids) OR …``) is an OR the planner can only
apply as a filter, row by row along the sort index, through every candidate a junior does
not see; the array is an index condition on the primary key, so the page is read from the
junior's few thousand candidates. It narrows nothing the policy lets through for a query
(the policy is still applied on top): ``visible_candidate_ids()`` is the policy's own set.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    any_,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.auth.roles import Role
from hireflow.candidates.models import Assignment, Candidate
from hireflow.db.session import actor_of
from hireflow.kit.errors import BadRequest
from hireflow.kit.pagination import cursor_part, decode_cursor, encode_cursor
from hireflow.resumes import service as resumes

SortKey = Literal["newest", "oldest", "name", "updated"]
# Written exactly as the trigram index's expression, so the index is used.
_NAME: ColumnElement[str] = literal_column("(candidates.first_name || ' ' || candidates.last_name)")
# The policy's visible set, evaluated once per statement (an InitPlan) into an array.
_VISIBLE_IDS = literal_column(
    "ARRAY(SELECT hireflow_security.visible_candidate_ids())", ARRAY(UUID(as_uuid=True))
)


@dataclass(frozen=True)
class CandidateQuery:
    q: str | None = None
    status: str | None = None
    assigned_to: uuid.UUID | None = None
    created_by: uuid.UUID | None = None
    sort: SortKey = "newest"
    limit: int = 50
    cursor: str | None = None


def _sort_columns(sort: SortKey) -> tuple[Any, Any, bool]:
    """(sort column, tie-breaker, descending)."""
    return {
        "newest": (Candidate.created_at, Candidate.id, True),
        "oldest": (Candidate.created_at, Candidate.id, False),
        "updated": (Candidate.updated_at, Candidate.id, True),
        "name": (func.lower(_NAME), Candidate.id, False),
    }[sort]


_WORD = re.compile(r"\w+", re.UNICODE)
_SEES_ALL = (Role.SENIOR.value, Role.ADMIN.value, "system")


def _tsquery(q: str) -> str | None:
    """Every word as a prefix, all required. Only word characters reach ``to_tsquery``: its
    operators (& | ! : ( )) in user input would be a syntax error, not a search."""
    words = _WORD.findall(q)
    return " & ".join(f"{w}:*" for w in words) if words else None


def _matches(q: str, resume_match: Any | None) -> Any:
    """Full-text on every word (prefix match) over the candidate's fields or their resume
    text (``resume_match``, from the resumes service), or a fuzzy name/company match for
    typos."""
    conditions: list[Any] = [
        _NAME.op("%", is_comparison=True)(q),
        Candidate.current_company.op("%", is_comparison=True)(q),
        func.lower(Candidate.email) == q.lower(),
    ]
    tsquery = _tsquery(q)
    if tsquery:
        conditions.append(
            literal_column("search_vector").op("@@")(func.to_tsquery("simple", tsquery))
        )
    if resume_match is not None:
        # Resume text too ("postgres" finds the people whose resumes list it).
        conditions.append(resume_match)
    return or_(*conditions)


def _parse_time(raw: str) -> datetime:
    try:
        return datetime.fromisoformat(raw)
    except ValueError as exc:
        raise BadRequest("The page cursor is not valid.") from exc


def build_query(
    params: CandidateQuery, *, junior: bool = False, resume_match: Any | None = None
) -> Select[Candidate]:
    """The page's statement; ``junior`` drives it from the junior's visible set."""
    query = select(Candidate)
    if junior:
        query = query.where(Candidate.id == any_(_VISIBLE_IDS))
    if params.q and params.q.strip():
        query = query.where(_matches(params.q.strip(), resume_match))
    if params.status:
        query = query.where(Candidate.status == params.status)
    if params.created_by:
        query = query.where(Candidate.created_by_user_id == params.created_by)
    if params.assigned_to:
        query = query.where(
            Candidate.id.in_(
                select(Assignment.candidate_id).where(
                    Assignment.user_id == params.assigned_to, Assignment.is_active
                )
            )
        )
    column, tie, descending = _sort_columns(params.sort)
    if params.cursor:
        raw, raw_id = decode_cursor(params.cursor, 2)
        value: Any = raw if params.sort == "name" else _parse_time(raw)
        row_id = cursor_part(raw_id, uuid.UUID)
        after = (column < value) if descending else (column > value)
        same = and_(column == value, (tie < row_id) if descending else (tie > row_id))
        query = query.where(or_(after, same))
    order = (column.desc(), tie.desc()) if descending else (column.asc(), tie.asc())
    return query.order_by(*order).limit(params.limit + 1)


async def search(
    session: AsyncSession, params: CandidateQuery
) -> tuple[list[Candidate], str | None]:
    """One page of candidates and the cursor of the next page (None on the last)."""
    if params.q:
        # Looser trigram threshold than the default 0.3: names are short, typos common.
        await session.execute(
            text("SELECT set_config('pg_trgm.similarity_threshold', '0.25', true)")
        )
    role = actor_of(session).role
    junior = role == Role.JUNIOR.value
    resume_match = None
    tsquery = _tsquery(params.q.strip()) if params.q else None
    if tsquery:
        resume_match = await resumes.resume_words_condition(
            session, tsquery, Candidate.id, sees_all=role in _SEES_ALL
        )
    query = build_query(params, junior=junior, resume_match=resume_match)
    rows = list(await session.scalars(query))
    next_cursor = None
    if len(rows) > params.limit:
        last = rows[params.limit - 1]
        sort_value: Any = {
            "newest": last.created_at,
            "oldest": last.created_at,
            "updated": last.updated_at,
            "name": f"{last.first_name} {last.last_name}".lower(),
        }[params.sort]
        value = sort_value.isoformat() if hasattr(sort_value, "isoformat") else sort_value
        next_cursor = encode_cursor(value, last.id)
    return rows[: params.limit], next_cursor


async def suggestions(session: AsyncSession, q: str, limit: int = 8) -> list[Candidate]:
    """The candidate picker's matches for what was typed (nothing under two characters)."""
    q = q.strip()[:200]
    if len(q) < 2:
        return []
    rows, _ = await search(session, CandidateQuery(q=q, limit=limit))
    return rows


def option(candidate: Candidate) -> dict[str, str]:
    """A picker's option for a candidate (the shape of ``auth.people.option``)."""
    detail = " · ".join(x for x in (candidate.email, candidate.current_company) if x)
    return {"id": str(candidate.id), "label": candidate.full_name, "detail": detail}


async def pick(session: AsyncSession, typed: str) -> tuple[uuid.UUID | None, list[Candidate]]:
    """What a picker's field names: a candidate id, or the one candidate whose name or email
    matches; else (None, the candidates to choose from)."""
    typed = typed.strip()
    try:
        return uuid.UUID(typed), []
    except ValueError:
        pass
    rows = await suggestions(session, typed)
    wanted = typed.casefold()
    exact = [c for c in rows if wanted in (c.full_name.casefold(), (c.email or "").casefold())]
    if len(exact) == 1:
        return exact[0].id, []
    if len(rows) == 1:
        return rows[0].id, []
    return None, rows
