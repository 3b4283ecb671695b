"""Keys, encryption and signatures of backups.

Two key files, made together by ``hireflow backup keygen``:

``backup.key`` (on the host that runs ``hireflow backup``, ``HIREFLOW_BACKUP_KEY_FILE``)
    the age recipients (X25519 public keys) the archive is encrypted to, and the Ed25519
    signing key that signs the manifest. It can write backups; it cannot read one.
``restore.key`` (kept off that host, ``HIREFLOW_RESTORE_KEY_FILE`` or ``--key``)
    the age identity (X25519 secret key) that decrypts, and the Ed25519 public key that
    verifies. It is an ordinary age identity file too (the ``#`` lines are comments to age),
    so ``age -d -i restore.key`` can open an archive on a host without hireflow.

The whole tar stream is encrypted with age (``pyrage``): 64 KiB chunks, each sealed with
ChaCha20-Poly1305 under a counter nonce whose last byte marks the final chunk (age's STREAM),
so a changed byte, a wrong key and a cut-off file all fail, and memory stays bounded. The
manifest inside (sha256 of every member) is signed with Ed25519 (``cryptography``), so an
archive encrypted to the recipient by anyone else (the recipient is public) is refused too.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO

from hireflow.kit.errors import HireflowError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )
    from pyrage import x25519

AGE_MAGIC = b"age-encryption.org/v1\n"
SIGNING_PREFIX = "hireflow-backup-signing-1:"
VERIFY_PREFIX = "hireflow-backup-verify-1:"
_CONTEXT = b"hireflow backup manifest v1\n"  # domain separation of the signed bytes
_CHUNK = 1024 * 1024


class BackupFailed(HireflowError):
    """The backup or restore could not be done (the message says why and what to do)."""

    status_code = 409
    code = "backup_failed"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def key_id(public_raw: bytes) -> str:
    """Short name of a signing key pair (16 hex digits of the public key's sha256)."""
    return hashlib.sha256(public_raw).hexdigest()[:16]


@dataclass(frozen=True)
class BackupKey:
    """What the backup host holds: encrypt to ``recipients``, sign with ``signing``."""

    recipients: list[x25519.Recipient]
    signing: Ed25519PrivateKey
    key_id: str
    path: Path


@dataclass(frozen=True)
class RestoreKey:
    """What a restore needs: age identities, and the verify keys trusted, by key id."""

    identities: list[x25519.Identity] = field(default_factory=list)
    verify: dict[str, Ed25519PublicKey] = field(default_factory=dict)
    paths: list[Path] = field(default_factory=list)


def generate(now: datetime) -> tuple[str, str, str]:
    """A new pair of key files' texts, ``(backup.key, restore.key, key id)``."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
    from pyrage import x25519

    identity = x25519.Identity.generate()
    recipient = identity.to_public()
    signing = Ed25519PrivateKey.generate()
    public_raw = signing.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    signing_raw = signing.private_bytes_raw()
    name = key_id(public_raw)
    made = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    backup_text = (
        f"# hireflow backup key {name}, made {made}.\n"
        "# On the host that runs `hireflow backup` (HIREFLOW_BACKUP_KEY_FILE), mode 0600.\n"
        "# Encrypts backups to the recipients below and signs them; it cannot decrypt them.\n"
        "# More `recipient:` lines encrypt to more restore keys (any of them can decrypt).\n"
        f"recipient: {recipient}\n"
        f"signing-key: {SIGNING_PREFIX}{_b64(signing_raw)}\n"
    )
    restore_text = (
        f"# hireflow restore key {name}, made {made}: decrypts and verifies backups.\n"
        "# Keep it OFF the web host (a password manager, an offline disk): whoever has it can\n"
        "# read every backup. Several restore keys may be concatenated into one file.\n"
        "# It is also an age identity file: `age -d -i restore.key ARCHIVE | tar x`.\n"
        f"# public key: {recipient}\n"
        f"# verify-key: {VERIFY_PREFIX}{_b64(public_raw)}\n"
        f"{identity}\n"
    )
    return backup_text, restore_text, name


def _lines(path: Path) -> list[str]:
    try:
        text = path.read_text()
    except OSError as exc:
        raise BackupFailed(f"cannot read the key file {path}: {exc.strerror}") from exc
    return [line.strip() for line in text.splitlines() if line.strip()]


def load_backup_key(path: Path) -> BackupKey:
    """Parse a ``backup.key`` (its recipients and signing key)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
    from pyrage import RecipientError, x25519

    recipients: list[x25519.Recipient] = []
    signing: Ed25519PrivateKey | None = None
    for line in _lines(path):
        if line.startswith("#"):
            continue
        label, _, value = (part.strip() for part in line.partition(":"))
        if label == "recipient":
            try:
                recipients.append(x25519.Recipient.from_str(value))
            except RecipientError as exc:
                raise BackupFailed(f"{path}: {value!r} is not an age recipient") from exc
        elif label == "signing-key" and value.startswith(SIGNING_PREFIX):
            try:
                raw = _unb64(value[len(SIGNING_PREFIX) :])
                signing = Ed25519PrivateKey.from_private_bytes(raw)
            except ValueError as exc:
                raise BackupFailed(f"{path}: the signing-key line is damaged") from exc
        elif line.startswith("AGE-SECRET-KEY-"):
            raise BackupFailed(
                f"{path} is a restore key (it can decrypt): the backup host needs backup.key"
            )
        else:
            raise BackupFailed(f"{path}: unexpected line {label!r}")
    if not recipients or signing is None:
        raise BackupFailed(
            f"{path} is not a backup key (it needs `recipient:` and `signing-key:` lines; "
            "make one with `hireflow backup keygen`)"
        )
    public_raw = signing.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return BackupKey(recipients, signing, key_id(public_raw), path)


def load_restore_keys(paths: list[Path]) -> RestoreKey:
    """Parse one or more ``restore.key`` files (identities and verify keys, all trusted)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from pyrage import IdentityError, x25519

    found = RestoreKey(paths=list(paths))
    for path in paths:
        for line in _lines(path):
            if line.startswith("# verify-key:"):
                value = line.partition(":")[2].strip()
                try:
                    raw = _unb64(value.removeprefix(VERIFY_PREFIX))
                    found.verify[key_id(raw)] = Ed25519PublicKey.from_public_bytes(raw)
                except ValueError as exc:
                    raise BackupFailed(f"{path}: the verify-key line is damaged") from exc
            elif line.startswith("AGE-SECRET-KEY-"):
                try:
                    found.identities.append(x25519.Identity.from_str(line))
                except IdentityError as exc:
                    raise BackupFailed(f"{path}: an age identity line is damaged") from exc
            elif line.startswith(("recipient:", "signing-key:")):
                raise BackupFailed(f"{path} is a backup key; restore needs restore.key")
    if not found.identities or not found.verify:
        raise BackupFailed(
            f"{', '.join(map(str, paths))}: no restore key (an AGE-SECRET-KEY line and its "
            "`# verify-key:` line, as `hireflow backup keygen` writes them)"
        )
    return found


# ------------------------------------------------------------------------------ signatures
def sign(manifest: bytes, key: BackupKey) -> bytes:
    """The detached signature member (``manifest.sig``) of the manifest's exact bytes."""
    signature = key.signing.sign(_CONTEXT + manifest)
    document = {"algorithm": "ed25519", "key_id": key.key_id, "signature": _b64(signature)}
    return json.dumps(document).encode()


def check_signature(manifest: bytes, signature: bytes | None, keys: RestoreKey) -> str:
    """The key id that signed ``manifest``; refuses a missing, unknown or wrong signature."""
    from cryptography.exceptions import InvalidSignature

    if signature is None:
        raise BackupFailed("refused: the manifest is not signed (manifest.sig is missing)")
    try:
        document: dict[str, Any] = json.loads(signature)
        name, raw = str(document["key_id"]), _unb64(str(document["signature"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupFailed("refused: manifest.sig is not a hireflow signature") from exc
    public = keys.verify.get(name)
    if public is None:
        raise BackupFailed(
            f"refused: the manifest is signed by key {name}, which the restore key does not "
            f"trust (trusted: {', '.join(sorted(keys.verify))})"
        )
    try:
        public.verify(raw, _CONTEXT + manifest)
    except InvalidSignature:
        raise BackupFailed(
            f"refused: the manifest's signature (key {name}) does not match it: the manifest "
            "was changed"
        ) from None
    return name


# ------------------------------------------------------------------------------ streams
def is_encrypted(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(AGE_MAGIC)) == AGE_MAGIC


@contextmanager
def encrypting(destination: BinaryIO, key: BackupKey) -> Iterator[IO[bytes]]:
    """A writable stream whose bytes reach ``destination`` age-encrypted (in a thread,
    through a pipe: nothing is held whole in memory)."""
    import pyrage

    read_fd, write_fd = os.pipe()
    failure: list[BaseException] = []

    def pump() -> None:
        try:
            with os.fdopen(read_fd, "rb") as plain:
                pyrage.encrypt_io(plain, destination, list(key.recipients))  # type: ignore[arg-type]
        except BaseException as exc:
            failure.append(exc)

    thread = threading.Thread(target=pump, name="backup-encrypt", daemon=True)
    thread.start()
    writer = os.fdopen(write_fd, "wb")
    broken = False
    try:
        yield writer
    except BrokenPipeError:
        broken = True  # the pump stopped reading: its own error is the one to report
    finally:
        with suppress(BrokenPipeError):
            writer.close()  # end of the plaintext: age writes the final chunk
        thread.join()
    if failure or broken:
        raise BackupFailed(f"encryption failed: {failure[0] if failure else 'stream closed'}")


@contextmanager
def decrypting(source: Path, keys: RestoreKey) -> Iterator[IO[bytes]]:
    """A readable stream of ``source`` decrypted. Leaving the block reads the stream to its
    end, so age checks the final chunk: a cut-off or changed archive is refused here even
    when the tar inside looked complete."""
    import pyrage

    read_fd, write_fd = os.pipe()
    failure: list[BaseException] = []

    def pump() -> None:
        try:
            with source.open("rb") as sealed, os.fdopen(write_fd, "wb") as plain:
                pyrage.decrypt_io(sealed, plain, list(keys.identities))
        except BaseException as exc:
            failure.append(exc)

    thread = threading.Thread(target=pump, name="backup-decrypt", daemon=True)
    thread.start()
    reader = os.fdopen(read_fd, "rb")
    body_failed: BaseException | None = None
    try:
        yield reader
        while reader.read(_CHUNK):  # drain: the age tail must be checked too
            pass
    except BaseException as exc:
        body_failed = exc
    finally:
        reader.close()
        thread.join()
    if isinstance(body_failed, BackupFailed):
        raise body_failed  # our own refusal stopped reading (the pump then saw a closed pipe)
    if failure and not isinstance(failure[0], BrokenPipeError):
        raise _decrypt_refusal(failure[0]) from None
    if body_failed is not None:
        raise body_failed


def _decrypt_refusal(error: BaseException) -> BackupFailed:
    import pyrage

    if isinstance(error, pyrage.DecryptError) and "No matching keys" in str(error):
        return BackupFailed(
            "refused: the restore key cannot decrypt this archive (wrong key: it was encrypted "
            "to another restore key's public key)"
        )
    return BackupFailed(
        f"refused: decryption failed, the archive is damaged, cut short or was changed ({error})"
    )
