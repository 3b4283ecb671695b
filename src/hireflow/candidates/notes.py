"""Recruiters' notes (with @mentions that notify) and tags on a candidate.

A mention is ``@`` followed by a colleague's email, the part of it before the ``@``, or a
first name that only one active colleague has. Row-level security scopes notes and tags
exactly like the candidate they belong to.
"""

from __future__ import annotations

import re
import uuid
from typing import Protocol, TypeVar

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.audit.service import AuditAction, EntityType, RequestMeta, record_activity
from hireflow.auth import accounts, people
from hireflow.candidates import repository
from hireflow.candidates.models import CandidateNote, CandidateTag
from hireflow.db.writes import flush_or_conflict
from hireflow.kit.errors import NotFound, Unprocessable
from hireflow.notifications import service as notifications

_MENTION = re.compile(r"(?<![\w@])@([\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?)", re.UNICODE)
MAX_NOTE = 10_000
MAX_TAG = 50


class Colleague(Protocol):
    @property
    def id(self) -> uuid.UUID: ...
    @property
    def email(self) -> str: ...
    @property
    def first_name(self) -> str: ...
    @property
    def is_active(self) -> bool: ...


C = TypeVar("C", bound=Colleague)


def mentioned(body: str, people: list[C]) -> list[C]:
    """The active colleagues a note mentions, each once, in order of first mention."""
    active = [u for u in people if u.is_active]
    by_first: dict[str, list[C]] = {}
    for user in active:
        by_first.setdefault(user.first_name.casefold(), []).append(user)
    found: dict[uuid.UUID, C] = {}
    for raw in _MENTION.findall(body):
        token = raw.rstrip(".").casefold()
        match = next(
            (
                u
                for u in active
                if u.email.casefold() == token or u.email.casefold().split("@")[0] == token
            ),
            None,
        )
        if match is None and len(by_first.get(token, [])) == 1:
            match = by_first[token][0]
        if match is not None:
            found.setdefault(match.id, match)
    return list(found.values())


def handle_of(user: C, people: list[C]) -> str | None:
    """What to type after ``@`` so that ``mentioned`` finds exactly this colleague: the first
    name, the part of the email before ``@``, or the whole email (None if none does)."""
    local = user.email.split("@")[0]
    for handle in (user.first_name.casefold(), local.casefold(), user.email.casefold()):
        if [u.id for u in mentioned(f"@{handle}", people)] == [user.id]:
            return handle
    return None


async def mentionable(
    session: AsyncSession, candidate_id: uuid.UUID, typed: str, *, actor_id: uuid.UUID
) -> list[dict[str, str]]:
    """The colleagues a note on this candidate can mention whose name or email matches what
    was typed after ``@``, each with the handle that mentions them (the author left out).
    The candidate must be one the author sees."""
    await _visible(session, candidate_id)
    colleagues = await accounts.list_users(session)
    options = []
    for user in people.matching(colleagues, typed, limit=len(colleagues)):
        handle = handle_of(user, colleagues) if user.id != actor_id else None
        if handle is not None:
            options.append(people.option(user) | {"handle": handle})
    return options[: people.SUGGESTIONS]


async def _visible(session: AsyncSession, candidate_id: uuid.UUID) -> str:
    candidate = await repository.candidate_by_id(session, candidate_id)
    if candidate is None:
        raise NotFound("No such candidate, or it is not assigned to you.")
    return candidate.full_name


async def add_note(
    session: AsyncSession,
    candidate_id: uuid.UUID,
    body: str,
    *,
    actor_id: uuid.UUID,
    meta: RequestMeta,
) -> CandidateNote:
    """Save a note and notify every colleague it mentions (not the author)."""
    body = body.strip()
    if not body:
        raise Unprocessable("Write something in the note first.")
    if len(body) > MAX_NOTE:
        raise Unprocessable(f"A note holds at most {MAX_NOTE:,} characters.")
    name = await _visible(session, candidate_id)
    colleagues = await accounts.list_users(session)
    people = mentioned(body, colleagues)
    note = CandidateNote(
        id=uuid.uuid4(),
        candidate_id=candidate_id,
        author_user_id=actor_id,
        body=body,
        mentioned_user_ids=[u.id for u in people],
    )
    session.add(note)
    await session.flush()
    author = next((u for u in colleagues if u.id == actor_id), None)
    by = author.full_name if author else "A colleague"
    await notifications.notify_many(
        session,
        [
            (
                u.id,
                "mention",
                f"{by} mentioned you on {name}",
                body[:300],
                f"/candidates/{candidate_id}#note-{note.id}",
            )
            for u in people
            if u.id != actor_id
        ],
    )
    await record_activity(
        session,
        user_id=actor_id,
        action=AuditAction.UPDATE,
        entity_type=EntityType.CANDIDATE,
        entity_id=candidate_id,
        new={"note_added": True, "mentions": len(people)},
        meta=meta,
    )
    await session.refresh(note)
    return note


async def notes_of(session: AsyncSession, candidate_id: uuid.UUID) -> list[CandidateNote]:
    query = (
        select(CandidateNote)
        .where(CandidateNote.candidate_id == candidate_id)
        .order_by(CandidateNote.created_at.desc(), CandidateNote.id)
    )
    return list(await session.scalars(query))


async def add_tag(
    session: AsyncSession,
    candidate_id: uuid.UUID,
    tag: str,
    *,
    actor_id: uuid.UUID,
    meta: RequestMeta,
) -> CandidateTag:
    tag = " ".join(tag.split())
    if not tag:
        raise Unprocessable("Type a tag first.")
    if len(tag) > MAX_TAG:
        raise Unprocessable(f"A tag is at most {MAX_TAG} characters.")
    await _visible(session, candidate_id)
    row = CandidateTag(
        id=uuid.uuid4(), candidate_id=candidate_id, tag=tag, created_by_user_id=actor_id
    )
    session.add(row)
    await flush_or_conflict(session, f"The candidate already has the tag “{tag}”.")
    await record_activity(
        session,
        user_id=actor_id,
        action=AuditAction.UPDATE,
        entity_type=EntityType.CANDIDATE,
        entity_id=candidate_id,
        new={"tag_added": tag},
        meta=meta,
    )
    return row


async def remove_tag(
    session: AsyncSession,
    candidate_id: uuid.UUID,
    tag_id: uuid.UUID,
    *,
    actor_id: uuid.UUID,
    meta: RequestMeta,
) -> None:
    row = await session.scalar(
        select(CandidateTag).where(
            CandidateTag.id == tag_id, CandidateTag.candidate_id == candidate_id
        )
    )
    if row is None:
        raise NotFound("The candidate has no such tag.")
    await session.execute(delete(CandidateTag).where(CandidateTag.id == tag_id))
    await record_activity(
        session,
        user_id=actor_id,
        action=AuditAction.UPDATE,
        entity_type=EntityType.CANDIDATE,
        entity_id=candidate_id,
        old={"tag": row.tag},
        new={"tag_removed": row.tag},
        meta=meta,
    )


async def tags_of(session: AsyncSession, candidate_id: uuid.UUID) -> list[CandidateTag]:
    query = (
        select(CandidateTag)
        .where(CandidateTag.candidate_id == candidate_id)
        .order_by(func.lower(CandidateTag.tag))
    )
    return list(await session.scalars(query))
