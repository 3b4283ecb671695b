"""A recruiter's calendar connection: connect, disconnect, health, and its provider.

Health goes ``ok`` → ``needs_reauth`` (credentials refused: a wrong or revoked password, an
``invalid_grant``, 401s after a refresh) → ``revoked`` (disconnected; credentials wiped).
The first move to ``needs_reauth`` notifies the recruiter once; reconnecting resets it.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import httpx
import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.calendars import repository
from hireflow.calendars.models import CalendarConnection, OAuthState
from hireflow.calendars.providers.base import (
    AuthFailed,
    CalendarError,
    CalendarProvider,
    ProviderUnavailable,
)
from hireflow.calendars.providers.caldav import CaldavProvider, validate_url
from hireflow.calendars.providers.google import (
    GoogleClient,
    GoogleEndpoints,
    GoogleProvider,
    authorization_url,
    exchange_code,
    pkce_pair,
)
from hireflow.calendars.providers.ics import LocalProvider
from hireflow.calendars.schemas import Health, ProviderKind
from hireflow.config import Settings
from hireflow.kit.crypto import Keyring, keyring_from_settings
from hireflow.kit.errors import BadRequest, NotFound, ServiceUnavailable, Unprocessable
from hireflow.notifications import service as notifications

log = structlog.get_logger(__name__)
OAUTH_STATE_TTL = timedelta(minutes=15)
SETTINGS_LINK = "/account/calendar"


def check_zone(zone: str) -> str:
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise Unprocessable(f"{zone!r} is not an IANA time zone (e.g. Europe/Berlin).") from None
    return zone


def google_client(settings: Settings) -> GoogleClient | None:
    """The configured OAuth client, or None (the Google option is then not offered)."""
    if not settings.google_client_id or not settings.google_client_secret:
        return None
    return GoogleClient(
        client_id=settings.google_client_id,
        client_secret=settings.google_client_secret.get_secret_value(),
        endpoints=GoogleEndpoints(
            auth_url=settings.google_auth_url,
            token_url=settings.google_token_url,
            api_url=settings.google_api_url,
        ),
    )


def provider_for(
    connection: CalendarConnection,
    settings: Settings,
    *,
    keyring: Keyring | None = None,
    http: httpx.AsyncClient | None = None,
    now: datetime | None = None,
) -> CalendarProvider:
    """The provider of ``connection`` with its credentials decrypted (in memory only)."""
    kind = connection.provider
    if kind in (ProviderKind.ICS, ProviderKind.MANUAL):
        return LocalProvider(kind)
    if connection.credentials is None:
        raise AuthFailed("The calendar connection has no credentials; connect it again.")
    secret = (keyring or keyring_from_settings(settings)).decrypt_json(connection.credentials)
    if kind == ProviderKind.CALDAV:
        return CaldavProvider(
            url=connection.settings["url"],
            username=connection.settings["username"],
            password=secret["password"],
            calendar_url=connection.settings.get("calendar_url"),
            timeout=settings.calendar_timeout_seconds,
        )
    client = google_client(settings)
    if client is None:
        raise AuthFailed("Google Calendar is not configured on this server any more.")
    if http is None:
        raise CalendarError("a Google provider needs an HTTP client")
    return GoogleProvider(
        client,
        secret,
        calendar_id=connection.settings.get("calendar_id", "primary"),
        http=http,
        now=now,
    )


async def _upsert(
    session: AsyncSession,
    user_id: uuid.UUID,
    *,
    provider: ProviderKind,
    zone: str,
    settings: dict[str, Any],
    credentials: bytes | None,
    now: datetime,
) -> CalendarConnection:
    connection = await repository.connection_of(session, user_id, for_update=True)
    if connection is None:
        connection = CalendarConnection(id=uuid.uuid4(), user_id=user_id)
        session.add(connection)
    connection.provider = provider.value
    connection.zone = zone
    connection.settings = settings
    connection.credentials = credentials
    connection.health = Health.OK.value
    connection.health_detail = None
    connection.auth_failures = 0
    connection.reauth_notified_at = None
    connection.sync_token = None
    connection.synced_at = None
    connection.checked_at = now
    await session.flush()
    await repository.wake_waiting_events(session, user_id, now)
    return connection


async def connect_caldav(
    session: AsyncSession,
    user_id: uuid.UUID,
    *,
    url: str,
    username: str,
    password: str,
    zone: str,
    settings: Settings,
    now: datetime,
    calendar_url: str | None = None,
) -> CalendarConnection:
    """Log in to the CalDAV server (so a typo is caught now), then store the connection.
    ``calendar_url`` picks one calendar; by default the account's first one."""
    check_zone(zone)
    if not username.strip() or not password:
        raise Unprocessable("Enter the CalDAV username and an app password.")
    try:
        provider = CaldavProvider(
            url=validate_url(url),
            username=username.strip(),
            password=password,
            calendar_url=validate_url(calendar_url) if calendar_url else None,
            timeout=settings.calendar_timeout_seconds,
        )
        calendar_url = await provider.resolve_calendar()
    except ValueError as exc:
        raise Unprocessable(str(exc)) from None
    except AuthFailed as exc:
        raise Unprocessable(f"{exc} Check the username and app password.") from None
    except ProviderUnavailable as exc:
        raise ServiceUnavailable(str(exc)) from None
    except CalendarError as exc:
        raise Unprocessable(str(exc)) from None
    keyring = keyring_from_settings(settings)
    return await _upsert(
        session,
        user_id,
        provider=ProviderKind.CALDAV,
        zone=zone,
        settings={"url": provider.url, "username": provider.username, "calendar_url": calendar_url},
        credentials=keyring.encrypt_json({"password": password}),
        now=now,
    )


async def connect_local(
    session: AsyncSession, user_id: uuid.UUID, *, kind: ProviderKind, zone: str, now: datetime
) -> CalendarConnection:
    """The ICS feed (or manual upkeep): no credentials, no remote busy time."""
    if kind not in (ProviderKind.ICS, ProviderKind.MANUAL):
        raise BadRequest("Only the ICS feed or manual upkeep connect without credentials.")
    return await _upsert(
        session,
        user_id,
        provider=kind,
        zone=check_zone(zone),
        settings={},
        credentials=None,
        now=now,
    )


def _state_hash(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest()


async def start_google(
    session: AsyncSession,
    user_id: uuid.UUID,
    *,
    zone: str,
    redirect_uri: str,
    settings: Settings,
    now: datetime,
) -> str:
    """Begin the OAuth flow: keep the PKCE verifier server-side; returns Google's URL."""
    client = google_client(settings)
    if client is None:
        raise NotFound("Google Calendar is not configured on this server.")
    check_zone(zone)
    verifier, challenge = pkce_pair()
    state = secrets.token_urlsafe(32)
    keyring = keyring_from_settings(settings)
    await repository.save_oauth_state(
        session,
        OAuthState(
            state_hash=_state_hash(state),
            user_id=user_id,
            verifier=keyring.encrypt(verifier.encode()),
            zone=zone,
            expires_at=now + OAUTH_STATE_TTL,
        ),
    )
    return authorization_url(client, redirect_uri=redirect_uri, state=state, challenge=challenge)


async def finish_google(
    session: AsyncSession,
    user_id: uuid.UUID,
    *,
    state: str,
    code: str,
    redirect_uri: str,
    settings: Settings,
    http: httpx.AsyncClient,
    now: datetime,
) -> CalendarConnection:
    """Complete the OAuth flow started by the same user (state checked, used once)."""
    client = google_client(settings)
    if client is None:
        raise NotFound("Google Calendar is not configured on this server.")
    pending = await repository.take_oauth_state(session, _state_hash(state), user_id)
    if pending is None or pending.expires_at <= now:
        raise BadRequest("This Google sign-in link expired or was not started here; try again.")
    keyring = keyring_from_settings(settings)
    verifier = keyring.decrypt(pending.verifier).decode()
    try:
        tokens = await exchange_code(
            http, client, code=code, verifier=verifier, redirect_uri=redirect_uri, now=now
        )
    except ProviderUnavailable as exc:
        raise ServiceUnavailable(str(exc)) from None
    except CalendarError as exc:
        raise Unprocessable(str(exc)) from None
    return await _upsert(
        session,
        user_id,
        provider=ProviderKind.GOOGLE,
        zone=pending.zone,
        settings={"calendar_id": "primary"},
        credentials=keyring.encrypt_json(tokens),
        now=now,
    )


async def disconnect(session: AsyncSession, user_id: uuid.UUID) -> None:
    """Wipe the credentials; the connection stays, ``revoked``, until connected again."""
    connection = await repository.connection_of(session, user_id, for_update=True)
    if connection is None:
        raise NotFound("No calendar is connected.")
    connection.credentials = None
    connection.health = Health.REVOKED.value
    connection.health_detail = "Disconnected by its owner."
    connection.sync_token = None
    await session.flush()


async def mark_auth_failure(
    session: AsyncSession, connection: CalendarConnection, detail: str, now: datetime
) -> None:
    """Credentials refused: ``needs_reauth``, and one notification for the whole episode."""
    connection.auth_failures += 1
    connection.health_detail = detail
    connection.checked_at = now
    if connection.health == Health.OK.value:
        connection.health = Health.NEEDS_REAUTH.value
    if connection.reauth_notified_at is None and connection.health == Health.NEEDS_REAUTH.value:
        connection.reauth_notified_at = now
        await notifications.notify(
            session,
            connection.user_id,
            kind="calendar_needs_reauth",
            title="Your calendar needs to be connected again",
            body=f"{detail} Until then interviews are not written to it and your busy "
            "time is not read.",
            link=SETTINGS_LINK,
        )
        log.warning("calendar.needs_reauth", connection_id=str(connection.id))
    await session.flush()


async def mark_healthy(
    session: AsyncSession, connection: CalendarConnection, now: datetime
) -> None:
    if connection.health_detail is not None or connection.auth_failures:
        connection.health_detail = None
        connection.auth_failures = 0
    connection.checked_at = now
    await session.flush()


async def store_tokens(
    session: AsyncSession,
    connection: CalendarConnection,
    provider: CalendarProvider,
    settings: Settings,
) -> None:
    """Keep refreshed OAuth tokens (re-encrypted under the newest key)."""
    if isinstance(provider, GoogleProvider) and provider.tokens_changed:
        connection.credentials = keyring_from_settings(settings).encrypt_json(provider.tokens)
        provider.tokens_changed = False
        await session.flush()
