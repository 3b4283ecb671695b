"""Choosing a colleague by typing a name: what matches, what a typed value names, and the
option a picker shows. One shape (``{"id", "label", "detail"}``) serves the recruiter picker,
the hiring-team picker, the @mention autocomplete and the candidate picker, so one script
(``web/static/picker.js``) drives them all."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from hireflow.auth.models import User

SUGGESTIONS = 8


def _fields(user: User) -> tuple[str, str, str]:
    """The full name, the email and the email's part before ``@``, case-folded."""
    email = user.email.casefold()
    return user.full_name.casefold(), email, email.split("@")[0]


def matching(users: Sequence[User], typed: str, limit: int = SUGGESTIONS) -> list[User]:
    """Active colleagues whose name or email holds every typed word; names that start with
    what was typed first."""
    words = typed.casefold().split()
    if not words:
        return []
    found = []
    for user in users:
        if not user.is_active:
            continue
        full, email, _ = _fields(user)
        haystack = f"{full} {email}"
        if all(word in haystack for word in words):
            starts = full.startswith(words[0]) or user.last_name.casefold().startswith(words[0])
            found.append((not starts, full, user))
    return [user for *_, user in sorted(found, key=lambda row: row[:2])][:limit]


def pick(users: Sequence[User], typed: str) -> tuple[User | None, list[User]]:
    """The active colleague a picker's field names (an id, an exact name or email, or the only
    match); else ``(None, the colleagues to choose from)``."""
    typed = typed.strip()
    active = [u for u in users if u.is_active]
    try:
        wanted_id = uuid.UUID(typed)
    except ValueError:
        pass
    else:
        return next((u for u in active if u.id == wanted_id), None), []
    wanted = typed.casefold()
    exact = [u for u in active if wanted in _fields(u)]
    if len(exact) == 1:
        return exact[0], []
    rows = matching(active, typed)
    if len(rows) == 1:
        return rows[0], []
    return None, rows


def option(user: User) -> dict[str, str]:
    """A picker's option for a colleague."""
    return {
        "id": str(user.id),
        "label": user.full_name,
        "detail": f"{user.role.replace('_', ' ')} · {user.email}",
    }


@dataclass(frozen=True)
class Choice:
    """What a picker's form named: the colleague, or why nobody and the options to pick."""

    person: User | None
    error: str | None = None
    options: list[dict[str, str]] = field(default_factory=list)


def choose(users: Sequence[User], ids: Sequence[str] | None, typed: str) -> Choice:
    """Read a picker's form: the first non-empty submitted id (a suggestion picked with the
    script, or a choice button) or else the typed text."""
    person, matches = pick(users, next((v for v in ids or [] if v), typed))
    if person is not None:
        return Choice(person)
    if matches:
        return Choice(None, "Several colleagues match; pick one below.", list(map(option, matches)))
    return Choice(None, f"No active colleague matches “{typed.strip()}”; check the spelling.")
