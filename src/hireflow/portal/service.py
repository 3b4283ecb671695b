"""Deletion requests (a senior acts on them) and per-job candidate status mail settings."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.kit.errors import Conflict, NotFound


@dataclass(frozen=True)
class DeletionRequest:
    id: uuid.UUID
    candidate_id: uuid.UUID | None
    status: str
    requested_at: datetime
    handled_by_user_id: uuid.UUID | None
    handled_at: datetime | None


_COLUMNS = "id, candidate_id, status, requested_at, handled_by_user_id, handled_at"


async def request_deletion(
    session: AsyncSession, candidate_id: uuid.UUID, now: datetime
) -> tuple[DeletionRequest, bool]:
    """The candidate's open deletion request, and whether this call opened it (one per
    candidate: asking twice keeps the first)."""
    created = await session.execute(
        text(
            f"INSERT INTO portal_deletion_requests (candidate_id, requested_at) VALUES (:c, :now) "
            f"ON CONFLICT (candidate_id) WHERE status = 'pending' DO NOTHING RETURNING {_COLUMNS}"
        ),
        {"c": candidate_id, "now": now},
    )
    row = created.first()
    if row is not None:
        return DeletionRequest(**row._mapping), True
    existing = await open_request_of(session, candidate_id)
    assert existing is not None
    return existing, False


async def open_request_of(session: AsyncSession, candidate_id: uuid.UUID) -> DeletionRequest | None:
    row = (
        await session.execute(
            text(
                f"SELECT {_COLUMNS} FROM portal_deletion_requests "
                "WHERE candidate_id = :c AND status = 'pending'"
            ),
            {"c": candidate_id},
        )
    ).first()
    return DeletionRequest(**row._mapping) if row else None


async def pending_requests(session: AsyncSession) -> Sequence[DeletionRequest]:
    rows = await session.execute(
        text(
            f"SELECT {_COLUMNS} FROM portal_deletion_requests WHERE status = 'pending' "
            "ORDER BY requested_at"
        )
    )
    return [DeletionRequest(**row._mapping) for row in rows]


async def close_request(
    session: AsyncSession,
    request_id: uuid.UUID,
    outcome: str,
    *,
    actor_id: uuid.UUID,
    now: datetime,
) -> DeletionRequest:
    """Mark a pending request ``erased`` or ``declined`` (once: a second click is a conflict)."""
    if outcome not in ("erased", "declined"):
        raise NotFound("Unknown outcome.")
    row = (
        await session.execute(
            text(
                "UPDATE portal_deletion_requests SET status = :outcome, handled_by_user_id = :u, "
                "handled_at = :now WHERE id = :id AND status = 'pending' "
                f"RETURNING {_COLUMNS}"
            ),
            {"outcome": outcome, "u": actor_id, "now": now, "id": request_id},
        )
    ).first()
    if row is None:
        raise Conflict("This request was already handled.")
    return DeletionRequest(**row._mapping)


async def status_mail_on(session: AsyncSession, job_id: uuid.UUID) -> bool:
    """Whether the job's candidates are told when they are rejected or withdrawn (default)."""
    value = await session.scalar(
        text("SELECT status_mail FROM portal_job_settings WHERE job_id = :j"), {"j": job_id}
    )
    return True if value is None else bool(value)


async def set_status_mail(session: AsyncSession, job_id: uuid.UUID, on: bool) -> None:
    await session.execute(
        text(
            "INSERT INTO portal_job_settings (job_id, status_mail) VALUES (:j, :on) "
            "ON CONFLICT (job_id) DO UPDATE SET status_mail = EXCLUDED.status_mail"
        ),
        {"j": job_id, "on": on},
    )
