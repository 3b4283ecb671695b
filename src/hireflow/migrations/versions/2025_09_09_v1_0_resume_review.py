"""The legacy resume-review schema v1.0, exactly as deployed.

The SQL is ``legacy/v1_0_schema.sql``. A v1.0 database already in production is adopted
(``hireflow db adopt``: fingerprint checked, then stamped here) instead of being re-created.
Where the ``uuid-ossp`` extension is not installed (the embedded server ships without it)
``uuid_generate_v4()`` defaults become ``gen_random_uuid()``, which is equivalent.

Revision ID: v1_0
Revises:
Create Date: 2025-09-09
"""

from collections.abc import Sequence

from hireflow.migrations.sqlscript import execute_script, extension_available, read_script

revision: str = "v1_0"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UUID_OSSP = 'CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA public;'
TABLES = (
    "prompt_history",
    "analysis_results",
    "analysis_requests",
    "file_uploads",
    "refresh_tokens",
    "prompts",
    "schema_migrations",
    "users",
)
FUNCTIONS = (
    "cleanup_expired_refresh_tokens()",
    "cleanup_old_file_uploads()",
    "expire_refresh_tokens()",
    "get_upload_statistics(uuid)",
    "limit_user_sessions()",
    "update_file_upload_timestamp()",
    "update_updated_at_column()",
)


def v1_0_schema_sql() -> str:
    sql = read_script("v1_0_schema.sql")
    if not extension_available("uuid-ossp"):
        sql = sql.replace(UUID_OSSP, "").replace("public.uuid_generate_v4()", "gen_random_uuid()")
    return sql


def upgrade() -> None:
    execute_script(v1_0_schema_sql())


def downgrade() -> None:
    statements = [f"DROP TABLE IF EXISTS public.{name} CASCADE;" for name in TABLES]
    statements += [f"DROP FUNCTION IF EXISTS public.{sig};" for sig in FUNCTIONS]
    execute_script("\n".join(statements))
