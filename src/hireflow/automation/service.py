"""Automation log entries, feature flags (global switches; jobs add their own) and the
workers' heartbeat."""

from __future__ import annotations

import json
import socket
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.audit.service import scrub
from hireflow.automation.models import AutomationLog, FeatureFlag
from hireflow.kit.errors import Conflict, NotFound


class Trigger(StrEnum):
    """Who made a change: automation, a recruiter, a scheduled task, or the candidate through
    their link (accept, decline, pick a time, reschedule, cancel, confirm attendance)."""

    AUTO = "auto"
    MANUAL = "manual"
    SCHEDULED = "scheduled"
    CANDIDATE = "candidate"


class Flag(StrEnum):
    GLOBAL_AUTOMATION = "global_automation"
    AUTO_SHORTLISTING = "auto_shortlisting"
    AUTO_PROMOTION = "auto_promotion"
    NEGOTIATION_BOT = "negotiation_bot"
    NO_SHOW_PREDICTION = "no_show_prediction"
    CALENDAR_INTEGRATION = "calendar_integration"


# Flags of features this version does not have: shown as "not available", never as on, and
# they cannot be switched on (the domain that brings the feature removes its flag from here).
# (no_show_prediction left it when the interviews domain began scoring and storing risk.)
NOT_AVAILABLE: frozenset[Flag] = frozenset()


def flag_available(name: str) -> bool:
    return name not in NOT_AVAILABLE


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


_LOG_MANY = text(
    """
    INSERT INTO automation_logs (id, job_id, application_id, action_type, trigger_source,
                                 actor_user_id, details)
    SELECT gen_random_uuid(), r.job_id, r.application_id, r.action, r.trigger, r.actor_id,
           coalesce(r.details, '{}'::jsonb)
      FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(job_id uuid, application_id uuid,
           action text, trigger text, actor_id uuid, details jsonb)
    """
)


async def log_actions(session: AsyncSession, entries: Sequence[LogEntry]) -> None:
    """Many log rows in one statement with one parameter (a shortlisting run, a scheduler
    sweep: one round trip however many rows)."""
    if not entries:
        return
    rows = [
        {
            "job_id": str(e.job_id) if e.job_id else None,
            "application_id": str(e.application_id) if e.application_id else None,
            "action": e.action,
            "trigger": e.trigger.value,
            "actor_id": str(e.actor_id) if e.actor_id else None,
            "details": scrub(e.details) or {},
        }
        for e in entries
    ]
    await session.execute(_LOG_MANY, {"rows": json.dumps(rows, default=str)})


async def filtered_log(
    session: AsyncSession,
    *,
    job_id: uuid.UUID | None = None,
    action: str | None = None,
    trigger: str | None = None,
    since: datetime | None = None,
    limit: int = 200,
) -> Sequence[AutomationLog]:
    """The automation log, newest first, narrowed by job, action (prefix), trigger, time."""
    query = select(AutomationLog)
    if job_id is not None:
        query = query.where(AutomationLog.job_id == job_id)
    if action:
        query = query.where(AutomationLog.action_type.startswith(action, autoescape=True))
    if trigger:
        query = query.where(AutomationLog.trigger_source == trigger)
    if since is not None:
        query = query.where(AutomationLog.created_at >= since)
    rows = await session.scalars(
        query.order_by(AutomationLog.created_at.desc(), AutomationLog.id).limit(limit)
    )
    return rows.all()


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
    if enabled and not flag_available(name):
        raise Conflict(f"{name.replace('_', ' ').capitalize()} is not available in this version.")
    flag: FeatureFlag | None = await session.scalar(
        update(FeatureFlag)
        .where(FeatureFlag.flag_name == name)
        .values(is_enabled=enabled)
        .returning(FeatureFlag)
    )
    if flag is None:
        raise NotFound(f"There is no feature flag called {name!r}.")
    return flag


async def flag_on(session: AsyncSession, flag: Flag) -> bool:
    """Whether one feature flag is available in this version and switched on."""
    return flag_available(flag) and (await flags(session)).get(flag.value, False)


async def automation_allowed(session: AsyncSession, *needed: Flag) -> bool:
    """Whether the global switch and every flag in ``needed`` are on (missing flags: off)."""
    current = await flags(session)
    return all(
        current.get(flag.value, False) and flag_available(flag)
        for flag in (Flag.GLOBAL_AUTOMATION, *needed)
    )


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
