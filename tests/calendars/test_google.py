"""Google Calendar's protocol against a local stand-in: PKCE, refresh, invalid_grant, sync
tokens with a 410, freeBusy, insert/patch/delete."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.auth.roles import Role
from hireflow.calendars import connections, repository, service, writes
from hireflow.calendars.schemas import InterviewEvent
from hireflow.config import Settings
from hireflow.kit.crypto import keyring_from_settings
from hireflow.kit.errors import BadRequest
from hireflow.kit.time import Interval
from hireflow.notifications.models import Notification
from tests.calendars.google_server import GoogleServer
from tests.factories import make_user

NOW = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
WINDOW = (datetime(2026, 10, 12, tzinfo=UTC), datetime(2026, 11, 9, tzinfo=UTC))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


BERLIN = "Europe/Berlin"
EVENTS: list[dict[str, Any]] = [
    {
        "id": "series1",
        "iCalUID": "series1@google.com",
        "status": "confirmed",
        "start": {"dateTime": "2026-10-15T10:00:00+02:00", "timeZone": BERLIN},
        "end": {"dateTime": "2026-10-15T11:00:00+02:00", "timeZone": BERLIN},
        "recurrence": ["RRULE:FREQ=WEEKLY;COUNT=4", "EXDATE;TZID=Europe/Berlin:20261022T100000"],
    },
    {
        "id": "series1_20261029T090000Z",
        "iCalUID": "series1@google.com",
        "recurringEventId": "series1",
        "status": "confirmed",
        "originalStartTime": {"dateTime": "2026-10-29T10:00:00+01:00", "timeZone": BERLIN},
        "start": {"dateTime": "2026-10-29T14:00:00+01:00", "timeZone": BERLIN},
        "end": {"dateTime": "2026-10-29T15:00:00+01:00", "timeZone": BERLIN},
    },
    {
        "id": "series1_20261105T090000Z",
        "iCalUID": "series1@google.com",
        "recurringEventId": "series1",
        "status": "cancelled",
        "originalStartTime": {"dateTime": "2026-11-05T10:00:00+01:00", "timeZone": BERLIN},
    },
    {
        "id": "focus",
        "status": "confirmed",
        "transparency": "transparent",
        "start": {"dateTime": "2026-10-21T10:00:00Z"},
        "end": {"dateTime": "2026-10-21T11:00:00Z"},
    },
    {
        "id": "offsite",
        "status": "confirmed",
        "start": {"date": "2026-10-27"},
        "end": {"date": "2026-10-28"},
    },
    {
        "id": "ny",
        "status": "confirmed",
        "start": {"dateTime": "2026-10-20T09:00:00-04:00", "timeZone": "America/New_York"},
        "end": {"dateTime": "2026-10-20T10:00:00-04:00", "timeZone": "America/New_York"},
    },
]


@pytest.fixture
def google() -> Iterator[GoogleServer]:
    server = GoogleServer().start()
    yield server
    server.stop()


@pytest.fixture
def google_settings(settings: Settings, google: GoogleServer) -> Settings:
    return settings.model_copy(
        update={
            "google_client_id": "hireflow-test-client",
            "google_client_secret": SecretStr("client secret value"),
            "google_auth_url": f"{google.base}/auth",
            "google_token_url": f"{google.base}/token",
            "google_api_url": f"{google.base}/calendar/v3",
        }
    )


@pytest.fixture
async def http() -> Any:
    async with httpx.AsyncClient() as client:
        yield client


async def connect_google(
    session: AsyncSession, user_id: Any, google: GoogleServer, settings: Settings, http: Any
) -> Any:
    url = await connections.start_google(
        session,
        user_id,
        zone=BERLIN,
        redirect_uri="http://testserver/account/calendar/google/callback",
        settings=settings,
        now=NOW,
    )
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert query["prompt"] == "consent" and query["access_type"] == "offline"
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) >= 43
    code = google.state.consent(query["code_challenge"])
    connection = await connections.finish_google(
        session,
        user_id,
        state=query["state"],
        code=code,
        redirect_uri="http://testserver/account/calendar/google/callback",
        settings=settings,
        http=http,
        now=NOW,
    )
    with pytest.raises(BadRequest):  # a state is good for one redirect only
        await connections.finish_google(
            session,
            user_id,
            state=query["state"],
            code=code,
            redirect_uri="x",
            settings=settings,
            http=http,
            now=NOW,
        )
    return connection


async def test_busy_time_from_synced_events_with_full_resync_on_410(
    session: AsyncSession, google: GoogleServer, google_settings: Settings, http: Any
) -> None:
    recruiter = await make_user(session, Role.SENIOR)
    for item in EVENTS:
        google.state.put_event(item)
    connection = await connect_google(session, recruiter.id, google, google_settings, http)
    assert connection.provider == "google" and connection.health == "ok"
    assert b"client secret" not in connection.credentials

    busy = await service.busy_intervals(
        session, recruiter.id, *WINDOW, settings=google_settings, http=http, now=NOW
    )
    assert busy == [
        Interval(utc(2026, 10, 15, 8), utc(2026, 10, 15, 9)),
        Interval(utc(2026, 10, 20, 13), utc(2026, 10, 20, 14)),
        Interval(utc(2026, 10, 26, 23), utc(2026, 10, 27, 23)),
        Interval(utc(2026, 10, 29, 13), utc(2026, 10, 29, 14)),
    ]
    first_token = connection.sync_token
    assert first_token

    # The sync token expires (410): everything is listed again, and a new event shows.
    google.state.expired_sync_tokens.add(first_token)
    google.state.put_event(
        {
            "id": "late",
            "status": "confirmed",
            "start": {"dateTime": "2026-10-21T15:00:00Z"},
            "end": {"dateTime": "2026-10-21T16:00:00Z"},
        }
    )
    google.state.requests.clear()
    service.CACHE.clear()
    later = NOW + timedelta(minutes=2)
    busy = await service.busy_intervals(
        session, recruiter.id, *WINDOW, settings=google_settings, http=http, now=later
    )
    assert Interval(utc(2026, 10, 21, 15), utc(2026, 10, 21, 16)) in busy
    lists = [q for m, p, q in google.state.requests if m == "GET" and p.endswith("/events")]
    assert lists[0].get("syncToken") == [first_token]  # answered 410
    assert "syncToken" not in lists[1]  # the full resync

    # Incremental: a deleted event leaves the busy time.
    google.state.put_event({"id": "ny", "status": "cancelled"})
    google.state.requests.clear()
    service.CACHE.clear()
    busy = await service.busy_intervals(
        session,
        recruiter.id,
        *WINDOW,
        settings=google_settings,
        http=http,
        now=later + timedelta(minutes=2),
    )
    assert Interval(utc(2026, 10, 20, 13), utc(2026, 10, 20, 14)) not in busy
    lists = [q for m, p, q in google.state.requests if m == "GET" and p.endswith("/events")]
    assert lists and all("syncToken" in q or "pageToken" in q for q in lists)


async def test_refresh_then_invalid_grant_needs_reauth_with_one_notification(
    session: AsyncSession, google: GoogleServer, google_settings: Settings, http: Any
) -> None:
    recruiter = await make_user(session, Role.JUNIOR)
    connection = await connect_google(session, recruiter.id, google, google_settings, http)
    keyring = keyring_from_settings(google_settings)
    before = keyring.decrypt_json(connection.credentials)

    # The access token expired: refreshed, and the new one stored (encrypted).
    await service.busy_intervals(
        session,
        recruiter.id,
        *WINDOW,
        settings=google_settings,
        http=http,
        now=NOW + timedelta(hours=2),
    )
    after = keyring.decrypt_json(connection.credentials)
    assert after["access_token"] != before["access_token"]
    assert after["refresh_token"] == before["refresh_token"]
    assert connection.health == "ok"

    # The user revoked access (or the testing app's 7 days ran out): invalid_grant.
    google.state.revoke()
    for hours in (4, 6):
        service.CACHE.clear()
        found = await service.busy_time(
            session,
            recruiter.id,
            *WINDOW,
            settings=google_settings,
            http=http,
            now=NOW + timedelta(hours=hours),
        )
        assert not found.complete
    assert connection.health == "needs_reauth"
    assert "invalid_grant" in (connection.health_detail or "")
    count = await session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == recruiter.id, Notification.kind == "calendar_needs_reauth")
    )
    assert count == 1


async def test_interview_event_inserted_patched_deleted(
    session: AsyncSession, google: GoogleServer, google_settings: Settings, http: Any
) -> None:
    recruiter = await make_user(session, Role.SENIOR)
    await connect_google(session, recruiter.id, google, google_settings, http)
    event = InterviewEvent(
        uid="interview-77@hireflow.test",
        sequence=0,
        start=utc(2026, 10, 20, 9),
        end=utc(2026, 10, 20, 10),
        zone=BERLIN,
        summary="Interview",
        organizer_email="recruiter@example.test",
    )
    await service.create_interview_event(session, recruiter.id, event, now=NOW)
    row = await repository.event_by_uid(session, recruiter.id, event.uid)
    assert row is not None
    assert (
        await writes.write_event(session, row.id, settings=google_settings, now=NOW, http=http)
        == "written"
    )
    remote = google.state.events[row.remote_ref or ""]
    assert remote["iCalUID"] == event.uid and remote["sequence"] == 0
    inserts = [q for m, p, q in google.state.requests if m == "POST" and p.endswith("/events")]
    assert inserts[-1]["sendUpdates"] == ["none"]

    # A write whose outcome was lost (crash after Google answered) does not duplicate.
    row.remote_ref, row.status = None, "pending"
    assert (
        await writes.write_event(session, row.id, settings=google_settings, now=NOW, http=http)
        == "written"
    )
    assert sum(1 for e in google.state.events.values() if e.get("iCalUID") == event.uid) == 1

    moved = InterviewEvent(
        **{**event.__dict__, "start": utc(2026, 10, 22, 9), "end": utc(2026, 10, 22, 10)}
    )
    stored = await service.update_interview_event(session, recruiter.id, moved, now=NOW)
    await writes.write_event(session, row.id, settings=google_settings, now=NOW, http=http)
    remote = google.state.events[row.remote_ref or ""]
    assert remote["start"]["dateTime"].startswith("2026-10-22T09:00")
    assert remote["sequence"] == stored.sequence >= 1

    await service.cancel_interview_event(session, recruiter.id, event.uid, now=NOW)
    await writes.write_event(session, row.id, settings=google_settings, now=NOW, http=http)
    assert google.state.events[row.remote_ref or ""]["status"] == "cancelled"


async def test_free_busy_endpoint(
    session: AsyncSession, google: GoogleServer, google_settings: Settings, http: Any
) -> None:
    from hireflow.calendars.providers.google import GoogleProvider

    recruiter = await make_user(session, Role.SENIOR)
    connection = await connect_google(session, recruiter.id, google, google_settings, http)
    google.state.busy = [{"start": "2026-10-20T08:00:00Z", "end": "2026-10-20T09:30:00Z"}]
    provider = connections.provider_for(connection, google_settings, http=http, now=NOW)
    assert isinstance(provider, GoogleProvider)
    assert await provider.server_busy(*WINDOW) == [
        Interval(utc(2026, 10, 20, 8), utc(2026, 10, 20, 9, 30))
    ]


async def test_polling_keeps_the_mirror_fresh(
    session: AsyncSession, google: GoogleServer, google_settings: Settings, http: Any
) -> None:
    recruiter = await make_user(session, Role.SENIOR)
    connection = await connect_google(session, recruiter.id, google, google_settings, http)
    assert await service.poll_google_mirrors(session, google_settings, http, NOW) >= 1
    assert await repository.mirrored_events(session, connection.id) == []
    google.state.put_event(EVENTS[-1])
    later = NOW + timedelta(minutes=5)
    assert await service.poll_google_mirrors(session, google_settings, http, later) >= 1
    mirrored = await repository.mirrored_events(session, connection.id)
    assert len(mirrored) == 1 and "America/New_York" in mirrored[0]
    assert "SUMMARY" not in mirrored[0]  # only times, status and transparency are kept
