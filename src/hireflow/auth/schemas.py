"""Request and response models of the auth API."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from hireflow.auth.roles import Role
from hireflow.kit.types import Email


class LoginRequest(BaseModel):
    email: Email
    password: str = Field(min_length=1, max_length=1024)


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int


class RefreshRequest(BaseModel):
    refresh_token: str = Field(min_length=10, max_length=200)


class PasswordChange(BaseModel):
    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=1, max_length=1024)


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    first_name: str
    last_name: str
    role: Role
    is_active: bool
    email_verified: bool
    last_login_at: datetime | None
    locked_until: datetime | None
    created_at: datetime


class UserCreate(BaseModel):
    email: Email
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    role: Role
    password: str | None = Field(
        default=None,
        max_length=1024,
        description="Set by the CLI; left empty, a random unusable one (invitees choose theirs "
        "through the e-mailed link).",
    )


class UserInvite(BaseModel):
    """Whom to invite: the account gets no usable password until the invitee chooses one
    through the e-mailed link."""

    model_config = ConfigDict(extra="forbid")

    email: Email
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    role: Role


class UserUpdate(BaseModel):
    first_name: str | None = Field(default=None, min_length=1, max_length=100)
    last_name: str | None = Field(default=None, min_length=1, max_length=100)
    role: Role | None = None
    is_active: bool | None = None


class UserInvited(BaseModel):
    user: UserOut
    invitation: str = Field(
        description="How the invitee sets a password: a single-use link sent by e-mail."
    )


class PasswordReset(BaseModel):
    user: UserOut
    reset: str = Field(
        description="How the user chooses a new password: a single-use link sent by e-mail."
    )
