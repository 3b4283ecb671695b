"""The negotiation bot: one candidate message in, one reply out.

Pure apart from the optional model call: the caller passes the session state, the message,
the clock and the recruiter's free time, and persists what comes back. The reply is one of
- ``proposal``: up to 3 free slots inside what the candidate offered, spread over days, with
  the interpretation echoed back in their zone ("Thu 17 Jun, 10:00–12:00 CEST");
- ``question``: a focused question when nothing was understood, the reading is unsure or
  contradictory, nothing future remains, or no free time matches — never a guessed booking;
- ``agreement``: the candidate picked one of the last proposals; the caller books it through
  the normal slot path (where the exclusion constraint still applies);
- ``escalation``: the candidate asked for a person, or a message arrived after
  ``max_rounds`` rounds without agreement.
Candidate text is untrusted: over-long messages are refused and text that looks like
instructions to a model is read by the offline grammar only.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from hireflow.ai.guards import find_instructions
from hireflow.negotiation.parsing import read_availability
from hireflow.negotiation.parsing.schemas import AvailabilityConstraints
from hireflow.negotiation.parsing.zones import abbreviation_on
from hireflow.negotiation.proposals import slot_starts, spread_over_days
from hireflow.negotiation.resolver import Interval, resolve_intervals
from hireflow.negotiation.wording import Language, describe, language_of, say

ReplyKind = Literal["proposal", "question", "agreement", "escalation"]
EscalationReason = Literal["candidate_asked_for_a_person", "no_agreement_after_max_rounds"]
ModelReader = Callable[[str, datetime, str], Awaitable[AvailabilityConstraints]]
MIN_CONFIDENCE = 0.5
_BLOCKING_ISSUES = {"nothing_understood", "contradiction", "ambiguous", "unknown_zone"}


@dataclass(frozen=True)
class BotSettings:
    max_rounds: int = 3
    max_message_chars: int = 600
    horizon_days: int = 28
    max_proposals: int = 3
    echo_limit: int = 4
    min_notice: timedelta = timedelta(hours=4)
    max_messages_per_hour: int = 12  # per session, i.e. per invitation link


@dataclass(frozen=True)
class NegotiationState:
    """What the bot needs from earlier rounds; ``transcript`` is the stored JSON list."""

    rounds: int = 0
    transcript: tuple[dict[str, Any], ...] = ()
    last_proposals: tuple[Interval, ...] = ()
    status: Literal["active", "agreed", "escalated"] = "active"


@dataclass(frozen=True)
class BotReply:
    kind: ReplyKind
    text: str
    state: NegotiationState
    proposals: tuple[Interval, ...] = ()
    interpretation: tuple[str, ...] = ()
    constraints: AvailabilityConstraints | None = None
    chosen: Interval | None = None
    escalation_reason: EscalationReason | None = None
    injection_detected: bool = False
    read_by: Literal["offline", "model"] = "offline"
    notes: tuple[str, ...] = field(default=())


def _entry(role: str, text: str, now: datetime, **extra: Any) -> dict[str, Any]:
    return {"role": role, "text": text, "at": now.astimezone(UTC).isoformat(), **extra}


def _iso(intervals: Sequence[Interval]) -> list[list[str]]:
    return [[i.start.isoformat(), i.end.isoformat()] for i in intervals]


def _zone_note(
    constraints: AvailabilityConstraints, intervals: Sequence[Interval], language: Language
) -> str:
    if not constraints.zone_mentioned or not intervals:
        return ""
    first = intervals[0].start.astimezone(ZoneInfo(constraints.zone))
    actual = abbreviation_on(constraints.zone, first.date(), first.time())
    written = constraints.zone_mentioned.upper()
    if written in actual or actual in written:
        return say(language, "zone_same", zone=constraints.zone)
    offset = first.strftime("%z")
    return say(
        language, "zone_differs", written=written, zone=constraints.zone, actual=actual,
        offset=f"{offset[:3]}:{offset[3:]}",
    )  # fmt: skip


def _question_for(constraints: AvailabilityConstraints, language: Language) -> str:
    kinds = {issue.kind for issue in constraints.issues}
    if "contradiction" in kinds:
        return say(language, "contradiction")
    if "unknown_zone" in kinds or (
        "ambiguous" in kinds and any("zone" in i.detail for i in constraints.issues)
    ):
        return say(language, "zone")
    if "in_the_past" in kinds:
        return say(language, "past")
    if "nothing_understood" in kinds:
        return say(language, "nothing")
    understood = ", ".join(constraints.understood) or "…"
    return say(language, "partial", understood=understood)


def understand(
    constraints: AvailabilityConstraints,
    *,
    now: datetime,
    settings: BotSettings = BotSettings(),
    language: Language = "en",
) -> tuple[list[Interval], str | None]:
    """The intervals the bot will search, or the question it asks instead of guessing."""
    blocking = {i.kind for i in constraints.issues} & _BLOCKING_ISSUES
    if blocking or constraints.confidence < MIN_CONFIDENCE:
        return [], _question_for(constraints, language)
    offered = resolve_intervals(constraints, now=now, horizon_days=settings.horizon_days)
    if not offered:
        return [], (
            _question_for(constraints, language) if constraints.issues else say(language, "gone")
        )
    return offered, None


def compose_reply(
    state: NegotiationState,
    message: str,
    constraints: AvailabilityConstraints,
    *,
    now: datetime,
    free_slots: Sequence[Interval],
    slot_length: timedelta,
    settings: BotSettings = BotSettings(),
    injection_detected: bool = False,
    read_by: Literal["offline", "model"] = "offline",
) -> BotReply:
    """Decide the reply for an already-read message (deterministic)."""
    language = language_of(message)
    transcript = [*state.transcript, _entry("candidate", message, now, flagged=injection_detected)]
    common: dict[str, Any] = {
        "constraints": constraints,
        "injection_detected": injection_detected,
        "read_by": read_by,
    }

    def finish(kind: ReplyKind, text: str, **extra: Any) -> BotReply:
        proposals = tuple(extra.pop("proposals", ()))
        rounds = state.rounds + (0 if kind in ("agreement", "escalation") else 1)
        status = {"agreement": "agreed", "escalation": "escalated"}.get(kind, "active")
        bot_entry = _entry(
            "bot", text, now, kind=kind, proposals=_iso(proposals),
            escalation_reason=extra.get("escalation_reason"),
        )  # fmt: skip
        new_state = NegotiationState(
            rounds=rounds,
            transcript=(*transcript, bot_entry),
            last_proposals=proposals or (state.last_proposals if kind == "agreement" else ()),
            status=status,  # type: ignore[arg-type]
        )
        return BotReply(kind, text, new_state, proposals, **common, **extra)

    if constraints.wants_person:
        return finish(
            "escalation",
            say(language, "person"),
            escalation_reason="candidate_asked_for_a_person",
        )
    if constraints.picked_option is not None:
        index = constraints.picked_option - 1
        if index < len(state.last_proposals):
            chosen = state.last_proposals[index]
            label = describe(chosen, constraints.zone, language)
            return finish("agreement", say(language, "agreed", label=label), chosen=chosen)
    if state.rounds >= settings.max_rounds:
        return finish(
            "escalation",
            say(language, "rounds"),
            escalation_reason="no_agreement_after_max_rounds",
        )
    offered, question = understand(constraints, now=now, settings=settings, language=language)
    if question is not None:
        return finish("question", question)
    echo = tuple(describe(i, constraints.zone, language) for i in offered)
    more = len(echo) - settings.echo_limit
    shown = "; ".join(echo[: settings.echo_limit]) + (
        say(language, "more", count=more) if more > 0 else ""
    )
    note = _zone_note(constraints, offered, language)
    bookable = [slot for slot in free_slots if slot.start >= now + settings.min_notice]
    matching = slot_starts(offered, bookable, slot_length)
    picks = spread_over_days(matching, constraints.zone, settings.max_proposals)
    if not picks:
        nearest = spread_over_days(
            slot_starts([Interval(now, now + timedelta(days=settings.horizon_days))],
                        bookable, slot_length),
            constraints.zone, settings.max_proposals,
        )  # fmt: skip
        options = "".join(
            f"\n{n}. {describe(s, constraints.zone, language)}" for n, s in enumerate(nearest, 1)
        )
        text = say(language, "no_match", shown=shown, note=note) + (
            say(language, "instead", options=options) if nearest else say(language, "other")
        )
        return finish("question", text, proposals=nearest, interpretation=echo)
    options = "".join(
        f"\n{n}. {describe(s, constraints.zone, language)}" for n, s in enumerate(picks, 1)
    )
    numbers = say(language, "or").join(str(n) for n in range(1, len(picks) + 1))
    text = say(language, "proposal", shown=shown, note=note, options=options, numbers=numbers)
    return finish("proposal", text, proposals=picks, interpretation=echo)


def _refusal(
    state: NegotiationState, message: str, now: datetime, settings: BotSettings
) -> BotReply | None:
    """Over-long messages and message floods are answered without reading them."""
    language = language_of(message)
    if len(message) > settings.max_message_chars:
        text = say(language, "too_long", limit=settings.max_message_chars)
    else:
        hour_ago = (now - timedelta(hours=1)).astimezone(UTC).isoformat()
        recent = [
            e for e in state.transcript
            if e.get("role") == "candidate" and str(e.get("at", "")) >= hour_ago
        ]  # fmt: skip
        if len(recent) < settings.max_messages_per_hour:
            return None
        text = say(language, "flood")
    transcript = (
        *state.transcript,
        _entry("candidate", message[: settings.max_message_chars], now, refused=True),
        _entry("bot", text, now, kind="question", proposals=[]),
    )
    return BotReply("question", text, replace(state, transcript=transcript))


def reply_offline(
    state: NegotiationState,
    message: str,
    *,
    now: datetime,
    zone: str,
    free_slots: Sequence[Interval],
    slot_length: timedelta,
    settings: BotSettings = BotSettings(),
) -> BotReply:
    """The bot with the offline grammar only (the default, and the benchmark's path)."""
    refused = _refusal(state, message, now, settings)
    if refused is not None:
        return refused
    injected = bool(find_instructions(message))
    constraints = read_availability(message, now, zone)
    return compose_reply(
        state, message, constraints, now=now, free_slots=free_slots,
        slot_length=slot_length, settings=settings, injection_detected=injected,
    )  # fmt: skip


async def reply_to_candidate(
    state: NegotiationState,
    message: str,
    *,
    now: datetime,
    zone: str,
    free_slots: Sequence[Interval],
    slot_length: timedelta,
    model_reader: ModelReader | None = None,
    settings: BotSettings = BotSettings(),
) -> BotReply:
    """The bot; with ``model_reader`` a model reads clean messages, the grammar the rest."""
    refused = _refusal(state, message, now, settings)
    if refused is not None:
        return refused
    injected = bool(find_instructions(message))
    if model_reader is None or injected:
        return reply_offline(
            state, message, now=now, zone=zone, free_slots=free_slots,
            slot_length=slot_length, settings=settings,
        )  # fmt: skip
    constraints = await model_reader(message, now, zone)
    return compose_reply(
        state, message, constraints, now=now, free_slots=free_slots,
        slot_length=slot_length, settings=settings, read_by="model",
    )  # fmt: skip
