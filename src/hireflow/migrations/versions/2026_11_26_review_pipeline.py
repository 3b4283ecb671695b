"""Review pipeline: versioned prompt templates per agent and language, seeded defaults.

- ``prompts`` gains ``language`` (en/ja; NULL for the free-form v1.0 prompts, which the engine
  does not use) and a partial unique index: one active version per agent and language.
  Versions of one (agent, language) are rows named ``{agent}.{language}.v{n}``.
- The engine's default templates are seeded as version 1 of each agent and language.
- ``prompt_usage_history`` records the model that answered and its input/output tokens.
- ``review_requests`` gets an index for "a resume's reviews, newest first".

Revision ID: review_pipeline
Revises: resume_pipeline
Create Date: 2026-11-26
"""

from collections.abc import Sequence

from alembic import op
from sqlalchemy import text

from hireflow.migrations.sqlscript import execute_script

revision: str = "review_pipeline"
down_revision: str | None = "resume_pipeline"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PROMPT_TYPES = {
    "base_agent": "content",
    "structure_agent": "formatting",
    "appeal_agent": "analysis",
}


def upgrade() -> None:
    import json

    from hireflow.ai.prompts import DEFAULT_TEMPLATES

    execute_script(
        """
        ALTER TABLE prompts ADD COLUMN language varchar(5)
            CONSTRAINT prompts_language_check CHECK (language IN ('en', 'ja'));
        COMMENT ON COLUMN prompts.language IS
            'Language of an engine template (en, ja); NULL for free-form v1.0 prompts';
        CREATE UNIQUE INDEX uq_prompts_active_agent_language ON prompts (agent_type, language)
            WHERE is_active AND language IS NOT NULL;
        CREATE UNIQUE INDEX uq_prompts_agent_language_version
            ON prompts (agent_type, language, version) WHERE language IS NOT NULL;
        CREATE INDEX idx_review_requests_resume_requested
            ON review_requests (resume_id, requested_at DESC);
        ALTER TABLE prompt_usage_history
            ADD COLUMN model varchar(100),
            ADD COLUMN input_tokens integer,
            ADD COLUMN output_tokens integer;
        COMMENT ON COLUMN prompt_usage_history.model IS 'Provider and model that answered';
        CREATE INDEX idx_prompt_usage_prompt_date ON prompt_usage_history (prompt_id, used_at DESC);
        """
    )
    insert = text(
        "INSERT INTO prompts (name, description, template, version, is_active, prompt_type, "
        "agent_type, language, variables) VALUES (:name, :description, :template, 1, true, "
        ":prompt_type, :agent, :language, CAST(:variables AS jsonb)) ON CONFLICT (name) DO NOTHING"
    )
    bind = op.get_bind()
    for template in DEFAULT_TEMPLATES:
        bind.execute(
            insert,
            {
                "name": f"{template.agent_type}.{template.language}.v1",
                "description": template.description,
                "template": template.template,
                "prompt_type": PROMPT_TYPES[template.agent_type],
                "agent": template.agent_type,
                "language": template.language,
                "variables": json.dumps(template.variables_json()),
            },
        )


def downgrade() -> None:
    # Engine templates (every version, and their usage records) did not exist before.
    execute_script(
        """
        DROP INDEX IF EXISTS idx_prompt_usage_prompt_date;
        DROP INDEX IF EXISTS idx_review_requests_resume_requested;
        ALTER TABLE prompt_usage_history DROP COLUMN IF EXISTS output_tokens,
            DROP COLUMN IF EXISTS input_tokens, DROP COLUMN IF EXISTS model;
        DELETE FROM prompts WHERE language IS NOT NULL;
        DROP INDEX IF EXISTS uq_prompts_agent_language_version;
        DROP INDEX IF EXISTS uq_prompts_active_agent_language;
        ALTER TABLE prompts DROP COLUMN IF EXISTS language;
        """
    )
