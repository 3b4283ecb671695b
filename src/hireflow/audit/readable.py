"""The activity log for people: who did what to which record, changes as before → after.

Ids are shown as the names they stand for (the caller looks the names up in the domains
that own them); nested values are written as short phrases, never as raw JSON.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from hireflow.audit.models import ActivityLog

ActivityRow = ActivityLog  # the row type, for callers outside the audit domain
CAREERS_APPLICANT = "applicant (careers form)"
SYSTEM = "hireflow (automatic)"


@dataclass(frozen=True)
class Change:
    field: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class ReadableEntry:
    row: ActivityLog
    who: str
    what: str
    record: str
    link: str | None
    changes: list[Change]


def _as_uuid(value: Any) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    if isinstance(value, str) and len(value) == 36:
        try:
            return uuid.UUID(value)
        except ValueError:
            return None
    return None


def ids_in(rows: Iterable[ActivityLog]) -> set[uuid.UUID]:
    """Every id the rows name (actors, records, ids inside the values), for a name lookup."""
    found: set[uuid.UUID] = set()

    def walk(value: Any) -> None:
        if isinstance(value, Mapping):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)
        elif (as_id := _as_uuid(value)) is not None:
            found.add(as_id)

    for row in rows:
        if row.user_id:
            found.add(row.user_id)
        found.add(row.entity_id)
        walk(row.old_values)
        walk(row.new_values)
    return found


def _label(field: str) -> str:
    text = field.removesuffix("_id").removesuffix("_ids").replace("_", " ")
    return text[:1].upper() + text[1:]


def _phrase(value: Any, names: Mapping[uuid.UUID, str]) -> str | None:
    if value is None or value == "" or value == [] or value == {}:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if (as_id := _as_uuid(value)) is not None:
        return names.get(as_id, "a record no longer here")
    if isinstance(value, Mapping):
        parts = [f"{_label(k).lower()} {_phrase(v, names) or '—'}" for k, v in value.items()]
        return ", ".join(parts)
    if isinstance(value, list | tuple):
        return ", ".join(p for item in value if (p := _phrase(item, names)) is not None)
    text = str(value)
    return text.replace("_", " ") if text.isidentifier() else text


def _who(row: ActivityLog, names: Mapping[uuid.UUID, str]) -> str:
    if row.user_id is not None:
        return names.get(row.user_id, "a former user")
    values = {**(row.old_values or {}), **(row.new_values or {})}
    if values.get("by") == "anonymous applicant" or values.get("source") == "careers":
        return CAREERS_APPLICANT
    return SYSTEM


_LINKS = {"candidate": "/candidates/{}", "job": "/jobs/{}", "resume": "/resumes/{}"}
_HIDDEN = {"by"}


def describe(row: ActivityLog, names: Mapping[uuid.UUID, str]) -> ReadableEntry:
    old, new = row.old_values or {}, row.new_values or {}
    changes = []
    for field in [*old, *(k for k in new if k not in old)]:
        if field in _HIDDEN:
            continue
        before, after = _phrase(old.get(field), names), _phrase(new.get(field), names)
        if before != after:
            changes.append(Change(_label(field), before, after))
    template = _LINKS.get(row.entity_type)
    return ReadableEntry(
        row=row,
        who=_who(row, names),
        what=row.action.replace("_", " "),
        record=f"{row.entity_type.replace('_', ' ')} "
        f"{names.get(row.entity_id, '(no longer here)')}",
        link=template.format(row.entity_id) if template and row.entity_id in names else None,
        changes=changes,
    )
