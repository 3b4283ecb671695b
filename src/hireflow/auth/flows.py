"""Inviting a colleague, and an admin's password reset: the account gets an unusable random
password and an e-mail carries a single-use link to choose one (`/welcome/{token}`). The admin
page and the JSON API both call these flows, so no password is ever shown or returned."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from hireflow.audit.service import RequestMeta
from hireflow.auth import accounts, invites, repository
from hireflow.auth.models import User
from hireflow.auth.schemas import UserCreate, UserInvite
from hireflow.notifications import mail, outbox


async def invite_user(
    session: AsyncSession,
    body: UserInvite,
    *,
    inviter: User,
    sender: invites.LinkSender,
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
    await _send_set_password_link(session, created, "user_invite", inviter=inviter, sender=sender)
    return created


async def reset_password(
    session: AsyncSession,
    user_id: uuid.UUID,
    *,
    admin: User,
    sender: invites.LinkSender,
    meta: RequestMeta,
) -> User:
    """End the account's sessions, make its password unusable and e-mail it a single-use link
    to choose a new one. The admin never sees a password; any older link is spent."""
    await accounts.reset_password(session, user_id, actor_id=admin.id, meta=meta)
    user = await accounts.get_user(session, user_id)
    # The hash is deferred and not selectable by the runtime role; the link's fingerprint
    # reads it through the one definer function that may.
    await session.flush()
    set_committed_value(user, "password_hash", await repository.password_hash_of(session, user.id))
    await _send_set_password_link(session, user, "password_reset", inviter=admin, sender=sender)
    return user


async def _send_set_password_link(
    session: AsyncSession,
    user: User,
    kind: str,
    *,
    inviter: User,
    sender: invites.LinkSender,
) -> None:
    """Queue the e-mail with the set-password link (sent after commit by the outbox); one per
    password hash, so a retried request sends it once."""
    settings, now = sender.settings, sender.now
    token, expires = invites.make_token(sender.key, user, now)
    context = {
        "company": settings.company_name,
        "first_name": user.first_name,
        "email": user.email,
        "inviter_name": f"{inviter.first_name} {inviter.last_name}".strip(),
        "role_label": user.role.replace("_", " "),
        "expires_label": f"{expires:%d %B %Y %H:%M} UTC",
        "set_password_url": settings.base_url.rstrip("/") + f"/welcome/{token}",
    }
    rendered = mail.render(kind, context)
    message = outbox.Outgoing(
        kind=kind,
        recipient=user.email,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        dedupe_key=f"{kind}:{user.id}:{user.password_hash[-12:]}",
    )
    await outbox.enqueue(session, [message], now=now)
