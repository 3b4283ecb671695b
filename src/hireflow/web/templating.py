"""Jinja2 templates of every domain live under web/templates/<domain>/."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from hireflow import __version__

WEB_DIR = Path(__file__).parent
STATIC_DIR = WEB_DIR / "static"
templates = Jinja2Templates(directory=WEB_DIR / "templates")
templates.env.globals["hireflow_version"] = __version__

# Messages a redirect may show on the next page (``?flash=<code>``): fixed texts, so a link
# cannot put words of its own on a hireflow page. (text, is an error)
FLASHES: dict[str, tuple[str, bool]] = {
    "assigned": ("Assignment saved.", False),
    "already-assigned": ("This recruiter is already assigned to the candidate.", True),
    "assignee-inactive": ("Only active recruiters can be assigned.", True),
    "saved": ("Saved.", False),
    "merged": ("The duplicate was merged into this candidate.", False),
    "erased": ("The candidate was erased for good.", False),
    "note-added": ("Note added.", False),
    "tag-added": ("Tag added.", False),
    "tag-removed": ("Tag removed.", False),
    "moved": ("Moved.", False),
}


@dataclass(frozen=True)
class HeaderName:
    first_name: str


@dataclass(frozen=True)
class SignedInHeader:
    """What the page header shows of the signed-in user, copied when they were authenticated:
    an error page renders after the request's transaction (and its loaded rows) ended."""

    id: uuid.UUID
    role: str
    user: HeaderName

    @classmethod
    def of(cls, user_id: uuid.UUID, role: str, first_name: str) -> SignedInHeader:
        return cls(user_id, role, HeaderName(first_name))


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> HTMLResponse:
    """Render a page with the signed-in user and their CSRF token available to the layout."""
    current = getattr(request.state, "current_user", None)
    # Auth puts the session's CSRF token next to the user (the shell imports no domain).
    csrf = getattr(request.state, "csrf_token", None) if current is not None else None
    values: dict[str, Any] = {"current_user": current, "csrf_token": csrf}
    flash = FLASHES.get(request.query_params.get("flash", ""))
    if flash is not None:
        values |= {"flash": flash[0], "flash_error": flash[1]}
    values.update(context or {})
    return templates.TemplateResponse(request, template, values, status_code=status_code)
