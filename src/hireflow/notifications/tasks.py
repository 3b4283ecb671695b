"""The outbox sender: woken when a message is written, and every minute for retries."""

from __future__ import annotations

from hireflow import queue
from hireflow.kit.time import utcnow
from hireflow.notifications import mail
from hireflow.notifications.outbox import DELIVER_TASK


@queue.app.periodic(cron="* * * * *", periodic_id="deliver_outbox")
@queue.app.task(name=DELIVER_TASK, queueing_lock=DELIVER_TASK, pass_context=False, retry=3)
async def deliver_outbox(timestamp: int | None = None) -> None:
    """Send what is due (claimed by a state change: never twice)."""
    await mail.deliver_due(queue.database(), queue.settings(), now=utcnow())
