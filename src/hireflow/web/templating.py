"""Jinja2 templates of every domain live under web/templates/<domain>/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from hireflow import __version__
from hireflow.auth.tokens import csrf_token
from hireflow.automation.service import NOT_AVAILABLE

WEB_DIR = Path(__file__).parent
STATIC_DIR = WEB_DIR / "static"
templates = Jinja2Templates(directory=WEB_DIR / "templates")
templates.env.globals["hireflow_version"] = __version__
templates.env.globals["unavailable_flags"] = frozenset(f.value for f in NOT_AVAILABLE)


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> HTMLResponse:
    """Render a page with the signed-in user and their CSRF token available to the layout."""
    current = getattr(request.state, "current_user", None)
    values: dict[str, Any] = {"current_user": current, "csrf_token": None}
    if current is not None:
        values["csrf_token"] = csrf_token(request.app.state.secret_key, current.session_id)
    values.update(context or {})
    return templates.TemplateResponse(request, template, values, status_code=status_code)
