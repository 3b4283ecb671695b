"""The shortlisting state machine, as pure logic over a job's applications.

Statuses: ``pending`` → ``shortlisted`` (top N) / ``buffer`` (next B, with positions) /
stays ``pending``; ``rejected`` and ``withdrawn`` are final. Invariants after every step:
never more shortlisted than openings, never more in the buffer than its target, ranks
unique, and (when automation fills slots) the buffer is refilled while pending candidates
exist. Every step returns the events that happened, for the automation log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from hireflow.kit.errors import Conflict


class Status(StrEnum):
    PENDING = "pending"
    SHORTLISTED = "shortlisted"
    BUFFER = "buffer"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


ACTIVE = frozenset({Status.PENDING, Status.SHORTLISTED, Status.BUFFER})
DROPOUT_REASONS = frozenset({"declined", "expired", "no_show", "rejected", "withdrawn"})


@dataclass
class Entry:
    """One application as the machine sees it."""

    id: UUID
    fit_score: float | None
    applied_at: datetime
    status: Status = Status.PENDING
    rank: int | None = None
    buffer_position: int | None = None
    manual_decision: bool = False
    must_have_matched: int = 0

    def order_key(self) -> tuple[int, float, int, datetime, str]:
        """Scored before unscorable; higher score; more must-haves; earlier; then id."""
        if self.fit_score is None:
            return (1, 0.0, 0, self.applied_at, str(self.id))
        return (0, -self.fit_score, -self.must_have_matched, self.applied_at, str(self.id))


@dataclass(frozen=True)
class Event:
    action: str
    application_id: UUID | None = None
    details: dict[str, Any] = field(default_factory=dict)


def _by_rank(entries: list[Entry]) -> list[Entry]:
    """Ranked entries by rank (unique); unranked ones after them in score order."""
    ranked = sorted((e for e in entries if e.rank is not None), key=lambda e: e.rank or 0)
    unranked = sorted((e for e in entries if e.rank is None), key=Entry.order_key)
    return ranked + unranked


@dataclass
class Shortlist:
    openings: int
    buffer_target: int
    entries: dict[UUID, Entry]
    ranked: bool = False

    # ---- views -------------------------------------------------------------------------
    def with_status(self, status: Status) -> list[Entry]:
        found = [e for e in self.entries.values() if e.status == status]
        if status == Status.BUFFER:
            return sorted(found, key=lambda e: (e.buffer_position or 0, e.rank or 0))
        return _by_rank(found)

    def _pending_by_rank(self) -> list[Entry]:
        return self.with_status(Status.PENDING)

    def _get(self, application_id: UUID) -> Entry:
        try:
            return self.entries[application_id]
        except KeyError:
            raise Conflict("That application is not part of this job.") from None

    # ---- steps -------------------------------------------------------------------------
    def rank_and_shortlist(self) -> list[Event]:
        """Rank every application 1..n and fill shortlist and buffer. Idempotent: a job
        already ranked is left as it is (a second trigger changes nothing)."""
        if self.ranked:
            return []
        ordered = sorted(self.entries.values(), key=Entry.order_key)
        for rank, entry in enumerate(ordered, start=1):
            entry.rank = rank
        self.ranked = True
        events = [Event("ranked", None, {"applications": len(ordered)})]
        events.extend(self.fill())
        shortlisted = len(self.with_status(Status.SHORTLISTED))
        events.append(
            Event(
                "shortlisted",
                None,
                {
                    "shortlisted": shortlisted,
                    "buffer": len(self.with_status(Status.BUFFER)),
                    "pending": len(self.with_status(Status.PENDING)),
                    "openings": self.openings,
                },
            )
        )
        return events

    def fill(self) -> list[Event]:
        """Promote from the buffer into free shortlist slots, then refill the buffer from
        the best pending candidates; log when the buffer runs dry."""
        events: list[Event] = []
        if not self.ranked:
            # Nothing is filled before ranking, but a resize may have moved manual picks to
            # the buffer: number them, and send any beyond the target back to pending.
            return self._refill_buffer(add_from_pending=False)
        free = self.openings - len(self.with_status(Status.SHORTLISTED))
        buffer = self.with_status(Status.BUFFER)
        pending: list[Entry] | None = None
        next_buffer = next_pending = 0
        while free > 0:
            if next_buffer < len(buffer):
                best = buffer[next_buffer]
                next_buffer += 1
                best.status, best.buffer_position = Status.SHORTLISTED, None
                events.append(Event("promoted_from_buffer", best.id, {"rank": best.rank}))
            else:
                pending = self._pending_by_rank() if pending is None else pending
                if next_pending >= len(pending):
                    events.append(Event("buffer_empty", None, {"free_slots": free}))
                    break
                pending[next_pending].status = Status.SHORTLISTED
                events.append(Event("shortlisted_from_pending", pending[next_pending].id, {}))
                next_pending += 1
            free -= 1
        events.extend(self._refill_buffer())
        return events

    def _refill_buffer(self, *, add_from_pending: bool = True) -> list[Event]:
        events: list[Event] = []
        buffer = self.with_status(Status.BUFFER)
        for position, entry in enumerate(buffer, start=1):
            entry.buffer_position = position
        for entry in buffer[self.buffer_target :]:  # target lowered: extras wait in pending
            entry.status, entry.buffer_position = Status.PENDING, None
            events.append(Event("returned_to_pending", entry.id, {}))
        size = min(len(buffer), self.buffer_target)
        if not add_from_pending:
            return events
        for entry in self._pending_by_rank():
            if size >= self.buffer_target:
                break
            size += 1
            entry.status, entry.buffer_position = Status.BUFFER, size
            events.append(Event("added_to_buffer", entry.id, {"buffer_position": size}))
        return events

    def drop_out(self, application_id: UUID, reason: str, *, auto_fill: bool) -> list[Event]:
        """A candidate leaves (declined, expired, no-show, rejected, withdrawn); a freed
        shortlist slot is taken by the best buffer candidate when ``auto_fill``."""
        if reason not in DROPOUT_REASONS:
            raise Conflict(f"Unknown dropout reason {reason!r}.")
        entry = self._get(application_id)
        if entry.status not in ACTIVE:
            return []  # already out: repeating the event changes nothing
        previous = entry.status
        entry.status = Status.REJECTED if reason == "rejected" else Status.WITHDRAWN
        entry.buffer_position = None
        events = [Event("dropout", entry.id, {"reason": reason, "previous": str(previous)})]
        if previous == Status.BUFFER:
            events.extend(self._renumber_then(auto_fill))
        elif previous == Status.SHORTLISTED and auto_fill:
            events.extend(self.fill())
        return events

    def _renumber_then(self, auto_fill: bool) -> list[Event]:
        if auto_fill:
            return self.fill()
        for position, entry in enumerate(self.with_status(Status.BUFFER), start=1):
            entry.buffer_position = position
        return []

    def promote(self, application_id: UUID, *, auto_fill: bool = True) -> list[Event]:
        """A recruiter shortlists a specific buffer (or pending) candidate into a free slot.
        Before ranking this is a manual accept: the pick keeps its place when the job is
        ranked and counts against the openings."""
        entry = self._get(application_id)
        if entry.status not in (Status.BUFFER, Status.PENDING):
            raise Conflict(f"Only buffer or pending candidates can be promoted ({entry.status}).")
        if len(self.with_status(Status.SHORTLISTED)) >= self.openings:
            raise Conflict(
                "Every opening is taken; move someone to the buffer or reject them first."
            )
        entry.status, entry.buffer_position, entry.manual_decision = (
            Status.SHORTLISTED,
            None,
            True,
        )
        events = [Event("manual_promotion", entry.id, {"rank": entry.rank})]
        events.extend(self._renumber_then(auto_fill))
        return events

    def move_to_buffer(self, application_id: UUID, *, auto_fill: bool = True) -> list[Event]:
        """A recruiter moves a shortlisted (or pending) candidate to the head of the buffer;
        the freed slot stays open for a manual promotion. The buffer's last candidate goes
        back to pending if the buffer was full."""
        entry = self._get(application_id)
        if not self.ranked:
            raise Conflict("Close applications and rank them first.")
        if entry.status not in (Status.SHORTLISTED, Status.PENDING):
            raise Conflict(f"Only shortlisted or pending candidates can move ({entry.status}).")
        if self.buffer_target == 0:
            raise Conflict("This job has no buffer; raise the buffer size first.")
        for other in self.with_status(Status.BUFFER):
            other.buffer_position = (other.buffer_position or 0) + 1
        entry.status, entry.buffer_position, entry.manual_decision = Status.BUFFER, 0, True
        events = [Event("moved_to_buffer", entry.id, {})]
        events.extend(self._refill_buffer())
        del auto_fill
        return events

    def reinstate(self, application_id: UUID) -> list[Event]:
        """Undo a drop-out or a rejection: the candidate is pending again (a manual decision)
        and, once the job is ranked, takes a free buffer place like any pending candidate."""
        entry = self._get(application_id)
        if entry.status in ACTIVE:
            raise Conflict(f"Only candidates who dropped out can be reinstated ({entry.status}).")
        entry.status, entry.buffer_position, entry.manual_decision = Status.PENDING, None, True
        events = [Event("reinstated", entry.id, {})]
        if self.ranked:
            events.extend(self._refill_buffer())
        return events

    def reject(self, application_id: UUID, *, auto_fill: bool) -> list[Event]:
        """A recruiter rejects a candidate (a manual decision, bypassing automation)."""
        entry = self._get(application_id)
        entry.manual_decision = True
        return self.drop_out(application_id, "rejected", auto_fill=auto_fill)

    def resize(self, openings: int, buffer_target: int, *, auto_fill: bool) -> list[Event]:
        """Openings or buffer size changed: excess shortlisted go to the buffer head
        (lowest ranked first), then slots and buffer are filled again."""
        self.openings, self.buffer_target = openings, buffer_target
        events: list[Event] = []
        # Recruiters' own picks stay; the lowest-ranked automatic picks make room.
        shortlisted = sorted(
            self.with_status(Status.SHORTLISTED), key=lambda e: (not e.manual_decision, e.rank)
        )
        for entry in reversed(shortlisted[openings:]):
            for other in self.with_status(Status.BUFFER):
                other.buffer_position = (other.buffer_position or 0) + 1
            entry.status, entry.buffer_position = Status.BUFFER, 0
            events.append(Event("moved_to_buffer", entry.id, {"reason": "openings reduced"}))
        events.extend(self.fill() if auto_fill else self._refill_buffer())
        return events

    # ---- checks ------------------------------------------------------------------------
    def check(self) -> None:
        """Raise AssertionError when an invariant does not hold (used by tests)."""
        shortlisted = self.with_status(Status.SHORTLISTED)
        buffer = self.with_status(Status.BUFFER)
        assert len(shortlisted) <= self.openings, "more shortlisted than openings"
        assert len(buffer) <= self.buffer_target, "buffer over its target"
        ranks = [e.rank for e in self.entries.values() if e.rank is not None]
        assert len(ranks) == len(set(ranks)), "duplicate ranks"
        positions = [e.buffer_position for e in buffer]
        assert positions == list(range(1, len(buffer) + 1)), f"buffer positions {positions}"
