"""Secrets at rest: AES-256-GCM under a keyring of named keys, newest first.

A ciphertext is ``b"hf1." + key_id + b"." + nonce(12) + ciphertext||tag``; the header is also
the authenticated data, so changing the key id, the nonce or one byte of the body makes
decryption fail (:class:`TamperedSecret`). Several keys may be configured at once
(``HIREFLOW_SECRET_KEYS=id2:base64key,id1:base64key``): new secrets use the first, old ones
still decrypt under theirs until ``hireflow secrets rotate`` re-encrypts them.

With no keys configured one key is derived (HKDF-SHA256) from the instance secret under the
id ``default``; losing the instance secret then loses the stored credentials.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from hireflow.config import Settings
from hireflow.kit.secrets import instance_secret

_MAGIC = b"hf1."
_NONCE = 12
_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
DEFAULT_KEY_ID = "default"


class KeyringError(ValueError):
    """The configured keys are unusable (bad format, wrong length, duplicate ids)."""


class TamperedSecret(ValueError):
    """A ciphertext that does not authenticate, or names a key that is not configured."""


@dataclass(frozen=True)
class Keyring:
    """Named 256-bit keys; the first encrypts, all decrypt."""

    keys: tuple[tuple[str, bytes], ...]

    def __post_init__(self) -> None:
        if not self.keys:
            raise KeyringError("a keyring needs at least one key")
        ids = [key_id for key_id, _ in self.keys]
        if len(set(ids)) != len(ids):
            raise KeyringError("duplicate key ids in HIREFLOW_SECRET_KEYS")
        for key_id, key in self.keys:
            if not _KEY_ID.match(key_id):
                raise KeyringError(f"key id {key_id!r} must be 1-32 letters, digits, - or _")
            if len(key) != 32:
                raise KeyringError(f"key {key_id!r} must be 32 bytes (base64 of 32 random bytes)")

    @property
    def current_id(self) -> str:
        return self.keys[0][0]

    def encrypt(self, plaintext: bytes) -> bytes:
        key_id, key = self.keys[0]
        nonce = os.urandom(_NONCE)
        header = _MAGIC + key_id.encode() + b"."
        return header + nonce + AESGCM(key).encrypt(nonce, plaintext, header)

    def decrypt(self, blob: bytes) -> bytes:
        key_id = key_id_of(blob)
        key = dict(self.keys).get(key_id)
        if key is None:
            raise TamperedSecret(f"the secret was written under key {key_id!r}, not configured")
        header_len = len(_MAGIC) + len(key_id) + 1
        header, nonce = blob[:header_len], blob[header_len : header_len + _NONCE]
        try:
            return AESGCM(key).decrypt(nonce, blob[header_len + _NONCE :], header)
        except InvalidTag:
            raise TamperedSecret(
                "the secret does not authenticate (tampered or wrong key)"
            ) from None

    def encrypt_json(self, value: dict[str, Any]) -> bytes:
        return self.encrypt(json.dumps(value, separators=(",", ":")).encode())

    def decrypt_json(self, blob: bytes) -> dict[str, Any]:
        value = json.loads(self.decrypt(blob))
        if not isinstance(value, dict):
            raise TamperedSecret("the secret is not a JSON object")
        return value

    def needs_rotation(self, blob: bytes) -> bool:
        return key_id_of(blob) != self.current_id


def key_id_of(blob: bytes) -> str:
    """The id of the key ``blob`` was encrypted under."""
    if not blob.startswith(_MAGIC):
        raise TamperedSecret("not a hireflow ciphertext")
    end = blob.find(b".", len(_MAGIC))
    if end < 0:
        raise TamperedSecret("not a hireflow ciphertext")
    try:
        return blob[len(_MAGIC) : end].decode("ascii")
    except UnicodeDecodeError:
        raise TamperedSecret("not a hireflow ciphertext") from None


def parse_keys(spec: str) -> tuple[tuple[str, bytes], ...]:
    """``id:base64key,id:base64key`` (newest first) to key pairs."""
    keys: list[tuple[str, bytes]] = []
    for raw_item in spec.split(","):
        item = raw_item.strip()
        if not item:
            continue
        key_id, sep, encoded = item.partition(":")
        if not sep:
            raise KeyringError("HIREFLOW_SECRET_KEYS entries look like id:base64key")
        try:
            key = base64.b64decode(encoded.strip(), validate=True)
        except (binascii.Error, ValueError):
            raise KeyringError(f"key {key_id.strip()!r} is not valid base64") from None
        keys.append((key_id.strip(), key))
    return tuple(keys)


def derived_key(settings: Settings) -> bytes:
    """The fallback key: HKDF-SHA256 of the instance secret."""
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"hireflow credentials v1"
    ).derive(instance_secret(settings))


def keyring_from_settings(settings: Settings) -> Keyring:
    """The configured keys, or the one derived from the instance secret."""
    spec = settings.secret_keys.get_secret_value() if settings.secret_keys else ""
    keys = parse_keys(spec)
    if not keys:
        keys = ((DEFAULT_KEY_ID, derived_key(settings)),)
    return Keyring(keys)


def new_key() -> str:
    """A fresh base64 key for HIREFLOW_SECRET_KEYS."""
    return base64.b64encode(os.urandom(32)).decode()
