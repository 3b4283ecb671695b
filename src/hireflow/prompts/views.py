"""HTML pages of prompt administration: versions per agent and language, activation, usage."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from hireflow.ai.prompts import STANDARD_VARIABLES
from hireflow.auth.dependencies import Meta, OptionalUser
from hireflow.auth.dependencies import allow_page as _allowed
from hireflow.auth.permissions import Action, Resource, is_allowed
from hireflow.db.dependencies import DbSession
from hireflow.kit.errors import HireflowError
from hireflow.prompts import service as prompts
from hireflow.web.templating import render

router = APIRouter(include_in_schema=False)


async def _prompts_page(
    request: Request,
    session: DbSession,
    *,
    notice: str | None = None,
    error: str | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    rows = await prompts.list_prompts(session)
    families: dict[tuple[str, str], list[object]] = {}
    for row in rows:
        families.setdefault((row.agent_type or "", row.language or ""), []).append(row)
    can_edit = request.state.current_user is not None and is_allowed(
        request.state.current_user.role, Action.CREATE, Resource.PROMPT
    )
    return render(
        request,
        "prompts/prompts.html",
        {
            "families": families,
            "notice": notice,
            "error": error,
            "form": form or {},
            "variables": STANDARD_VARIABLES,
            "can_edit": can_edit,
        },
        status_code=status_code,
    )


@router.get("/admin/prompts", response_class=HTMLResponse)
async def prompts_page(request: Request, session: DbSession, user: OptionalUser) -> Response:
    user = _allowed(user, Action.VIEW, Resource.PROMPT)
    return await _prompts_page(request, session)


@router.post("/admin/prompts", response_class=HTMLResponse)
async def prompts_create(
    request: Request,
    session: DbSession,
    meta: Meta,
    user: OptionalUser,
    agent_type: Annotated[str, Form()],
    language: Annotated[str, Form()],
    template: Annotated[str, Form()],
    description: Annotated[str, Form()] = "",
) -> Response:
    user = _allowed(user, Action.CREATE, Resource.PROMPT)
    form = {
        "agent_type": agent_type,
        "language": language,
        "template": template,
        "description": description,
    }
    if agent_type not in prompts.PROMPT_TYPES or language not in ("en", "ja"):
        return await _prompts_page(
            request, session, error="Choose an agent and a language.", form=form, status_code=422
        )
    try:
        row = await prompts.create_version(
            session,
            agent_type,  # type: ignore[arg-type]  # checked against AGENT_NAMES above
            language,  # type: ignore[arg-type]  # checked against the languages above
            template,
            description=description or None,
            activate=True,
            actor_id=user.id,
            meta=meta,
        )
    except HireflowError as exc:
        return await _prompts_page(
            request, session, error=exc.message, form=form, status_code=exc.status_code
        )
    return await _prompts_page(request, session, notice=f"Saved and activated {row.name}.")


@router.post("/admin/prompts/{prompt_id}/activate", response_class=HTMLResponse)
async def prompts_activate(
    request: Request, prompt_id: uuid.UUID, session: DbSession, meta: Meta, user: OptionalUser
) -> Response:
    user = _allowed(user, Action.UPDATE, Resource.PROMPT)
    row = await prompts.activate(session, prompt_id, actor_id=user.id, meta=meta)
    return await _prompts_page(request, session, notice=f"Activated {row.name}.")


@router.get("/admin/prompts/{prompt_id}", response_class=HTMLResponse)
async def prompt_detail_page(
    request: Request, prompt_id: uuid.UUID, session: DbSession, user: OptionalUser
) -> Response:
    user = _allowed(user, Action.VIEW, Resource.PROMPT)
    row = await prompts.get_prompt(session, prompt_id)
    usage = await prompts.usage_history(session, prompt_id, limit=50, offset=0)
    return render(request, "prompts/prompt.html", {"prompt": row, "usage": usage})
