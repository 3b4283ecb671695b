"""The instance secret: from settings, or generated once into the data directory."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from hireflow.config import Settings

_FILE = "secret_key"


def instance_secret(settings: Settings) -> bytes:
    """Key material for signing sessions, tokens and candidate links (32+ bytes)."""
    if settings.secret_key is not None:
        value = settings.secret_key.get_secret_value()
        if len(value) < 32:
            raise ValueError("HIREFLOW_SECRET_KEY must be at least 32 characters")
        return value.encode()
    path = Path(settings.data_dir) / _FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip().encode()
