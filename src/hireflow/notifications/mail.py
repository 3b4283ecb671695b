"""E-mail: render the HTML + text templates, build the MIME message (with the iCalendar
invite as a ``text/calendar; method=…`` part), and deliver the outbox over SMTP."""

from __future__ import annotations

import dataclasses
import email.policy
import email.utils
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import aiosmtplib
import structlog
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from hireflow.config import Settings
from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, unit_of_work
from hireflow.notifications import outbox
from hireflow.notifications.outbox import Claimed, Result

log = structlog.get_logger(__name__)

TEMPLATES = Path(__file__).resolve().parent.parent / "web" / "templates" / "notifications" / "email"
KINDS = (
    "invitation",
    "promoted",
    "accepted",
    "confirmation",
    "reminder",
    "reschedule",
    "cancellation",
    "buffer_empty",
    "daily_summary",
    "attendance_request",
    "attendance_reminder",
    "careers_confirm",
    "application_received",
    "status_rejected",
    "status_withdrawn",
    "status_expired",
    "status_closed",
    "user_invite",
    "password_reset",
)
_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,
)


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def render(kind: str, context: dict[str, Any]) -> Rendered:
    """``<kind>.txt`` (first line: the subject) and ``<kind>.html``."""
    if kind not in KINDS:
        raise ValueError(f"unknown e-mail kind {kind!r}")
    text = _env.get_template(f"{kind}.txt").render(**context)
    subject, _, body = text.partition("\n")
    html = _env.get_template(f"{kind}.html").render(subject=subject.strip(), **context)
    return Rendered(subject.strip(), body.lstrip("\n"), html)


def build_message(message: Claimed, settings: Settings) -> EmailMessage:
    """text + HTML alternatives, plus the invite as an alternative and as ``invite.ics``."""
    mail = EmailMessage(policy=email.policy.SMTP)
    mail["From"] = settings.mail_from
    mail["To"] = message.recipient
    mail["Subject"] = message.subject
    mail["Date"] = email.utils.formatdate(localtime=False)
    domain = settings.mail_from.rpartition("@")[2].strip("> ") or "hireflow"
    mail["Message-ID"] = f"<{message.id}@{domain}>"
    mail.set_content(message.text_body)
    mail.add_alternative(message.html_body, subtype="html")
    if message.ics:
        method = message.ics_method or "REQUEST"
        mail.add_alternative(
            message.ics.encode(),
            maintype="text",
            subtype="calendar",
            params={"method": method, "charset": "utf-8"},
        )
        mail.add_attachment(
            message.ics.encode(), maintype="application", subtype="ics", filename="invite.ics"
        )
    return mail


def _rendered(message: Claimed) -> Claimed:
    """A message written with template values only is rendered now, just before sending."""
    if message.context is None or message.html_body:
        return message
    out = render(message.kind, message.context)
    return dataclasses.replace(message, subject=out.subject, text_body=out.text, html_body=out.html)


async def _send_all(messages: Sequence[Claimed], settings: Settings, now: datetime) -> list[Result]:
    results: list[Result] = []
    client = aiosmtplib.SMTP(
        hostname=settings.smtp_host,
        port=settings.smtp_port,
        start_tls=settings.smtp_starttls,
        timeout=settings.smtp_timeout_seconds,
    )
    try:
        await client.connect()
        if settings.smtp_username:
            password = settings.smtp_password.get_secret_value() if settings.smtp_password else ""
            await client.login(settings.smtp_username, password)
    except (aiosmtplib.SMTPException, OSError) as exc:
        return [
            outbox.after_failure(m, settings, now, f"SMTP unreachable: {exc}") for m in messages
        ]
    try:
        for message in messages:
            mail = build_message(message, settings)
            try:
                await client.send_message(mail)
            except (aiosmtplib.SMTPException, OSError) as exc:
                results.append(outbox.after_failure(message, settings, now, str(exc)))
            else:
                results.append(
                    Result(message.id, "sent", sent_at=now, message_id=mail["Message-ID"])
                )
    finally:
        try:
            await client.quit()
        except (aiosmtplib.SMTPException, OSError):
            client.close()
    return results


async def deliver_due(
    database: Database, settings: Settings, *, now: datetime, limit: int | None = None
) -> list[Result]:
    """One delivery run: claim (committed), re-check, send, record (committed)."""
    if not settings.smtp_host:
        log.warning("email.smtp_not_configured")
        return []
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        claimed = await outbox.claim_due(session, now=now, limit=limit or settings.email_batch_size)
    if not claimed:
        return []
    to_send: list[Claimed] = []
    results: list[Result] = []
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        for message in claimed:
            wanted = await outbox.still_wanted(session, message)
            if wanted is None:
                results.append(outbox.after_failure(message, settings, now, "no check registered"))
            elif wanted:
                to_send.append(_rendered(message))
            else:
                results.append(Result(message.id, "skipped", error="no longer needed"))
    if to_send:
        results.extend(await _send_all(to_send, settings, now))
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        await outbox.record(session, results)
    log.info(
        "email.delivered",
        sent=sum(r.status == "sent" for r in results),
        retry=sum(r.status == "pending" for r in results),
        failed=sum(r.status == "failed" for r in results),
        skipped=sum(r.status == "skipped" for r in results),
    )
    return results
