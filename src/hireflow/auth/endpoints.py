"""JSON API: sign-in, tokens, one's own account, and (admins) user management."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status

from hireflow.auth import accounts, flows, repository, sessions, tokens
from hireflow.auth.dependencies import (
    CurrentUser,
    Meta,
    instance_key,
    link_sender,
    public,
    require,
)
from hireflow.auth.permissions import Action, Resource
from hireflow.auth.schemas import (
    LoginRequest,
    PasswordChange,
    PasswordReset,
    RefreshRequest,
    TokenPair,
    UserInvite,
    UserInvited,
    UserOut,
    UserUpdate,
)
from hireflow.db.dependencies import DbSession

router = APIRouter(prefix="/api", tags=["auth"])

Key = Annotated[bytes, Depends(instance_key)]


def _pair(issued: sessions.IssuedSession) -> TokenPair:
    assert issued.access_token is not None
    return TokenPair(
        access_token=issued.access_token,
        refresh_token=issued.secret,
        expires_in=int(tokens.ACCESS_TOKEN_TTL.total_seconds()),
    )


@router.post("/auth/login", response_model=TokenPair, dependencies=[public()])
async def login(body: LoginRequest, session: DbSession, meta: Meta, key: Key) -> TokenPair:
    """Exchange email and password for an access token and a rotating refresh token."""
    user = await sessions.authenticate(session, body.email, body.password, meta)
    return _pair(await sessions.start_session(session, key, user, meta, web=False))


@router.post("/auth/refresh", response_model=TokenPair, dependencies=[public()])
async def refresh(body: RefreshRequest, session: DbSession, meta: Meta, key: Key) -> TokenPair:
    """Rotate the refresh token. Using one twice ends the whole session."""
    return _pair(await sessions.refresh(session, key, body.refresh_token, meta))


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(
    session: DbSession,
    meta: Meta,
    user: Annotated[CurrentUser, require(Action.UPDATE, Resource.OWN_ACCOUNT)],
) -> Response:
    await sessions.end_session(session, user.id, user.session_id, meta)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/auth/logout-all")
async def logout_everywhere(
    session: DbSession,
    meta: Meta,
    user: Annotated[CurrentUser, require(Action.UPDATE, Resource.OWN_ACCOUNT)],
) -> dict[str, int]:
    """End every session of the signed-in account, this one included."""
    return {"sessions_ended": await sessions.end_all_sessions(session, user.id, meta)}


@router.get("/auth/me", response_model=UserOut)
async def me(user: Annotated[CurrentUser, require(Action.VIEW, Resource.OWN_ACCOUNT)]) -> UserOut:
    return UserOut.model_validate(user.user)


@router.post("/auth/password", status_code=status.HTTP_204_NO_CONTENT)
async def change_password(
    body: PasswordChange,
    session: DbSession,
    meta: Meta,
    user: Annotated[CurrentUser, require(Action.UPDATE, Resource.OWN_ACCOUNT)],
) -> Response:
    """Change one's password; every other session is ended."""
    await accounts.change_own_password(
        session,
        user.user,
        body.current_password,
        body.new_password,
        session_id=user.session_id,
        meta=meta,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/users", response_model=list[UserOut], dependencies=[require(Action.VIEW, Resource.USER)]
)
async def list_users(session: DbSession) -> list[UserOut]:
    return [UserOut.model_validate(u) for u in await repository.list_users(session)]


@router.post("/users", response_model=UserInvited, status_code=status.HTTP_201_CREATED)
async def create_user(
    request: Request,
    body: UserInvite,
    session: DbSession,
    meta: Meta,
    admin: Annotated[CurrentUser, require(Action.CREATE, Resource.USER)],
) -> UserInvited:
    """Invite a colleague: the account is created and an e-mail carries a single-use link to
    choose a password (`/welcome/{token}`). No password is set or returned here."""
    user = await flows.invite_user(
        session,
        body,
        inviter=admin.user,
        sender=link_sender(request),
        meta=meta,
    )
    return UserInvited(
        user=UserOut.model_validate(user),
        invitation=f"A link to choose a password was e-mailed to {user.email}.",
    )


@router.get(
    "/users/{user_id}", response_model=UserOut, dependencies=[require(Action.VIEW, Resource.USER)]
)
async def get_user(user_id: uuid.UUID, session: DbSession) -> UserOut:
    return UserOut.model_validate(await accounts.get_user(session, user_id))


@router.patch("/users/{user_id}", response_model=UserOut)
async def update_user(
    user_id: uuid.UUID,
    body: UserUpdate,
    session: DbSession,
    meta: Meta,
    admin: Annotated[CurrentUser, require(Action.UPDATE, Resource.USER)],
) -> UserOut:
    """Change names, role or active state. The last active admin cannot be removed."""
    user = await accounts.update_user(session, user_id, body, actor_id=admin.id, meta=meta)
    return UserOut.model_validate(user)


@router.post("/users/{user_id}/reset-password", response_model=PasswordReset)
async def reset_password(
    request: Request,
    user_id: uuid.UUID,
    session: DbSession,
    meta: Meta,
    admin: Annotated[CurrentUser, require(Action.UPDATE, Resource.USER)],
) -> PasswordReset:
    """End the account's sessions and e-mail it a single-use link to choose a new password
    (`/welcome/{token}`). No password is returned."""
    user = await flows.reset_password(
        session,
        user_id,
        admin=admin.user,
        sender=link_sender(request),
        meta=meta,
    )
    return PasswordReset(
        user=UserOut.model_validate(user),
        reset=f"A link to choose a new password was e-mailed to {user.email}.",
    )
