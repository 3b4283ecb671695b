"""The calendar settings page, the ICS feed, and row-level security of connections."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.calendars import service
from hireflow.calendars.models import CalendarConnection
from hireflow.calendars.schemas import InterviewEvent
from hireflow.db.session import SYSTEM, Actor, switch_actor
from tests.calendars.conftest import USERS
from tests.calendars.radicale_server import RadicaleServer
from tests.factories import SignedIn


async def test_connect_caldav_from_the_settings_page(
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    session: AsyncSession,
    radicale_server: RadicaleServer,
    dav_calendar: Any,
) -> None:
    senior, junior = people["senior"], people["junior"]
    page = await client.get("/account/calendar", headers=senior.headers)
    assert page.status_code == 200
    assert "Connect a CalDAV calendar" in page.text and "/calendar/feed/" in page.text
    assert "Connect Google Calendar" not in page.text  # no OAuth client configured

    form = {
        "url": radicale_server.url,
        "calendar_url": str(dav_calendar.url),
        "username": "alice",
        "password": "a wrong app password 123",
        "zone": "Europe/Berlin",
    }
    refused = await client.post("/account/calendar/caldav", headers=senior.headers, data=form)
    assert refused.status_code == 422 and 'role="alert"' in refused.text
    assert "refused" in refused.text and "a wrong app password 123" not in refused.text

    bad_zone = await client.post(
        "/account/calendar/caldav", headers=senior.headers, data={**form, "zone": "Mars/Olympus"}
    )
    assert bad_zone.status_code == 422 and "IANA" in bad_zone.text

    form["password"] = USERS["alice"]
    connected = await client.post("/account/calendar/caldav", headers=senior.headers, data=form)
    assert connected.status_code == 303, connected.text
    page = await client.get(connected.headers["location"], headers=senior.headers)
    assert 'data-health="ok"' in page.text and "Europe/Berlin" in page.text
    assert USERS["alice"] not in page.text
    api = await client.get("/api/calendar/connection", headers=senior.headers)
    assert api.status_code == 200 and api.json()["health"] == "ok"
    assert USERS["alice"] not in api.text and "credentials" not in api.text
    missing = await client.get("/api/calendar/connection", headers=junior.headers)
    assert missing.status_code == 404

    # Row-level security: another recruiter sees no connection but their own.
    await switch_actor(session, Actor(junior.user.id, "junior"))
    visible = await session.scalar(select(func.count()).select_from(CalendarConnection))
    assert visible == 0
    await switch_actor(session, Actor(senior.user.id, "senior"))
    assert await session.scalar(select(func.count()).select_from(CalendarConnection)) == 1
    await switch_actor(session, SYSTEM)

    gone = await client.post("/account/calendar/disconnect", headers=senior.headers)
    assert gone.status_code == 303
    page = await client.get("/account/calendar", headers=senior.headers)
    assert 'data-health="revoked"' in page.text


async def test_ics_feed_is_signed_and_lists_interviews(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior = people["senior"]
    chosen = await client.post(
        "/account/calendar/local",
        headers=senior.headers,
        data={"kind": "ics", "zone": "Asia/Tokyo"},
    )
    assert chosen.status_code == 303
    await switch_actor(session, SYSTEM)
    await service.create_interview_event(
        session,
        senior.user.id,
        InterviewEvent(
            uid="interview-feed@hireflow.test",
            sequence=0,
            start=datetime(2026, 12, 3, 1, tzinfo=UTC),
            end=datetime(2026, 12, 3, 2, tzinfo=UTC),
            zone="Asia/Tokyo",
            summary="Interview: Grace Hopper",
            organizer_email=senior.user.email,
        ),
    )
    page = await client.get("/account/calendar", headers=senior.headers)
    feed_url = page.text.split('<code id="feed-url">', 1)[1].split("</code>", 1)[0]
    path = feed_url.split("://", 1)[1].split("/", 1)[1]
    feed = await client.get(f"/{path}")  # no sign-in: the token is the key
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    assert "UID:interview-feed@hireflow.test" in feed.text
    assert "DTSTART;TZID=Asia/Tokyo:20261203T100000" in feed.text
    assert "BEGIN:VTIMEZONE" in feed.text
    forged = await client.get("/calendar/feed/" + "A" * 46 + ".ics")
    assert forged.status_code == 404
    anonymous = await client.get("/account/calendar")
    assert anonymous.status_code in (303, 401)
