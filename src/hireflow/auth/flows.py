"""Inviting a colleague: the account is created with an unusable random password and an
e-mail carries a single-use link to choose one (`/welcome/{token}`). The admin page and the
JSON API both call `invite_user`, so no password is ever shown or returned."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.audit.service import RequestMeta
from hireflow.auth import accounts, invites
from hireflow.auth.models import User
from hireflow.auth.schemas import UserCreate, UserInvite
from hireflow.config import Settings
from hireflow.notifications import mail, outbox


async def invite_user(
    session: AsyncSession,
    body: UserInvite,
    *,
    inviter: User,
    settings: Settings,
    key: bytes,
    now: datetime,
    meta: RequestMeta,
) -> User:
    """Create the account and queue its invitation (sent after commit by the outbox)."""
    created, _unusable = await accounts.create_user(
        session,
        UserCreate(
            email=body.email, first_name=body.first_name, last_name=body.last_name, role=body.role
        ),
        actor_id=inviter.id,
        meta=meta,
    )
    token, expires = invites.make_token(key, created, now)
    context = {
        "company": settings.company_name,
        "first_name": created.first_name,
        "email": created.email,
        "inviter_name": f"{inviter.first_name} {inviter.last_name}".strip(),
        "role_label": created.role.replace("_", " "),
        "expires_label": f"{expires:%d %B %Y %H:%M} UTC",
        "set_password_url": settings.base_url.rstrip("/") + f"/welcome/{token}",
    }
    rendered = mail.render("user_invite", context)
    message = outbox.Outgoing(
        kind="user_invite",
        recipient=created.email,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        dedupe_key=f"user_invite:{created.id}:{created.password_hash[-12:]}",
    )
    await outbox.enqueue(session, [message], now=now)
    return created
