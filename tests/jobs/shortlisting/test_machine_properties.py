"""Property tests of the shortlisting state machine: any sequence of applications, closes,
dropouts and overrides keeps the invariants."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from hireflow.jobs.shortlisting.machine import Entry, Shortlist, Status
from hireflow.kit.errors import Conflict

T0 = datetime(2026, 1, 1, tzinfo=UTC)

scores = st.one_of(st.none(), st.integers(0, 100).map(float), st.floats(0, 100))
operations = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "apply",
                "apply",
                "close",
                "dropout",
                "promote",
                "to_buffer",
                "reject",
                "resize",
                "close_again",
            ]
        ),
        st.integers(0, 10_000),
        st.integers(1, 6),
        st.integers(0, 6),
        st.sampled_from(["declined", "expired", "no_show", "withdrawn", "rejected"]),
    ),
    max_size=40,
)


def _build(score_list: list[float | None], openings: int, buffer: int) -> Shortlist:
    entries = {}
    for index, score in enumerate(score_list):
        entry_id = uuid.UUID(int=index + 1)
        entries[entry_id] = Entry(entry_id, score, T0 + timedelta(minutes=index % 3))
    return Shortlist(openings, buffer, entries)


def _refilled(machine: Shortlist) -> bool:
    pending = machine.with_status(Status.PENDING)
    buffer = machine.with_status(Status.BUFFER)
    shortlisted = machine.with_status(Status.SHORTLISTED)
    if not pending:
        return True
    return len(buffer) == machine.buffer_target and len(shortlisted) <= machine.openings


@settings(max_examples=300, deadline=None)
@given(
    score_list=st.lists(scores, max_size=25),
    openings=st.integers(1, 6),
    buffer=st.integers(0, 6),
    ops=operations,
)
def test_invariants_hold_for_any_sequence(
    score_list: list[float | None], openings: int, buffer: int, ops: list[tuple]
) -> None:
    machine = _build(score_list, openings, buffer)
    ids = list(machine.entries)
    for op, pick, new_openings, new_buffer, reason in ops:
        events: list = []
        target = ids[pick % len(ids)] if ids else uuid.uuid4()
        freed_slot = op == "resize" or (
            op in ("dropout", "reject")
            and target in machine.entries
            and machine.entries[target].status == Status.SHORTLISTED
        )
        try:
            if op == "apply":
                if machine.ranked:
                    continue  # applications are closed once ranked (the service refuses)
                new_id = uuid.uuid4()
                score = None if pick % 7 == 0 else float(pick % 101)
                machine.entries[new_id] = Entry(new_id, score, T0 + timedelta(seconds=pick))
                ids.append(new_id)
            elif op in ("close", "close_again"):
                before = {k: (e.status, e.rank) for k, e in machine.entries.items()}
                events = machine.rank_and_shortlist()
                if op == "close_again" and not events:
                    assert before == {k: (e.status, e.rank) for k, e in machine.entries.items()}
            elif op == "dropout":
                events = machine.drop_out(target, reason, auto_fill=True)
            elif op == "promote":
                machine.promote(target)
            elif op == "to_buffer":
                machine.move_to_buffer(target)
            elif op == "reject":
                events = machine.reject(target, auto_fill=True)
            elif op == "resize":
                events = machine.resize(new_openings, new_buffer, auto_fill=True)
        except Conflict:
            pass
        machine.check()
        if machine.ranked:
            # The buffer is full whenever someone is pending; when a step freed a shortlist
            # slot (dropout, reject, resize), it was refilled while anyone was waiting.
            assert _refilled(machine)
            waiting = machine.with_status(Status.PENDING) + machine.with_status(Status.BUFFER)
            if waiting and events and freed_slot:
                assert len(machine.with_status(Status.SHORTLISTED)) == machine.openings


@settings(max_examples=100, deadline=None)
@given(score_list=st.lists(scores, min_size=1, max_size=30), openings=st.integers(1, 5))
def test_ranking_is_deterministic_and_orders_by_score(
    score_list: list[float | None], openings: int
) -> None:
    first, second = _build(score_list, openings, 2), _build(list(score_list), openings, 2)
    first.rank_and_shortlist()
    second.rank_and_shortlist()
    assert {k: e.rank for k, e in first.entries.items()} == {
        k: e.rank for k, e in second.entries.items()
    }
    ranked = sorted(first.entries.values(), key=lambda e: e.rank or 0)
    assert [e.rank for e in ranked] == list(range(1, len(ranked) + 1))
    scored = [e.fit_score for e in ranked if e.fit_score is not None]
    assert scored == sorted(scored, reverse=True)
    # Unscorable ones come after every scored one.
    seen_unscored = False
    for entry in ranked:
        if entry.fit_score is None:
            seen_unscored = True
        else:
            assert not seen_unscored


def test_close_shortlists_top_n_and_buffers_next_b() -> None:
    machine = _build([90, 80, 70, 60, 50, None], 2, 2)
    machine.rank_and_shortlist()
    status = {e.rank: e.status for e in machine.entries.values()}
    assert status == {
        1: Status.SHORTLISTED,
        2: Status.SHORTLISTED,
        3: Status.BUFFER,
        4: Status.BUFFER,
        5: Status.PENDING,
        6: Status.PENDING,
    }
    assert machine.rank_and_shortlist() == []  # second trigger: no change


def test_dropout_promotes_best_buffer_and_refills_from_pending() -> None:
    machine = _build([90, 80, 70, 60, 50], 2, 2)
    machine.rank_and_shortlist()
    top = next(e for e in machine.entries.values() if e.rank == 1)
    events = machine.drop_out(top.id, "declined", auto_fill=True)
    actions = [e.action for e in events]
    assert actions == ["dropout", "promoted_from_buffer", "added_to_buffer"]
    by_rank = {e.rank: e for e in machine.entries.values()}
    assert by_rank[3].status == Status.SHORTLISTED
    assert by_rank[4].status == Status.BUFFER and by_rank[4].buffer_position == 1
    assert by_rank[5].status == Status.BUFFER and by_rank[5].buffer_position == 2


def test_empty_buffer_is_reported() -> None:
    machine = _build([90, 80], 1, 1)
    machine.rank_and_shortlist()
    for rank in (1, 2):
        entry = next(e for e in machine.entries.values() if e.rank == rank)
        events = machine.drop_out(entry.id, "no_show", auto_fill=True)
    assert "buffer_empty" in [e.action for e in events]
    machine.check()


def test_without_automation_a_dropout_leaves_the_slot_open() -> None:
    machine = _build([90, 80, 70], 1, 1)
    machine.rank_and_shortlist()
    top = next(e for e in machine.entries.values() if e.rank == 1)
    events = machine.drop_out(top.id, "declined", auto_fill=False)
    assert [e.action for e in events] == ["dropout"]
    assert machine.with_status(Status.SHORTLISTED) == []


def test_promote_needs_a_free_slot() -> None:
    machine = _build([90, 80, 70], 1, 1)
    machine.rank_and_shortlist()
    buffered = machine.with_status(Status.BUFFER)[0]
    try:
        machine.promote(buffered.id)
    except Conflict:
        pass
    else:
        raise AssertionError("promoted past the openings")
    top = machine.with_status(Status.SHORTLISTED)[0]
    machine.move_to_buffer(top.id)
    machine.promote(buffered.id)
    machine.check()
    assert machine.with_status(Status.SHORTLISTED) == [buffered]


def test_manual_accept_before_ranking_is_kept_and_counts() -> None:
    machine = _build([90, 80, 70, 10], 2, 1)
    lowest = next(e for e in machine.entries.values() if e.fit_score == 10)
    machine.promote(lowest.id)
    machine.rank_and_shortlist()
    machine.check()
    shortlisted = machine.with_status(Status.SHORTLISTED)
    assert lowest in shortlisted and len(shortlisted) == 2
    assert lowest.manual_decision and lowest.rank == 4


def test_resize_before_ranking_keeps_the_buffer_numbered_and_within_target() -> None:
    """Found by the property test: manual picks made before ranking, then fewer openings.

    The picks beyond the openings moved to the buffer with position 0 and, with no ranking
    yet, were never numbered nor trimmed to the buffer's target.
    """
    machine = _build([90.0, 80.0, 70.0], openings=2, buffer=1)
    first, second, _ = list(machine.entries)
    machine.promote(first)
    machine.promote(second)
    machine.resize(1, 1, auto_fill=True)
    machine.check()
    assert [e.buffer_position for e in machine.with_status(Status.BUFFER)] == [1]
    machine.resize(1, 0, auto_fill=True)
    machine.check()
    assert machine.with_status(Status.BUFFER) == []
