"""Password hashing: argon2id for new hashes; legacy v1.0 bcrypt hashes still verify.

A bcrypt (or outdated argon2) hash that verifies is re-hashed with argon2id by the caller
at the next successful login (``needs_rehash``).
"""

from __future__ import annotations

import asyncio

import bcrypt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verified against when an email is unknown, so both paths cost the same time.
_DUMMY_HASH = _hasher.hash("hireflow-timing-equaliser")

MIN_LENGTH = 12
MAX_LENGTH = 256


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def is_bcrypt(stored_hash: str) -> bool:
    return stored_hash.startswith(("$2a$", "$2b$", "$2y$"))


def verify_password(password: str, stored_hash: str | None) -> bool:
    """Constant-ish time check; an unknown user (``stored_hash=None``) costs the same."""
    if stored_hash is None:
        _verify_argon2(password, _DUMMY_HASH)
        return False
    if is_bcrypt(stored_hash):
        try:
            return bcrypt.checkpw(password.encode()[:72], stored_hash.encode())
        except ValueError:  # malformed legacy hash
            return False
    return _verify_argon2(password, stored_hash)


def _verify_argon2(password: str, stored_hash: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def verify_off_loop(password: str, stored_hash: str | None) -> bool:
    """:func:`verify_password` in a worker thread, so sign-ins never stall the event loop."""
    return await asyncio.to_thread(verify_password, password, stored_hash)


async def hash_off_loop(password: str) -> str:
    return await asyncio.to_thread(hash_password, password)


def needs_rehash(stored_hash: str) -> bool:
    return is_bcrypt(stored_hash) or _hasher.check_needs_rehash(stored_hash)


def password_problems(password: str, *, email: str | None = None) -> list[str]:
    """What is wrong with a new password, in words a user can act on (empty when fine)."""
    problems: list[str] = []
    if len(password) < MIN_LENGTH:
        problems.append(f"Use at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        problems.append(f"Use at most {MAX_LENGTH} characters.")
    if password.strip() != password:
        problems.append("Do not start or end with spaces.")
    if len(set(password)) < 5:
        problems.append("Use more different characters.")
    if email and email.split("@")[0].lower() in password.lower() and len(email.split("@")[0]) > 2:
        problems.append("Do not include your email name.")
    if password.lower() in _COMMON:
        problems.append("This password is too common.")
    return problems


_COMMON = frozenset(
    {
        "password1234",
        "123456789012",
        "qwertyuiop12",
        "passwordpassword",
        "letmein12345",
        "welcome12345",
        "administrator",
        "iloveyou1234",
        "changeme1234",
        "hireflow1234",
    }
)
