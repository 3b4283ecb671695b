"""H2: a decompression bomb costs bounded memory and time, and gets a clear answer."""

from __future__ import annotations

import resource
import time

import httpx
import pytest

from hireflow.resumes import sandbox
from hireflow.resumes.extraction import EmptyResume
from tests.factories import SignedIn
from tests.jobs.test_careers import _fields, _form
from tests.jobs.test_jobs_api import _create_job
from tests.resumes import samples
from tests.resumes.bombs import inflating_pdf

GIB = 1024 * 1024 * 1024


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.fixture(scope="module")
def bomb() -> bytes:
    data = inflating_pdf(GIB)
    assert len(data) < 2 * 1024 * 1024
    return data


async def test_an_anonymous_1_gib_pdf_bomb_is_refused_fast_with_bounded_memory(
    client: httpx.AsyncClient, people: dict[str, SignedIn], bomb: bytes
) -> None:
    job = await _create_job(client, people["senior"])
    token = await _form(client, job["id"])
    before, started = _peak_rss_mib(), time.monotonic()
    sent = await client.post(
        f"/careers/{job['id']}/apply",
        data=_fields(token),
        files={"resume": ("cv.pdf", bomb, "application/pdf")},
    )
    assert time.monotonic() - started < 10
    assert sent.status_code == 422, sent.text
    assert "too complex to read" in sent.text
    assert _peak_rss_mib() - before < 200, "the web process itself inflated the bomb"


def test_the_worker_answers_like_extraction_does() -> None:
    document = sandbox.extract_limited(samples.text_pdf(), "cv.pdf", 10 * 1024 * 1024)
    assert document.word_count > 10
    with pytest.raises(EmptyResume):
        sandbox.extract_limited(b"   \n", "blank.txt", 1024)


def test_a_worker_that_overruns_is_replaced(bomb: bytes) -> None:
    with pytest.raises(sandbox.ResumeTooComplex):
        sandbox.extract_limited(bomb, "bomb.pdf", 10 * 1024 * 1024, time_seconds=0.05)
    assert sandbox.extract_limited(samples.text_pdf(), "cv.pdf", 10 * 1024 * 1024).word_count
