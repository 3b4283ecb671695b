"""Background work: Procrastinate's job-queue schema and the worker heartbeat.

Revision ID: worker_queue
Revises: v1_1
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from procrastinate.schema import SchemaManager

from hireflow.migrations.sqlscript import execute_script

revision: str = "worker_queue"
down_revision: str | None = "v1_1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DROP_PROCRASTINATE = """
DO $$
DECLARE obj record;
BEGIN
  FOR obj IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname LIKE 'procrastinate\\_%'
  LOOP EXECUTE format('DROP TABLE IF EXISTS public.%I CASCADE', obj.relname); END LOOP;
  FOR obj IN SELECT p.oid::regprocedure AS sig FROM pg_proc p
             JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = 'public' AND p.proname LIKE 'procrastinate\\_%'
  LOOP EXECUTE format('DROP ROUTINE IF EXISTS %s CASCADE', obj.sig); END LOOP;
  FOR obj IN SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
             WHERE n.nspname = 'public' AND t.typname LIKE 'procrastinate\\_%'
               AND t.typtype IN ('e', 'c')
  LOOP EXECUTE format('DROP TYPE IF EXISTS public.%I CASCADE', obj.typname); END LOOP;
END $$;
"""


def upgrade() -> None:
    execute_script(SchemaManager.get_schema())
    execute_script(
        """
        CREATE TABLE worker_heartbeats (
            worker_name text PRIMARY KEY,
            beat_at timestamptz NOT NULL DEFAULT now(),
            beats bigint NOT NULL DEFAULT 1
        );
        COMMENT ON TABLE worker_heartbeats IS
            'Last run of the periodic heartbeat task per worker; /readyz checks its age';
        """
    )


def downgrade() -> None:
    execute_script("DROP TABLE IF EXISTS worker_heartbeats;")
    execute_script(DROP_PROCRASTINATE)
