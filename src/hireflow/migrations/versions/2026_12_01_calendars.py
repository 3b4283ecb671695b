"""Calendar connections, the interview-event outbox, a Google mirror, circuit breakers.

``calendar_connections`` replaces seed 001's ``calendar_tokens`` for new code: the seed table
is Google-only (an access token column that cannot be NULL, no health, no settings), while a
connection may be CalDAV (URL, username, app password), Google (OAuth tokens), the ICS feed or
manual. ``calendar_tokens`` is left in place (empty, unused) so this revision stays
self-contained and its downgrade exact. Credentials are one AES-256-GCM blob per connection,
tagged with its key id (``hireflow.kit.crypto``).

Revision ID: calendars
Revises: interviews
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from hireflow.migrations.sqlscript import execute_script

revision: str = "calendars"
down_revision: str | None = "interviews"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OWN = "(hireflow_role() = 'system' OR user_id = hireflow_user_id())"


def upgrade() -> None:
    execute_script(
        f"""
        CREATE TABLE calendar_connections (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            user_id uuid NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
            provider varchar(20) NOT NULL
                CHECK (provider IN ('caldav', 'google', 'ics', 'manual')),
            zone varchar(64) NOT NULL DEFAULT 'UTC',
            settings jsonb NOT NULL DEFAULT '{{}}'::jsonb,
            credentials bytea,
            health varchar(20) NOT NULL DEFAULT 'ok'
                CHECK (health IN ('ok', 'needs_reauth', 'revoked')),
            health_detail text,
            auth_failures integer NOT NULL DEFAULT 0,
            reauth_notified_at timestamptz,
            sync_token text,
            synced_at timestamptz,
            checked_at timestamptz,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TRIGGER calendar_connections_touch_updated_at BEFORE UPDATE
            ON calendar_connections FOR EACH ROW EXECUTE FUNCTION hireflow_touch_updated_at();

        CREATE TABLE calendar_remote_events (
            connection_id uuid NOT NULL REFERENCES calendar_connections(id) ON DELETE CASCADE,
            user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            remote_id text NOT NULL,
            ical text NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (connection_id, remote_id)
        );

        CREATE TABLE calendar_events (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            uid text NOT NULL,
            sequence integer NOT NULL DEFAULT 0,
            payload jsonb NOT NULL,
            cancelled boolean NOT NULL DEFAULT false,
            status varchar(20) NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'written', 'failed', 'local')),
            attempts integer NOT NULL DEFAULT 0,
            next_attempt_at timestamptz,
            last_error text,
            connection_id uuid REFERENCES calendar_connections(id) ON DELETE SET NULL,
            remote_ref text,
            written_sequence integer,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now(),
            UNIQUE (user_id, uid)
        );
        CREATE INDEX idx_calendar_events_due ON calendar_events (next_attempt_at)
            WHERE status IN ('pending', 'failed');
        CREATE TRIGGER calendar_events_touch_updated_at BEFORE UPDATE
            ON calendar_events FOR EACH ROW EXECUTE FUNCTION hireflow_touch_updated_at();

        CREATE TABLE calendar_breakers (
            breaker_key text PRIMARY KEY,
            failures integer NOT NULL DEFAULT 0,
            open_until timestamptz,
            updated_at timestamptz NOT NULL DEFAULT now()
        );

        CREATE TABLE calendar_oauth_states (
            state_hash text PRIMARY KEY,
            user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            verifier bytea NOT NULL,
            zone varchar(64) NOT NULL DEFAULT 'UTC',
            expires_at timestamptz NOT NULL
        );

        ALTER TABLE calendar_connections ENABLE ROW LEVEL SECURITY;
        ALTER TABLE calendar_connections FORCE ROW LEVEL SECURITY;
        CREATE POLICY calendar_connections_own ON calendar_connections
            USING {_OWN} WITH CHECK {_OWN};
        ALTER TABLE calendar_remote_events ENABLE ROW LEVEL SECURITY;
        ALTER TABLE calendar_remote_events FORCE ROW LEVEL SECURITY;
        CREATE POLICY calendar_remote_events_own ON calendar_remote_events
            USING {_OWN} WITH CHECK {_OWN};
        ALTER TABLE calendar_events ENABLE ROW LEVEL SECURITY;
        ALTER TABLE calendar_events FORCE ROW LEVEL SECURITY;
        CREATE POLICY calendar_events_own ON calendar_events
            USING {_OWN} WITH CHECK {_OWN};
        ALTER TABLE calendar_oauth_states ENABLE ROW LEVEL SECURITY;
        ALTER TABLE calendar_oauth_states FORCE ROW LEVEL SECURITY;
        CREATE POLICY calendar_oauth_states_own ON calendar_oauth_states
            USING {_OWN} WITH CHECK {_OWN};
        -- Breakers hold no personal data: shared by every signed-in role and the workers.
        ALTER TABLE calendar_breakers ENABLE ROW LEVEL SECURITY;
        ALTER TABLE calendar_breakers FORCE ROW LEVEL SECURITY;
        CREATE POLICY calendar_breakers_shared ON calendar_breakers
            USING (hireflow_role() <> '') WITH CHECK (hireflow_role() <> '');
        """
    )


def downgrade() -> None:
    execute_script(
        """
        DROP TABLE IF EXISTS calendar_oauth_states;
        DROP TABLE IF EXISTS calendar_breakers;
        DROP TABLE IF EXISTS calendar_events;
        DROP TABLE IF EXISTS calendar_remote_events;
        DROP TABLE IF EXISTS calendar_connections;
        """
    )
