"""The activity log with names: the ids of users, candidates, jobs and applications that
entries mention are looked up (batched) in the domains that own them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.audit.readable import ActivityRow, ReadableEntry, describe, ids_in
from hireflow.auth import accounts
from hireflow.candidates import service as candidates
from hireflow.jobs import service as jobs


async def readable(
    session: AsyncSession,
    rows: Sequence[ActivityRow],
    *,
    known: dict[uuid.UUID, str] | None = None,
) -> list[ReadableEntry]:
    """The rows with every id they mention replaced by a name (a few batched look-ups;
    ``known`` names, such as the page's own candidate and users, are not looked up again)."""
    names: dict[uuid.UUID, str] = dict(known or {})
    ids = list(ids_in(rows) - names.keys())
    if ids:
        users = await accounts.users_by_ids(session, ids)
        names |= {i: u.full_name for i, u in users.items()}
        ids = [i for i in ids if i not in names]
    if ids:
        names |= await candidates.names_of(session, ids)
        names |= await jobs.titles_of(session, [i for i in ids if i not in names])
    parties = await jobs.application_parties(session, [i for i in ids if i not in names])
    missing = {p for pair in parties.values() for p in pair} - names.keys()
    if missing:
        names |= await candidates.names_of(session, list(missing))
        names |= await jobs.titles_of(session, list(missing))
    for application_id, (candidate_id, job_id) in parties.items():
        names[application_id] = (
            f"of {names.get(candidate_id, 'a candidate')} to {names.get(job_id, 'a job')}"
        )
    return [describe(row, names) for row in rows]
