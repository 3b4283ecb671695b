"""The shell every page shares: the signed-in header on error pages, local favicon and API
docs assets, the server timing header, the dashboard and the global search (resume text)."""

from __future__ import annotations

import re

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import SignedIn
from tests.jobs.test_pipeline_pages import named_candidate

HTML = {"accept": "text/html"}


async def test_error_pages_show_the_signed_in_header(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    junior = people["junior"]
    headers = {**junior.headers, **HTML}
    for url, status in (
        ("/no-such-page", 404),  # no route: no dependency ran, the shell finds the user
        ("/admin/activity", 403),
        ("/candidates/not-an-id", 422),
    ):
        page = await client.get(url, headers=headers)
        assert page.status_code == status, url
        assert "Sign out" in page.text and junior.user.first_name in page.text, url
        assert 'href="/login"' not in page.text, url
    anonymous = await client.get("/no-such-page", headers=HTML)
    assert anonymous.status_code == 404 and 'href="/login"' in anonymous.text


async def test_favicon_and_api_docs_are_served_locally(client: httpx.AsyncClient) -> None:
    icon = await client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/x-icon"
    assert icon.content[:4] == b"\x00\x00\x01\x00"
    docs = await client.get("/api/docs")
    assert docs.status_code == 200
    assert not re.search(r"""(src|href)=["']https?://""", docs.text), "nothing from outside"
    for asset in re.findall(r"""(?:src|href)=["'](/[^"']+)["']""", docs.text):
        assert (await client.get(asset)).status_code == 200, asset


async def test_every_answer_carries_the_server_time(client: httpx.AsyncClient) -> None:
    answer = await client.get("/")
    timing = re.fullmatch(r"app;dur=(\d+\.\d)", answer.headers["server-timing"])
    assert timing and float(timing.group(1)) >= 0


async def test_global_search_reaches_resume_text_within_row_level_security(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior, junior = people["senior"], people["junior"]
    cid = await named_candidate(session, senior.user.id, "Edsger", "Dijkstra")
    resume_words = await session.scalar(
        text("SELECT extracted_text FROM resumes WHERE candidate_id = :c"), {"c": cid}
    )
    assert "PostgreSQL" in resume_words and "postgres" not in ("Edsger Dijkstra").lower()
    found = await client.get("/search", headers=senior.headers, params={"q": "postgres"})
    assert f'href="/candidates/{cid}"' in found.text
    api = await client.get("/api/candidates", headers=senior.headers, params={"q": "kubernetes"})
    assert str(cid) in api.text
    hidden = await client.get("/search", headers=junior.headers, params={"q": "postgres"})
    assert f"/candidates/{cid}" not in hidden.text, "a junior sees only their candidates"


async def test_dashboard_lists_my_candidates_jobs_and_interviews(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior = people["senior"]
    cid = await named_candidate(session, senior.user.id, "Barbara", "Liskov")
    await client.post(
        f"/candidates/{cid}/assignments",
        headers=senior.headers,
        data={"user_id": str(senior.user.id), "assignment_type": "primary"},
    )
    created = await client.post(
        "/jobs",
        headers=senior.headers,
        data={"title": "Data Engineer", "must_have_skills": "Python", "number_of_openings": "1",
              "education_level": "none"},
    )  # fmt: skip
    await client.post(
        f"{created.headers['location']}/applications",
        headers=senior.headers,
        data={"candidate_id": str(cid)},
    )
    home = await client.get("/", headers=senior.headers)
    assert home.status_code == 200
    for heading in ("My candidates", "My jobs", "Upcoming interviews", "No-show risk"):
        assert heading in home.text
    assert "Barbara Liskov" in home.text and "Data Engineer" in home.text
    assert 'class="health-' in home.text
    assert 'role="search"' in home.text, "the global search box is in the header"
