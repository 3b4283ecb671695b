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
    bindparam,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.sql.util import ClauseAdapter

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


# Company matches are listed from the trigram index (under RLS ``%`` cannot use it) up to
# this many; past it (a common company name) each candidate read is compared instead.
COMPANY_MATCHES_LISTED = 1_000


async def company_condition(session: AsyncSession, q: str) -> ColumnElement[bool] | None:
    """Candidates whose company is like ``q`` (trigrams), among those the identity may see:
    the listed matches, None when there are none, or the row-by-row comparison when there
    are too many to list (for a junior: too many within their visible set)."""
    listed = select(func.hireflow_security.candidates_with_company_like(q, COMPANY_MATCHES_LISTED))
    found = list((await session.scalars(listed)).all())
    if None in found:
        return Candidate.current_company.op("%", is_comparison=True)(q)
    if not found:
        return None
    return Candidate.id == any_(bindparam("company_matches", found, ARRAY(UUID(as_uuid=True))))


def _matches(q: str, company_match: Any | None, resume_match: Any | None) -> Any:
    """Full-text on every word (prefix match) over the candidate's fields or their resume
    text (``resume_match``, from the resumes service), or a fuzzy name/company match for
    typos (``company_match``: :func:`company_condition`). Cheapest first: an OR stops at the
    first condition that holds, and a trigram comparison costs microseconds a row."""
    conditions: list[Any] = [func.lower(Candidate.email) == q.lower()]
    tsquery = _tsquery(q)
    if tsquery:
        conditions.append(
            literal_column("search_vector").op("@@")(func.to_tsquery("simple", tsquery))
        )
    conditions.append(_NAME.op("%", is_comparison=True)(q))
    if company_match is not None:
        conditions.append(company_match)
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
    params: CandidateQuery,
    *,
    junior: bool = False,
    resume_match: Any | None = None,
    company_match: Any | None = None,
) -> Select[Any]:
    """The page's statement; ``junior`` drives it from the junior's visible set.

    A junior's search reads their visible candidates in the page's order first and applies
    the search conditions to that ordered stream (``OFFSET 0`` keeps PostgreSQL from pushing
    them below the sort), so it stops at a page: a condition checked one candidate at a time
    (a word in most resumes) runs for about a page of rows, not for all ~2,000."""
    column, tie, descending = _sort_columns(params.sort)
    order = (column.desc(), tie.desc()) if descending else (column.asc(), tie.asc())
    query: Select[Any] = select(Candidate)
    if junior:
        query = query.where(Candidate.id == any_(_VISIBLE_IDS))
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
    if params.cursor:
        raw, raw_id = decode_cursor(params.cursor, 2)
        value: Any = raw if params.sort == "name" else _parse_time(raw)
        row_id = cursor_part(raw_id, uuid.UUID)
        after = (column < value) if descending else (column > value)
        same = and_(column == value, (tie < row_id) if descending else (tie > row_id))
        query = query.where(or_(after, same))
    q = params.q.strip() if params.q else ""
    if not q:
        return query.order_by(*order).limit(params.limit + 1)
    matches = _matches(q, company_match, resume_match)
    if not junior:
        return query.where(matches).order_by(*order).limit(params.limit + 1)
    # Named as the table, so the search conditions (written on ``candidates``) read the
    # ordered visible rows.
    ordered = (
        query.add_columns(literal_column("candidates.search_vector").label("search_vector"))
        .order_by(*order)
        .offset(0)
        .subquery("candidates")
    )
    row = aliased(Candidate, ordered)
    outer_column, outer_tie, _ = _sort_columns_of(row, params.sort)
    outer_order = (
        (outer_column.desc(), outer_tie.desc())
        if descending
        else (outer_column.asc(), outer_tie.asc())
    )
    on_ordered = ClauseAdapter(ordered).traverse(matches)
    return select(row).where(on_ordered).order_by(*outer_order).limit(params.limit + 1)


def _sort_columns_of(row: Any, sort: SortKey) -> tuple[Any, Any, bool]:
    """:func:`_sort_columns` on an alias of the candidates."""
    return {
        "newest": (row.created_at, row.id, True),
        "oldest": (row.created_at, row.id, False),
        "updated": (row.updated_at, row.id, True),
        "name": (func.lower(_NAME), row.id, False),
    }[sort]


async def search(
    session: AsyncSession, params: CandidateQuery
) -> tuple[list[Candidate], str | None]:
    """One page of candidates and the cursor of the next page (None on the last)."""
    role = actor_of(session).role
    junior = role == Role.JUNIOR.value
    resume_match = company_match = None
    q = params.q.strip() if params.q else ""
    if q:
        # Looser trigram threshold than the default 0.3: names are short, typos common.
        await session.execute(
            text("SELECT set_config('pg_trgm.similarity_threshold', '0.25', true)")
        )
        company_match = await company_condition(session, q)
        tsquery = _tsquery(q)
        if tsquery:
            resume_match = await resumes.resume_words_condition(
                session, tsquery, Candidate.id, sees_all=role in _SEES_ALL
            )
    query = build_query(
        params, junior=junior, resume_match=resume_match, company_match=company_match
    )
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
