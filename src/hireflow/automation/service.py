"""Automation log entries, feature flags (global switches; jobs add their own) and the
workers' heartbeat."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.audit.service import scrub
from hireflow.automation.models import AutomationLog, FeatureFlag
from hireflow.kit.errors import NotFound


class Trigger(StrEnum):
    AUTO = "auto"
    MANUAL = "manual"
    SCHEDULED = "scheduled"


class Flag(StrEnum):
    GLOBAL_AUTOMATION = "global_automation"
    AUTO_SHORTLISTING = "auto_shortlisting"
    AUTO_PROMOTION = "auto_promotion"
    NEGOTIATION_BOT = "negotiation_bot"
    NO_SHOW_PREDICTION = "no_show_prediction"
    CALENDAR_INTEGRATION = "calendar_integration"


async def log_action(
    session: AsyncSession,
    *,
    job_id: uuid.UUID | None,
    action: str,
    trigger: Trigger,
    actor_id: uuid.UUID | None = None,
    application_id: uuid.UUID | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    await session.execute(
        insert(AutomationLog).values(
            job_id=job_id,
            application_id=application_id,
            action_type=action,
            trigger_source=trigger.value,
            actor_user_id=actor_id,
            details=scrub(details) or {},
        )
    )


@dataclass(frozen=True)
class LogEntry:
    """One automation log row, for :func:`log_actions`."""

    job_id: uuid.UUID | None
    action: str
    trigger: Trigger
    actor_id: uuid.UUID | None = None
    application_id: uuid.UUID | None = None
    details: dict[str, Any] | None = None


async def log_actions(session: AsyncSession, entries: Sequence[LogEntry]) -> None:
    """Many log rows in one statement (a shortlisting run logs one per application)."""
    if not entries:
        return
    await session.execute(
        insert(AutomationLog),
        [
            {
                "job_id": e.job_id,
                "application_id": e.application_id,
                "action_type": e.action,
                "trigger_source": e.trigger.value,
                "actor_user_id": e.actor_id,
                "details": scrub(e.details) or {},
            }
            for e in entries
        ],
    )


async def job_log(
    session: AsyncSession, job_id: uuid.UUID, limit: int = 200
) -> Sequence[AutomationLog]:
    rows = await session.scalars(
        select(AutomationLog)
        .where(AutomationLog.job_id == job_id)
        .order_by(AutomationLog.created_at.desc(), AutomationLog.id)
        .limit(limit)
    )
    return rows.all()


async def flags(session: AsyncSession) -> dict[str, bool]:
    rows = await session.execute(select(FeatureFlag.flag_name, FeatureFlag.is_enabled))
    return {name: enabled for name, enabled in rows.all()}


async def list_flags(session: AsyncSession) -> Sequence[FeatureFlag]:
    return (await session.scalars(select(FeatureFlag).order_by(FeatureFlag.flag_name))).all()


async def set_flag(session: AsyncSession, name: str, enabled: bool) -> FeatureFlag:
    flag: FeatureFlag | None = await session.scalar(
        update(FeatureFlag)
        .where(FeatureFlag.flag_name == name)
        .values(is_enabled=enabled)
        .returning(FeatureFlag)
    )
    if flag is None:
        raise NotFound(f"There is no feature flag called {name!r}.")
    return flag


async def automation_allowed(session: AsyncSession, *needed: Flag) -> bool:
    """Whether the global switch and every flag in ``needed`` are on (missing flags: off)."""
    current = await flags(session)
    return all(current.get(flag.value, False) for flag in (Flag.GLOBAL_AUTOMATION, *needed))


WORKER_NAME = f"{socket.gethostname()}"

_BEAT = text(
    "INSERT INTO worker_heartbeats (worker_name, beat_at) VALUES (:name, now()) "
    "ON CONFLICT (worker_name) DO UPDATE "
    "SET beat_at = now(), beats = worker_heartbeats.beats + 1"
)


async def record_heartbeat(session: AsyncSession, worker_name: str = WORKER_NAME) -> None:
    await session.execute(_BEAT, {"name": worker_name})


async def heartbeat_age_seconds(session: AsyncSession) -> float | None:
    """Seconds since any worker last ran the heartbeat task; None when none ever did."""
    value = await session.scalar(
        text("SELECT extract(epoch FROM now() - max(beat_at)) FROM worker_heartbeats")
    )
    return None if value is None else float(value)
