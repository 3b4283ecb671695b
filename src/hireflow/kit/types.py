"""Small validated types shared by the API schemas."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, StringConstraints

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+$")


def _normalise_email(value: str) -> str:
    """Trimmed and lower-cased; accepts internal domains (``.local``, ``.test``) on purpose,
    because self-hosted teams use them. Deliverability is checked by sending, not here."""
    value = value.strip().lower()
    if not _EMAIL.match(value):
        raise ValueError("not a valid email address")
    return value


Email = Annotated[str, StringConstraints(max_length=255), AfterValidator(_normalise_email)]
