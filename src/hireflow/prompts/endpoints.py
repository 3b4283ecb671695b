"""JSON API of prompt templates: versions, validation, activation, rollback, usage."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from hireflow.auth.dependencies import CurrentUser, Meta, require
from hireflow.auth.permissions import Action, Resource
from hireflow.db.dependencies import DbSession
from hireflow.kit.pagination import MAX_LIMIT
from hireflow.prompts import service
from hireflow.prompts.schemas import (
    PromptLanguage,
    PromptOut,
    PromptPreviewIn,
    PromptPreviewOut,
    PromptRollbackIn,
    PromptUsageOut,
    PromptVersionIn,
)

router = APIRouter(prefix="/api/prompts", tags=["prompts"])


@router.get(
    "", response_model=list[PromptOut], dependencies=[require(Action.VIEW, Resource.PROMPT)]
)
async def list_prompts(
    session: DbSession,
    agent: Annotated[str | None, Query(max_length=50)] = None,
    language: PromptLanguage | None = None,
) -> list[PromptOut]:
    """Every version of every agent's template, newest version first."""
    rows = await service.list_prompts(session, agent=agent, language=language)
    return [PromptOut.model_validate(r) for r in rows]


@router.post("", response_model=PromptOut, status_code=status.HTTP_201_CREATED)
async def create_prompt_version(
    body: PromptVersionIn,
    session: DbSession,
    meta: Meta,
    user: Annotated[CurrentUser, require(Action.CREATE, Resource.PROMPT)],
) -> PromptOut:
    """Save a new version of an agent's template (validated; active unless activate=false)."""
    row = await service.create_version(
        session,
        body.agent_type,
        body.language,
        body.template,
        description=body.description,
        activate=body.activate,
        actor_id=user.id,
        meta=meta,
    )
    return PromptOut.model_validate(row)


@router.post(
    "/preview",
    response_model=PromptPreviewOut,
    dependencies=[require(Action.CREATE, Resource.PROMPT)],
)
async def preview_prompt(body: PromptPreviewIn) -> PromptPreviewOut:
    """Validate a template and render it with sample values (nothing is saved)."""
    rendered = service.validate_template(body.agent_type, body.language, body.template)
    return PromptPreviewOut(rendered=rendered, variables=sorted(service.SAMPLE_VARIABLES))


@router.post("/rollback", response_model=PromptOut)
async def roll_back_prompt(
    body: PromptRollbackIn,
    session: DbSession,
    meta: Meta,
    user: Annotated[CurrentUser, require(Action.UPDATE, Resource.PROMPT)],
) -> PromptOut:
    """Activate the version before the active one of an agent and language."""
    row = await service.roll_back(
        session, body.agent_type, body.language, actor_id=user.id, meta=meta
    )
    return PromptOut.model_validate(row)


@router.get(
    "/{prompt_id}", response_model=PromptOut, dependencies=[require(Action.VIEW, Resource.PROMPT)]
)
async def get_prompt(prompt_id: uuid.UUID, session: DbSession) -> PromptOut:
    return PromptOut.model_validate(await service.get_prompt(session, prompt_id))


@router.post("/{prompt_id}/activate", response_model=PromptOut)
async def activate_prompt(
    prompt_id: uuid.UUID,
    session: DbSession,
    meta: Meta,
    user: Annotated[CurrentUser, require(Action.UPDATE, Resource.PROMPT)],
) -> PromptOut:
    """Make this version the active one of its agent and language."""
    row = await service.activate(session, prompt_id, actor_id=user.id, meta=meta)
    return PromptOut.model_validate(row)


@router.get(
    "/{prompt_id}/usage",
    response_model=list[PromptUsageOut],
    dependencies=[require(Action.VIEW, Resource.PROMPT)],
)
async def prompt_usage(
    prompt_id: uuid.UUID,
    session: DbSession,
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
) -> list[PromptUsageOut]:
    """Rendered prompts sent with this version, newest first (juniors' RLS applies)."""
    rows = await service.usage_history(session, prompt_id, limit=limit, offset=offset)
    return [PromptUsageOut.model_validate(r) for r in rows]
