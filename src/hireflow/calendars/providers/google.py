"""Google Calendar over its REST API (httpx): OAuth 2.0 with PKCE, refresh, sync tokens.

- Authorization: code flow with PKCE (S256); the verifier is kept server-side (encrypted, in
  ``calendar_oauth_states``) so it survives the redirect. ``access_type=offline`` and
  ``prompt=consent`` on every authorization, or Google sends no refresh token on re-consent.
- Refresh: an ``invalid_grant`` (revoked, or the 7-day expiry of apps still in testing) is
  :class:`AuthFailed`, so the connection moves to ``needs_reauth``.
- Reading: events are mirrored through sync tokens (polling; push channels need a public
  HTTPS URL); a 410 means the token expired: the mirror is dropped and fully re-listed.
  Events come unexpanded (``singleEvents`` off) and are turned into iCalendar so hireflow's own
  expansion computes busy time, as for CalDAV. ``freeBusy`` is only a fallback for calendars
  shared as free/busy only.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

import httpx
import icalendar

from hireflow.calendars.providers.base import AuthFailed, CalendarError, ProviderUnavailable
from hireflow.calendars.schemas import InterviewEvent
from hireflow.kit.time import Interval

SCOPES = (
    "https://www.googleapis.com/auth/calendar.events "
    "https://www.googleapis.com/auth/calendar.readonly"
)


@dataclass(frozen=True)
class GoogleEndpoints:
    auth_url: str = "https://accounts.google.com/o/oauth2/v2/auth"
    token_url: str = "https://oauth2.googleapis.com/token"  # noqa: S105 (a URL)
    api_url: str = "https://www.googleapis.com/calendar/v3"


@dataclass(frozen=True)
class GoogleClient:
    client_id: str
    client_secret: str
    endpoints: GoogleEndpoints = GoogleEndpoints()

    def __repr__(self) -> str:
        return f"GoogleClient(client_id={self.client_id!r})"


def pkce_pair() -> tuple[str, str]:
    """A fresh ``(verifier, S256 challenge)``."""
    verifier = secrets.token_urlsafe(64)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).decode().rstrip("=")


def authorization_url(
    client: GoogleClient, *, redirect_uri: str, state: str, challenge: str
) -> str:
    query = {
        "response_type": "code",
        "client_id": client.client_id,
        "redirect_uri": redirect_uri,
        "scope": SCOPES,
        "state": state,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "access_type": "offline",
        "prompt": "consent",
        "include_granted_scopes": "true",
    }
    return f"{client.endpoints.auth_url}?{urlencode(query)}"


def _token_error(response: httpx.Response) -> CalendarError:
    try:
        error = str(response.json().get("error", ""))
    except ValueError:
        error = ""
    if error in ("invalid_grant", "unauthorized_client", "invalid_client"):
        return AuthFailed(
            f"Google refused the authorization ({error}); connect the calendar again."
        )
    if response.status_code >= 500:
        return ProviderUnavailable(f"Google's token endpoint failed (HTTP {response.status_code}).")
    return CalendarError(f"Google's token endpoint said {error or response.status_code}.")


def _tokens(payload: dict[str, Any], now: datetime, previous: dict[str, Any]) -> dict[str, Any]:
    return {
        "access_token": payload["access_token"],
        # Google omits the refresh token on refresh: keep the one we have.
        "refresh_token": payload.get("refresh_token") or previous.get("refresh_token"),
        "expires_at": (now + timedelta(seconds=int(payload.get("expires_in", 3600)))).isoformat(),
    }


async def exchange_code(
    http: httpx.AsyncClient,
    client: GoogleClient,
    *,
    code: str,
    verifier: str,
    redirect_uri: str,
    now: datetime,
) -> dict[str, Any]:
    """Trade the authorization code (and the PKCE verifier) for tokens."""
    try:
        response = await http.post(
            client.endpoints.token_url,
            data={
                "grant_type": "authorization_code",
                "code": code,
                "code_verifier": verifier,
                "redirect_uri": redirect_uri,
                "client_id": client.client_id,
                "client_secret": client.client_secret,
            },
        )
    except httpx.HTTPError as exc:
        raise ProviderUnavailable(f"Google is unreachable ({type(exc).__name__}).") from None
    if response.status_code != 200:
        raise _token_error(response)
    tokens = _tokens(response.json(), now, {})
    if not tokens["refresh_token"]:
        raise CalendarError("Google sent no refresh token; remove hireflow's access and retry.")
    return tokens


@dataclass
class SyncResult:
    changed: dict[str, str] = field(default_factory=dict)  # event id -> VEVENT text
    removed: set[str] = field(default_factory=set)
    full: bool = False
    sync_token: str | None = None


class GoogleProvider:
    """One connected Google calendar. ``tokens`` may be refreshed by any call: the caller
    stores them again when :attr:`tokens_changed` is set."""

    kind = "google"

    def __init__(
        self,
        client: GoogleClient,
        tokens: dict[str, Any],
        *,
        calendar_id: str = "primary",
        http: httpx.AsyncClient,
        now: datetime | None = None,
    ) -> None:
        self.client = client
        self.tokens = dict(tokens)
        self.tokens_changed = False
        self.calendar_id = calendar_id
        self.http = http
        self._now = now

    def __repr__(self) -> str:
        return f"GoogleProvider(calendar_id={self.calendar_id!r})"

    @property
    def breaker_key(self) -> str:
        return "google"

    def now(self) -> datetime:
        return self._now or datetime.now(UTC)

    # --- tokens ----------------------------------------------------------------------------
    async def refresh(self) -> None:
        if not self.tokens.get("refresh_token"):
            raise AuthFailed("The Google connection has no refresh token; connect it again.")
        try:
            response = await self.http.post(
                self.client.endpoints.token_url,
                data={
                    "grant_type": "refresh_token",
                    "refresh_token": self.tokens["refresh_token"],
                    "client_id": self.client.client_id,
                    "client_secret": self.client.client_secret,
                },
            )
        except httpx.HTTPError as exc:
            raise ProviderUnavailable(f"Google is unreachable ({type(exc).__name__}).") from None
        if response.status_code != 200:
            raise _token_error(response)
        self.tokens = _tokens(response.json(), self.now(), self.tokens)
        self.tokens_changed = True

    def _expired(self) -> bool:
        expires = self.tokens.get("expires_at")
        return not expires or datetime.fromisoformat(expires) <= self.now() + timedelta(seconds=60)

    async def _call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """An API call with a fresh access token; one refresh and retry on a 401."""
        if self._expired():
            await self.refresh()
        for attempt in (1, 2):
            headers = {"Authorization": f"Bearer {self.tokens['access_token']}"}
            try:
                response = await self.http.request(
                    method, f"{self.client.endpoints.api_url}{path}", headers=headers, **kwargs
                )
            except httpx.HTTPError as exc:
                raise ProviderUnavailable(
                    f"Google is unreachable ({type(exc).__name__})."
                ) from None
            if response.status_code == 401 and attempt == 1:
                await self.refresh()
                continue
            if response.status_code == 401:
                raise AuthFailed("Google refused the access token twice; connect it again.")
            if response.status_code >= 500 or response.status_code == 429:
                raise ProviderUnavailable(f"Google failed (HTTP {response.status_code}).")
            return response
        raise AssertionError("unreachable")

    def _events_path(self, suffix: str = "") -> str:
        return f"/calendars/{quote(self.calendar_id, safe='')}/events{suffix}"

    async def check(self) -> None:
        response = await self._call("GET", f"/calendars/{quote(self.calendar_id, safe='')}")
        if response.status_code != 200:
            raise CalendarError(
                f"Google says the calendar is not usable (HTTP {response.status_code})."
            )

    # --- reading ---------------------------------------------------------------------------
    async def sync(self, sync_token: str | None) -> SyncResult:
        """Changes since ``sync_token`` (everything when None, or when Google answers 410)."""
        result = SyncResult(full=sync_token is None)
        params: dict[str, str] = {"maxResults": "250", "showDeleted": "true"}
        if sync_token:
            params["syncToken"] = sync_token
        while True:
            response = await self._call("GET", self._events_path(), params=params)
            if response.status_code == 410 and "syncToken" in params:
                return await self.sync(None)  # the token expired: full resync
            if response.status_code != 200:
                raise CalendarError(f"Google refused to list events (HTTP {response.status_code}).")
            page = response.json()
            for item in page.get("items", []):
                if item.get("status") == "cancelled" and not item.get("recurringEventId"):
                    result.removed.add(item["id"])
                else:
                    result.changed[item["id"]] = vevent_text(item)
            if page.get("nextPageToken"):
                params = {k: v for k, v in params.items() if k != "syncToken"}
                params["pageToken"] = page["nextPageToken"]
                continue
            result.sync_token = page.get("nextSyncToken")
            return result

    async def events(self, start: datetime, end: datetime) -> list[icalendar.Calendar]:
        """A full listing (for the check command); the server reads its mirror instead."""
        synced = await self.sync(None)
        return [calendar_of(synced.changed.values())]

    async def server_busy(self, start: datetime, end: datetime) -> list[Interval]:
        """Google's own freeBusy answer (only for free/busy-only calendars)."""
        body = {
            "timeMin": start.astimezone(UTC).isoformat(),
            "timeMax": end.astimezone(UTC).isoformat(),
            "items": [{"id": self.calendar_id}],
        }
        response = await self._call("POST", "/freeBusy", json=body)
        if response.status_code != 200:
            raise CalendarError(
                f"Google refused the free/busy query (HTTP {response.status_code})."
            )
        calendar = response.json().get("calendars", {}).get(self.calendar_id, {})
        return [
            Interval(_instant(b["start"]), _instant(b["end"])) for b in calendar.get("busy", [])
        ]

    # --- writing ---------------------------------------------------------------------------
    def _body(self, event: InterviewEvent) -> dict[str, Any]:
        return {
            "iCalUID": event.uid,
            "sequence": event.sequence,
            "summary": event.summary,
            "description": event.description,
            "location": event.location or event.url,
            "start": {"dateTime": event.start.isoformat(), "timeZone": event.zone},
            "end": {"dateTime": event.end.isoformat(), "timeZone": event.zone},
            "attendees": [{"email": a.email, "displayName": a.name} for a in event.attendees],
            "transparency": "opaque",
        }

    async def _patch(self, ref: str, event: InterviewEvent) -> httpx.Response:
        # hireflow sends its own ICS invitations, so Google must not email attendees too.
        return await self._call(
            "PATCH",
            self._events_path(f"/{quote(ref, safe='')}"),
            params={"sendUpdates": "none"},
            json=self._body(event),
        )

    async def create_event(self, event: InterviewEvent) -> str:
        response = await self._call(
            "POST", self._events_path(), params={"sendUpdates": "none"}, json=self._body(event)
        )
        if response.status_code == 409:  # written before, but the outcome was not recorded
            found = await self._call("GET", self._events_path(), params={"iCalUID": event.uid})
            items = found.json().get("items", []) if found.status_code == 200 else []
            if items:
                ref = str(items[0]["id"])
                patched = await self._patch(ref, event)
                if patched.status_code == 200:
                    return ref
                response = patched
        if response.status_code not in (200, 201):
            raise CalendarError(f"Google refused the event (HTTP {response.status_code}).")
        return str(response.json()["id"])

    async def update_event(self, ref: str, event: InterviewEvent) -> str:
        response = await self._patch(ref, event)
        if response.status_code in (404, 410):  # deleted in Google meanwhile: write it anew
            return await self.create_event(event)
        if response.status_code != 200:
            raise CalendarError(f"Google refused the change (HTTP {response.status_code}).")
        return ref

    async def delete_event(self, ref: str, event: InterviewEvent) -> None:
        response = await self._call(
            "DELETE", self._events_path(f"/{quote(ref, safe='')}"), params={"sendUpdates": "none"}
        )
        if response.status_code not in (200, 204, 404, 410):
            raise CalendarError(f"Google refused the deletion (HTTP {response.status_code}).")


def _instant(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def _when(prop: str, value: dict[str, Any], fallback_zone: str | None) -> str:
    if "date" in value:
        return f"{prop};VALUE=DATE:{value['date'].replace('-', '')}"
    instant = datetime.fromisoformat(value["dateTime"].replace("Z", "+00:00"))
    zone = value.get("timeZone") or fallback_zone
    if zone:
        local = instant.astimezone(ZoneInfo(zone))
        return f"{prop};TZID={zone}:{local.strftime('%Y%m%dT%H%M%S')}"
    return f"{prop}:{instant.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}"


def vevent_text(item: dict[str, Any]) -> str:
    """One Google event resource as a VEVENT (series keep RRULE/EXDATE; exceptions carry
    RECURRENCE-ID, and a deleted occurrence is a cancelled override)."""
    zone = item.get("start", item.get("originalStartTime", {})).get("timeZone")
    lines = ["BEGIN:VEVENT", f"UID:{item.get('iCalUID') or item['id']}"]
    if "start" in item:
        lines.append(_when("DTSTART", item["start"], zone))
    elif "originalStartTime" in item:  # a deleted occurrence carries only its original time
        lines.append(_when("DTSTART", item["originalStartTime"], zone))
    if "end" in item:
        lines.append(_when("DTEND", item["end"], zone))
    if "originalStartTime" in item:
        lines.append(_when("RECURRENCE-ID", item["originalStartTime"], zone))
    lines.extend(str(rule) for rule in item.get("recurrence", []))
    status = str(item.get("status", "confirmed")).upper()
    lines.append(f"STATUS:{status}")
    transparency = "TRANSPARENT" if item.get("transparency") == "transparent" else "OPAQUE"
    lines.append(f"TRANSP:{transparency}")
    lines.append("END:VEVENT")
    return "\r\n".join(lines)


def calendar_of(vevents: Any) -> icalendar.Calendar:
    """One VCALENDAR holding mirrored VEVENTs (series and their overrides together)."""
    text = "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//hireflow//google mirror//EN",
            *list(vevents),
            "END:VCALENDAR",
            "",
        ]
    )
    return icalendar.Calendar.from_ical(text)
