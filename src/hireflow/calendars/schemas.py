"""Data the calendars domain exchanges with other domains (interviews) and its pages."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class ProviderKind(StrEnum):
    CALDAV = "caldav"
    GOOGLE = "google"
    ICS = "ics"
    MANUAL = "manual"


class Health(StrEnum):
    OK = "ok"
    NEEDS_REAUTH = "needs_reauth"
    REVOKED = "revoked"


@dataclass(frozen=True)
class Attendee:
    email: str
    name: str = ""


@dataclass(frozen=True)
class InterviewEvent:
    """One interview as a calendar event. Keep ``uid`` for its life; raise ``sequence`` on
    every change (the service raises it for you if you pass the same one)."""

    uid: str
    sequence: int
    start: datetime
    end: datetime
    zone: str
    summary: str
    organizer_email: str
    description: str = ""
    attendees: tuple[Attendee, ...] = field(default_factory=tuple)
    location: str = ""
    url: str = ""

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("an interview event needs aware start and end")
        if self.end <= self.start:
            raise ValueError("an interview event must end after it starts")

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["start"] = self.start.isoformat()
        data["end"] = self.end.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> InterviewEvent:
        return cls(
            uid=data["uid"],
            sequence=int(data["sequence"]),
            start=datetime.fromisoformat(data["start"]),
            end=datetime.fromisoformat(data["end"]),
            zone=data["zone"],
            summary=data["summary"],
            organizer_email=data["organizer_email"],
            description=data.get("description", ""),
            attendees=tuple(Attendee(**a) for a in data.get("attendees", ())),
            location=data.get("location", ""),
            url=data.get("url", ""),
        )

    def with_sequence(self, sequence: int) -> InterviewEvent:
        return InterviewEvent(**{**self.__dict__, "sequence": sequence})
