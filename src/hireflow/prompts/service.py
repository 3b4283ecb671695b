"""Prompt templates: the active set the engine uses, new versions, activation and rollback.

Each (agent, language) has numbered versions, one row each (``{agent}.{language}.v{n}``);
exactly one is active (a partial unique index says so). Editing never changes a row: it adds
the next version. A template is validated before it is saved: it must parse, use only the
declared variables, and render in the engine's sandbox with sample values.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.ai import PromptSet, PromptTemplate, PromptTemplateError, PromptVariableError
from hireflow.ai.prompts import STANDARD_VARIABLES, PromptLanguage
from hireflow.ai.schemas import AgentName
from hireflow.audit.service import AuditAction, EntityType, RequestMeta, record_activity
from hireflow.kit.errors import Conflict, NotFound, Unprocessable
from hireflow.prompts import repository
from hireflow.prompts.models import PromptRow, PromptUsage

PROMPT_TYPES: dict[str, str] = {
    "base_agent": "content",
    "structure_agent": "formatting",
    "appeal_agent": "analysis",
}
SAMPLE_TEXT = (
    "Jane Doe\njane@example.com\n\nEXPERIENCE\nSenior Engineer, Acme (2020 – present)\n"
    "- Led a team of 5 engineers and cut deploy time by 40%\n\nSKILLS\nPython, SQL"
)
SAMPLE_VARIABLES: dict[str, Any] = {
    "target_role": "Backend Engineer",
    "target_industry": "technology",
    "experience_level": "senior",
    "review_type": "comprehensive",
    "language": "en",
    "resume_text": SAMPLE_TEXT,
    "sections": [
        {"order": 1, "type": "contact", "title": None, "start": 0, "end": 26},
        {"order": 2, "type": "experience", "title": "EXPERIENCE", "start": 28, "end": 125},
        {"order": 3, "type": "skills", "title": "SKILLS", "start": 127, "end": 145},
    ],
}


class PromptValidationError(Unprocessable):
    code = "prompt_invalid"


@dataclass(frozen=True)
class ActivePrompts:
    """The engine's prompt set from the database, and each template's row id by name."""

    prompts: PromptSet
    ids: dict[str, uuid.UUID]


def template_of(row: PromptRow) -> PromptTemplate:
    return PromptTemplate(
        name=row.name,
        agent_type=cast(AgentName, row.agent_type),
        language=cast(PromptLanguage, row.language),
        template=row.template,
        version=row.version,
        description=row.description or "",
    )


def validate_template(agent: AgentName, language: PromptLanguage, text: str) -> str:
    """Parse, check the variables and render ``text`` with sample values; returns the render.

    Raises ``PromptValidationError`` (422) naming what is wrong.
    """
    declared = ", ".join(v.name for v in STANDARD_VARIABLES)
    try:
        template = PromptTemplate(
            name=f"{agent}.{language}.draft", agent_type=agent, language=language, template=text
        )
    except PromptTemplateError as exc:
        details = exc.details if isinstance(exc.details, dict) else {}
        undeclared = details.get("undeclared")
        if undeclared:
            raise PromptValidationError(
                f"The template uses unknown variables: {', '.join(undeclared)}. "
                f"Available variables: {declared}.",
                details={"unknown": undeclared, "available": [v.name for v in STANDARD_VARIABLES]},
            ) from exc
        raise PromptValidationError(
            f"The template is not valid: {exc.message}", details=exc.details
        ) from exc
    try:
        rendered = template.render({**SAMPLE_VARIABLES, "language": language})
    except (PromptTemplateError, PromptVariableError) as exc:
        raise PromptValidationError(
            f"The template does not render with sample values: {exc.message}",
            details=exc.details,
        ) from exc
    if "resume_text" not in text:
        raise PromptValidationError(
            "The template must include the resume text ({{ resume_text }}) inside a "
            "<resume>…</resume> block."
        )
    return rendered.text


async def active_prompts(session: AsyncSession) -> ActivePrompts:
    rows = await repository.active_prompts(session)
    templates = [template_of(row) for row in rows]
    base = PromptSet.default()
    merged = base
    for template in templates:
        merged = merged.with_template(template)
    return ActivePrompts(prompts=merged, ids={row.name: row.id for row in rows})


async def list_prompts(
    session: AsyncSession, *, agent: str | None = None, language: str | None = None
) -> list[PromptRow]:
    return await repository.engine_prompts(session, agent=agent, language=language)


async def get_prompt(session: AsyncSession, prompt_id: uuid.UUID) -> PromptRow:
    row = await repository.prompt_by_id(session, prompt_id)
    if row is None or row.language is None:
        raise NotFound("No such prompt template.")
    return row


async def _activate(session: AsyncSession, row: PromptRow) -> None:
    assert row.agent_type is not None and row.language is not None
    await repository.deactivate(session, row.agent_type, row.language)
    await session.flush()
    row.is_active = True
    await session.flush()


async def create_version(
    session: AsyncSession,
    agent: AgentName,
    language: PromptLanguage,
    text: str,
    *,
    description: str | None,
    activate: bool,
    actor_id: uuid.UUID,
    meta: RequestMeta,
) -> PromptRow:
    """Validate ``text`` and save it as the next version of (agent, language)."""
    validate_template(agent, language, text)
    await repository.lock_family(session, agent, language)
    version = await repository.latest_version(session, agent, language) + 1
    template = PromptTemplate(
        name=f"{agent}.{language}.v{version}", agent_type=agent, language=language, template=text
    )
    row = PromptRow(
        id=uuid.uuid4(),
        name=template.name,
        description=description or f"{agent.replace('_', ' ')} ({language}) version {version}",
        template=text,
        version=version,
        is_active=False,
        prompt_type=PROMPT_TYPES[agent],
        created_by=actor_id,
        agent_type=agent,
        language=language,
        variables=template.variables_json(),
    )
    session.add(row)
    await session.flush()
    if activate:
        await _activate(session, row)
    await record_activity(
        session,
        user_id=actor_id,
        action=AuditAction.CREATE,
        entity_type=EntityType.PROMPT,
        entity_id=row.id,
        meta=meta,
        new={"name": row.name, "version": version, "active": row.is_active},
    )
    return row


async def activate(
    session: AsyncSession, prompt_id: uuid.UUID, *, actor_id: uuid.UUID, meta: RequestMeta
) -> PromptRow:
    row = await get_prompt(session, prompt_id)
    assert row.agent_type is not None and row.language is not None
    await repository.lock_family(session, row.agent_type, row.language)
    previous = next(
        (
            p
            for p in await repository.engine_prompts(
                session, agent=row.agent_type, language=row.language
            )
            if p.is_active
        ),
        None,
    )
    if not row.is_active:
        await _activate(session, row)
    await record_activity(
        session,
        user_id=actor_id,
        action=AuditAction.UPDATE,
        entity_type=EntityType.PROMPT,
        entity_id=row.id,
        meta=meta,
        old={"active": previous.name if previous else None},
        new={"active": row.name},
    )
    return row


async def roll_back(
    session: AsyncSession,
    agent: AgentName,
    language: PromptLanguage,
    *,
    actor_id: uuid.UUID,
    meta: RequestMeta,
) -> PromptRow:
    """Activate the version just before the active one."""
    versions = await repository.engine_prompts(session, agent=agent, language=language)
    active = next((p for p in versions if p.is_active), None)
    if active is None:
        raise NotFound(f"No active {agent} template in {language}.")
    older = [p for p in versions if p.version < active.version]
    if not older:
        raise Conflict(f"{active.name} is the first version; there is nothing to roll back to.")
    return await activate(session, older[0].id, actor_id=actor_id, meta=meta)


async def usage_history(
    session: AsyncSession, prompt_id: uuid.UUID, *, limit: int, offset: int
) -> list[PromptUsage]:
    await get_prompt(session, prompt_id)
    return await repository.usage_of(session, prompt_id, limit=limit, offset=offset)


async def record_usage(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Store the prompts a review rendered (one statement for all of them)."""
    await repository.insert_usage(session, rows)


async def forget_usage_of_reviews(
    session: AsyncSession, review_request_ids: list[uuid.UUID]
) -> int:
    """Delete the usage history of these review requests: it keeps the rendered prompt (the
    resume's text), so it goes when the candidate is erased."""
    return await repository.delete_usage_of_requests(session, review_request_ids)
