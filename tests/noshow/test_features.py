"""Protected attributes and their proxies can never become no-show features."""

from __future__ import annotations

import inspect
import typing
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from hireflow.noshow import features
from hireflow.noshow.features import DENIED_WORDS, FEATURE_NAMES, AttendanceFacts, build_features

WHEN = datetime(2027, 6, 14, 10, 0, tzinfo=UTC)
PROTECTED = {
    "first_name": "Ada", "name": "Ada Lovelace", "age": 36, "date_of_birth": "1990-01-01",
    "gender": "female", "nationality": "British", "address": "12 Oak Street",
    "school": "State University", "city": "Springfield", "photo_url": "x",
}  # fmt: skip


def facts(**changes: object) -> AttendanceFacts:
    return AttendanceFacts(scheduled_at=WHEN, booked_at=WHEN - timedelta(days=3), **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(("field", "value"), PROTECTED.items())
def test_protected_attributes_cannot_be_passed_in(field: str, value: object) -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        facts(**{field: value})


def test_no_fact_and_no_feature_is_named_like_a_protected_attribute() -> None:
    names = [*AttendanceFacts.model_fields, *FEATURE_NAMES]
    offending = [n for n in names for word in DENIED_WORDS if word in n.lower().split("_")]
    assert offending == []
    assert set(DENIED_WORDS) >= {"name", "age", "gender", "nationality", "address", "school"}


def test_the_feature_builder_takes_only_attendance_facts() -> None:
    signature = inspect.signature(build_features)
    assert list(signature.parameters) == ["facts"]
    hints = typing.get_type_hints(build_features)
    assert hints["facts"] is AttendanceFacts
    assert hints["return"] == dict[str, float]
    assert features.AttendanceFacts.model_config["extra"] == "forbid"


def test_features_are_exactly_the_allow_list_and_bounded() -> None:
    built = build_features(facts(negotiation_rounds=9, reschedules=9, earlier_no_shows=2))
    assert tuple(built) == FEATURE_NAMES
    assert built["negotiation_rounds"] == 5 and built["reschedules"] == 5
    assert built["prior_no_show"] == 1.0
    assert all(0.0 <= value <= 5.0 for value in built.values())


def test_local_weekday_and_hour_use_the_interview_zone() -> None:
    late_sunday_utc = datetime(2027, 6, 13, 23, 30, tzinfo=UTC)  # Monday 08:30 in Tokyo
    built = build_features(
        AttendanceFacts(scheduled_at=late_sunday_utc, booked_at=late_sunday_utc - timedelta(days=1),
                        interview_zone="Asia/Tokyo")
    )  # fmt: skip
    assert built["monday"] == 1.0 and built["early_hour"] == 1.0 and built["next_day"] == 1.0


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValidationError):
        AttendanceFacts(scheduled_at=datetime(2027, 6, 14, 10), booked_at=WHEN)


def test_profile_completeness_counts_only_non_protected_fields() -> None:
    from hireflow.candidates.service import PROFILE_FIELDS

    for field in PROFILE_FIELDS:  # only whether each is filled in counts, never its value
        assert not any(word in field for word in DENIED_WORDS), field


def test_what_interviews_store_as_facts_is_the_allow_list() -> None:
    stored = AttendanceFacts(
        scheduled_at=datetime(2027, 6, 1, 9, tzinfo=UTC),
        booked_at=datetime(2027, 5, 20, 9, tzinfo=UTC),
    ).model_dump(mode="json")
    assert set(stored) == set(AttendanceFacts.model_fields)
    for key in stored:
        assert not any(word in key for word in DENIED_WORDS), key
