"""The portal's e-mails to candidates (application received, rejected, withdrawn), as outbox
rows rendered now; each carries the candidate's portal link."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from hireflow.interviews.links import make_portal_token, portal_expiry
from hireflow.interviews.messages import Env
from hireflow.notifications.mail import render
from hireflow.notifications.outbox import Outgoing

STATUS_KINDS = {"rejected": "status_rejected", "withdrawn": "status_withdrawn"}
# After automatic transitions: the invitation ran out (``expired``), an application rejected by
# automation, and the job closed for good while the candidate waited (pending or buffer).
AUTOMATIC_KINDS = {"expired": "status_expired", "rejected": "status_rejected"}
CLOSED_KIND = "status_closed"


def portal_url(env: Env, candidate_id: uuid.UUID, now: datetime) -> str:
    return env.url(f"/p/{make_portal_token(env.secret, candidate_id, portal_expiry(now))}")


def _mail(kind: str, recipient: str, context: dict[str, Any], dedupe_key: str) -> Outgoing:
    rendered = render(kind, context)
    return Outgoing(
        kind=kind,
        recipient=recipient,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        dedupe_key=dedupe_key,
    )


def application_received(
    env: Env,
    *,
    application_id: uuid.UUID,
    candidate_id: uuid.UUID,
    candidate_name: str,
    email: str,
    job_title: str,
    now: datetime,
) -> Outgoing:
    context = {
        "company": env.settings.company_name,
        "candidate_name": candidate_name,
        "job_title": job_title,
        "portal_url": portal_url(env, candidate_id, now),
    }
    return _mail("application_received", email, context, f"received:{application_id}")


def status_changed(
    env: Env,
    status: str,
    *,
    application_id: uuid.UUID,
    candidate_id: uuid.UUID,
    candidate_name: str,
    email: str,
    job_title: str,
    now: datetime,
) -> Outgoing:
    """``status`` is ``rejected`` or ``withdrawn`` (see :data:`STATUS_KINDS`), or an e-mail
    kind itself (``status_expired``, ``status_closed``)."""
    context = {
        "company": env.settings.company_name,
        "candidate_name": candidate_name,
        "job_title": job_title,
        "portal_url": portal_url(env, candidate_id, now),
    }
    kind = STATUS_KINDS.get(status, status)
    return _mail(kind, email, context, f"{kind}:{application_id}")
