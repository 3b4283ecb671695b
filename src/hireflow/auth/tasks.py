"""Background jobs of the auth domain: pruning sign-in rate limits and old refresh tokens."""

from __future__ import annotations

from hireflow import queue
from hireflow.auth.repository import prune_security_counters
from hireflow.db.session import SYSTEM, unit_of_work


@queue.app.periodic(cron="17 * * * *", periodic_id="prune_security_counters")
@queue.app.task(
    name="prune_security_counters", queueing_lock="prune_security_counters", pass_context=False
)
async def prune_security_counters_task(timestamp: int) -> None:
    async with unit_of_work(queue.database().system_sessions, SYSTEM) as session:
        await prune_security_counters(session)
