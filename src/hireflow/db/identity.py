"""The signed identity claim each transaction carries, and the key the database checks it with.

The app signs ``user_id|role|backend_pid|expiry`` with HMAC-SHA256 under a key derived from
the instance secret and sets it as ``hireflow.claim``; ``hireflow_security.verified_claim()``
(revision ``security``) recomputes the HMAC from ``hireflow_security.identity_key``, which
only the owner role can read. The owner writes that key after every migration run
(:func:`provision`), so rotating the instance secret and restarting re-keys the database.

Only a process holding the instance secret can make the database believe an identity: not
a leaked runtime-role password, not an injected statement.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from sqlalchemy import text
from sqlalchemy.engine import Connection

from hireflow.config import Settings

CLAIM_TTL_SECONDS = 600
_BLOCK = 64  # SHA-256 block size: HMAC pads the key to it
_state: dict[str, bytes] = {}


def derive_key(settings: Settings) -> bytes:
    from hireflow.kit.secrets import instance_secret

    return hmac.new(instance_secret(settings), b"hireflow database identity", "sha256").digest()


def use_key(settings: Settings) -> None:
    """Make this process sign claims with ``settings``' key (start-up of app, worker, CLI)."""
    _state["key"] = derive_key(settings)


def sign_claim(user_id: str, role: str, backend_pid: int, *, now: float | None = None) -> str:
    """The claim for one transaction on backend ``backend_pid`` (empty when no key is set)."""
    key = _state.get("key")
    if key is None:
        return ""
    expiry = int((time.time() if now is None else now) + CLAIM_TTL_SECONDS)
    body = f"{user_id}|{role}|{backend_pid}|{expiry}"
    return body + "|" + hmac.new(key, body.encode(), hashlib.sha256).hexdigest()


def sign_requester(user_id: str, role: str) -> str:
    """The MAC a queued job carries over who asked for it (empty when no key is set)."""
    key = _state.get("key")
    if key is None:
        return ""
    message = f"job-requester|{user_id}|{role}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _pads(key: bytes) -> tuple[bytes, bytes]:
    padded = key.ljust(_BLOCK, b"\0")
    return bytes(b ^ 0x36 for b in padded), bytes(b ^ 0x5C for b in padded)


def provision(connection: Connection, settings: Settings) -> None:
    """As the owner: store the key's HMAC pads, hide password hashes from the runtime role,
    and hoist identity calls in every policy (see revision ``security``).

    A no-op before revision ``security`` (or after downgrading past it).
    """
    present = connection.execute(
        text("SELECT to_regclass('hireflow_security.identity_key') IS NOT NULL")
    ).scalar_one()
    if not present:
        return
    inner, outer = _pads(derive_key(settings))
    connection.execute(
        text(
            "INSERT INTO hireflow_security.identity_key (id, inner_pad, outer_pad) "
            "VALUES (true, :inner, :outer) ON CONFLICT (id) DO UPDATE "
            "SET inner_pad = excluded.inner_pad, outer_pad = excluded.outer_pad"
        ),
        {"inner": inner, "outer": outer},
    )
    runtime = settings.db_runtime_role.replace('"', "")
    columns = connection.execute(
        text(
            "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute "
            "WHERE attrelid = 'public.users'::regclass AND attnum > 0 AND NOT attisdropped "
            "AND attname <> 'password_hash'"
        )
    ).scalar_one()
    connection.execute(text(f'REVOKE SELECT ON public.users FROM "{runtime}"'))
    connection.execute(text(f'GRANT SELECT ({columns}) ON public.users TO "{runtime}"'))
    # Policies added by later revisions: identity calls once per statement, not per row.
    connection.execute(text("SELECT hireflow_security.hoist_identity_calls(true)"))
