"""Whatever a candidate types, the reader does not crash and the intervals stay sane."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from hireflow.negotiation.parsing import read_availability
from hireflow.negotiation.resolver import resolve_intervals

NOW = datetime(2027, 6, 10, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
WORDS = st.sampled_from(
    [
        "next",
        "this",
        "every",
        "monday",
        "tue",
        "wed",
        "thursday",
        "fri",
        "sat",
        "sunday",
        "week",
        "weekend",
        "weekdays",
        "morning",
        "afternoon",
        "evening",
        "lunch",
        "after",
        "before",
        "at",
        "between",
        "and",
        "or",
        "but",
        "not",
        "except",
        "to",
        "from",
        "-",
        "1",
        "2",
        "3",
        "4",
        "5",
        "9",
        "10",
        "11",
        "12",
        "13",
        "14",
        "15",
        "17",
        "23",
        "24",
        "30",
        "am",
        "pm",
        "10:30",
        "14:00",
        "9-5",
        "2-4pm",
        "cet",
        "pt",
        "jst",
        "utc+2",
        "june",
        "14th",
        "the",
        "tomorrow",
        "today",
        "tonight",
        "来週",
        "明日",
        "火曜日",
        "午後",
        "午前",
        "14時",
        "以外",
        "から",
        "まで",
        ",",
        ".",
    ]
)


@given(st.lists(WORDS, max_size=12).map(" ".join) | st.text(max_size=80))
@settings(max_examples=300, deadline=None)
def test_any_text_reads_and_resolves_to_ordered_future_intervals(text: str) -> None:
    constraints = read_availability(text, NOW, "Europe/Berlin")
    assert 0.0 <= constraints.confidence <= 1.0
    intervals = resolve_intervals(constraints, now=NOW)
    for interval in intervals:
        assert NOW <= interval.start < interval.end <= NOW + timedelta(days=30)
    for earlier, later in pairwise(intervals):
        assert earlier.end < later.start
