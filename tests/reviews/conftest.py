"""Fixtures of the review tests: a candidate with a parsed resume, and the job runner."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.config import Settings
from hireflow.db.engine import Database
from hireflow.resumes.models import Resume
from hireflow.reviews.tasks import run_review
from tests.factories import SignedIn
from tests.reviews.support import add_resume, make_candidate

RunJob = Callable[..., Awaitable[str]]


@pytest.fixture
async def resume(session: AsyncSession, people: dict[str, SignedIn], tmp_path: Path) -> Resume:
    """A parsed resume of a candidate assigned to ``people["junior"]`` (not to junior2)."""
    candidate = await make_candidate(
        session, people["senior"].user, assign_to=people["junior"].user
    )
    return await add_resume(session, tmp_path, candidate, people["senior"].user)


@pytest.fixture
def offline_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"ai_provider": "offline"})


@pytest.fixture
def run_job(test_database: Database, offline_settings: Settings) -> RunJob:
    """Run the review job as the worker would (its own transactions, as the system)."""

    async def run(request_id: Any, settings: Settings | None = None, **kwargs: Any) -> str:
        return await run_review(
            test_database, str(request_id), settings or offline_settings, **kwargs
        )

    return run
