"""Account administration and self-service: create, change role, deactivate, passwords.

An admin can never remove the last active admin (demote or deactivate).
"""

from __future__ import annotations

import secrets
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.audit.service import AuditAction, EntityType, RequestMeta, record_activity
from hireflow.auth import passwords, repository
from hireflow.auth.models import User
from hireflow.auth.roles import Role
from hireflow.auth.schemas import UserCreate, UserUpdate
from hireflow.db.writes import flush_or_conflict
from hireflow.kit.errors import Conflict, NotFound, Unauthenticated, Unprocessable
from hireflow.kit.time import utcnow

_PUBLIC_FIELDS = ("email", "first_name", "last_name", "role", "is_active")


def _snapshot(user: User) -> dict[str, object]:
    return {field: getattr(user, field) for field in _PUBLIC_FIELDS}


def temporary_password() -> str:
    return secrets.token_urlsafe(12)


def _check_policy(password: str, email: str) -> None:
    problems = passwords.password_problems(password, email=email)
    if problems:
        raise Unprocessable("The password does not meet the policy.", details=problems)


async def create_user(
    session: AsyncSession, data: UserCreate, *, actor_id: uuid.UUID | None, meta: RequestMeta
) -> tuple[User, str | None]:
    """Create an account; returns it and the generated temporary password, if any."""
    generated = None
    password = data.password
    if not password:
        password = generated = temporary_password()
    else:
        _check_policy(password, data.email)
    user = User(
        id=uuid.uuid4(),
        email=data.email.lower(),
        first_name=data.first_name,
        last_name=data.last_name,
        role=str(data.role),
        password_hash=passwords.hash_password(password),
        is_active=True,
        email_verified=False,
        failed_login_attempts=0,
    )
    session.add(user)
    await flush_or_conflict(session, f"An account with the email {data.email} already exists.")
    await record_activity(
        session,
        user_id=actor_id,
        action=AuditAction.CREATE,
        entity_type=EntityType.USER,
        entity_id=user.id,
        new=_snapshot(user),
        meta=meta,
    )
    return user, generated


async def get_user(session: AsyncSession, user_id: uuid.UUID) -> User:
    user = await repository.user_by_id(session, user_id)
    if user is None:
        raise NotFound("No such user.")
    return user


async def update_user(
    session: AsyncSession,
    user_id: uuid.UUID,
    data: UserUpdate,
    *,
    actor_id: uuid.UUID,
    meta: RequestMeta,
) -> User:
    user = await repository.lock_user_row(session, user_id)
    if user is None:
        raise NotFound("No such user.")
    before = _snapshot(user)
    loses_admin = (
        user.role == Role.ADMIN
        and user.is_active
        and ((data.role is not None and data.role != Role.ADMIN) or data.is_active is False)
    )
    if loses_admin and await repository.count_active_admins(session) <= 1:
        raise Conflict("This is the last active admin; make someone else admin first.")
    for field, value in data.model_dump(exclude_unset=True, exclude_none=True).items():
        setattr(user, field, str(value) if field == "role" else value)
    if data.is_active is False:
        await repository.revoke_all_sessions(session, user.id)
    await session.flush()
    await record_activity(
        session,
        user_id=actor_id,
        action=AuditAction.UPDATE,
        entity_type=EntityType.USER,
        entity_id=user.id,
        old=before,
        new=_snapshot(user),
        meta=meta,
    )
    return user


async def reset_password(
    session: AsyncSession, user_id: uuid.UUID, *, actor_id: uuid.UUID, meta: RequestMeta
) -> str:
    """Give the account a new temporary password and end all its sessions."""
    user = await get_user(session, user_id)
    password = temporary_password()
    user.password_hash = passwords.hash_password(password)
    user.password_changed_at = utcnow()
    user.failed_login_attempts = 0
    user.locked_until = None
    await repository.revoke_all_sessions(session, user.id)
    await record_activity(
        session,
        user_id=actor_id,
        action=AuditAction.UPDATE,
        entity_type=EntityType.USER,
        entity_id=user.id,
        new={"password": "reset"},
        meta=meta,
    )
    return password


async def change_own_password(
    session: AsyncSession,
    user: User,
    current: str,
    new: str,
    *,
    session_id: str,
    meta: RequestMeta,
) -> None:
    """Change one's password; every other session of the account is ended."""
    if not passwords.verify_password(current, user.password_hash):
        raise Unauthenticated("The current password is not correct.")
    _check_policy(new, user.email)
    if passwords.verify_password(new, user.password_hash):
        raise Unprocessable("The new password must differ from the current one.")
    user.password_hash = passwords.hash_password(new)
    user.password_changed_at = utcnow()
    await repository.revoke_all_sessions(session, user.id, except_session=session_id)
    await record_activity(
        session,
        user_id=user.id,
        action=AuditAction.UPDATE,
        entity_type=EntityType.USER,
        entity_id=user.id,
        new={"password": "changed"},
        meta=meta,
    )


async def list_users(session: AsyncSession) -> list[User]:
    return await repository.list_users(session)


async def find_user(session: AsyncSession, *, email: str) -> User | None:
    return await repository.user_by_email(session, email)


async def users_by_ids(session: AsyncSession, user_ids: list[uuid.UUID]) -> dict[uuid.UUID, User]:
    """Many users in one query (the ones the caller may see)."""
    if not user_ids:
        return {}
    rows = await session.scalars(select(User).where(User.id.in_(user_ids)))
    return {user.id: user for user in rows.all()}
