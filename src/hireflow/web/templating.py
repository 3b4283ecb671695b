"""Jinja2 templates of every domain live under web/templates/<domain>/."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

from hireflow import __version__

WEB_DIR = Path(__file__).parent
STATIC_DIR = WEB_DIR / "static"
templates = Jinja2Templates(directory=WEB_DIR / "templates")
templates.env.globals["hireflow_version"] = __version__
