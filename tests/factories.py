"""Test data through the real services: users of each role, their sessions and headers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.audit.service import RequestMeta
from hireflow.auth import accounts, sessions
from hireflow.auth.models import User
from hireflow.auth.roles import Role
from hireflow.auth.schemas import UserCreate
from hireflow.db.session import SYSTEM, switch_actor

PASSWORD = "correct-horse-battery-9"


@dataclass
class SignedIn:
    user: User
    headers: dict[str, str]
    refresh_token: str
    session_id: str


async def make_user(session: AsyncSession, role: Role, *, email: str | None = None) -> User:
    await switch_actor(session, SYSTEM)
    email = email or f"{role.value}-{uuid.uuid4().hex[:8]}@example.test"
    user, _ = await accounts.create_user(
        session,
        UserCreate(
            email=email,
            first_name=role.value.split("_")[0].title(),
            last_name="Tester",
            role=role,
            password=PASSWORD,
        ),
        actor_id=None,
        meta=RequestMeta(),
    )
    return user


async def sign_in(session: AsyncSession, key: bytes, user: User) -> SignedIn:
    issued = await sessions.start_session(session, key, user, RequestMeta(), web=False)
    await switch_actor(session, SYSTEM)
    assert issued.access_token
    return SignedIn(
        user, {"Authorization": f"Bearer {issued.access_token}"}, issued.secret, issued.session_id
    )
