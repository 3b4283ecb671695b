"""A job's applicants a page at a time: the JSON API (a list body, ``limit``/``cursor``,
``X-Total-Count``, ``Link: rel="next"``) and the job page (numbered, keyboard-usable links,
the whole job's counts)."""

from __future__ import annotations

import re
import uuid

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import SignedIn

APPLICANTS = 120


async def _job_with_applicants(session: AsyncSession, owner: uuid.UUID) -> uuid.UUID:
    job = uuid.uuid4()
    await session.execute(
        text(
            "INSERT INTO jobs (id, title, number_of_openings, shortlisting_buffer, owner_user_id)"
            " VALUES (:job, 'Site Reliability Engineer', 2, 2, :owner)"
        ),
        {"job": job, "owner": owner},
    )
    tag = uuid.uuid4().hex[:8]
    await session.execute(
        text(
            "INSERT INTO candidates (id, first_name, last_name, email, created_by_user_id)"
            " SELECT md5(:tag || g)::uuid, 'Applicant', 'Number' || g,"
            "        :tag || '-' || g || '@example.test', :owner"
            "   FROM generate_series(1, :n) g"
        ),
        {"tag": tag, "owner": owner, "n": APPLICANTS},
    )
    await session.execute(
        text(
            "INSERT INTO applications (job_id, candidate_id, fit_score, ai_processed,"
            "                          scored_requirements_version)"
            " SELECT :job, md5(:tag || g)::uuid, (g * 37) % 100, true, 1"
            "   FROM generate_series(1, :n) g"
        ),
        {"job": job, "tag": tag, "n": APPLICANTS},
    )
    await session.flush()
    return job


async def test_the_api_pages_applicants_with_a_cursor_and_keeps_a_list_body(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior = people["senior"]
    job = await _job_with_applicants(session, senior.user.id)
    url = f"/api/jobs/{job}/applications"

    first = await client.get(url, headers=senior.headers)
    assert first.status_code == 200
    assert isinstance(first.json(), list) and len(first.json()) == 100, "default page size"
    assert first.headers["x-total-count"] == str(APPLICANTS)
    assert 'rel="next"' in first.headers["link"]
    rest = await client.get(
        url, headers=senior.headers, params={"cursor": first.headers["x-next-cursor"]}
    )
    assert len(rest.json()) == APPLICANTS - 100 and "link" not in rest.headers

    scores: list[float] = []
    seen: list[str] = []
    cursor: str | None = None
    while True:
        params = {"limit": 7} | ({"cursor": cursor} if cursor else {})
        page = await client.get(url, headers=senior.headers, params=params)
        assert page.status_code == 200 and len(page.json()) <= 7
        seen += [a["id"] for a in page.json()]
        scores += [float(a["fit_score"]) for a in page.json()]
        cursor = page.headers.get("x-next-cursor")
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == APPLICANTS, "every applicant once"
    assert scores == sorted(scores, reverse=True), "in ranking order across pages"
    assert seen[:100] == [a["id"] for a in first.json()]

    for bad in ("not-a-cursor", "WyJvZmZzZXQiLCItNSJd"):  # the second: offset -5
        refused = await client.get(url, headers=senior.headers, params={"cursor": bad})
        assert refused.status_code == 400, bad
    too_many = await client.get(url, headers=senior.headers, params={"limit": 10_000})
    assert too_many.status_code == 422


async def test_the_job_page_shows_one_page_of_applicants_and_links_to_the_others(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior = people["senior"]
    job = await _job_with_applicants(session, senior.user.id)
    headers = {**senior.headers, "accept": "text/html"}

    page = (await client.get(f"/jobs/{job}", headers=headers)).text
    assert "Applicants 1–50 of 120 (page 1 of 3)" in page
    assert len(re.findall(r'name="application_id" value="', page)) == 50
    assert re.search(r'<a href="\?page=1#applicants-h" aria-current="page">', page)
    assert 'href="?page=2#applicants-h" rel="next"' in page
    assert 'href="?page=3#applicants-h"' in page
    assert 'aria-label="Applicant pages (top)"' in page
    assert re.search(r'id="col-pending">.*?</span> 120</h3>', page), "the whole job's count"

    last = (await client.get(f"/jobs/{job}", headers=headers, params={"page": "3"})).text
    assert "Applicants 101–120 of 120 (page 3 of 3)" in last
    assert len(re.findall(r'name="application_id" value="', last)) == 20
    assert 'rel="prev"' in last and 'rel="next"' not in last
    assert 'name="page" value="3"' in last, "a decision posted from page 3 comes back to it"
    beyond = (await client.get(f"/jobs/{job}", headers=headers, params={"page": "99"})).text
    assert "(page 3 of 3)" in beyond
    junk = (await client.get(f"/jobs/{job}", headers=headers, params={"page": "x"})).text
    assert "(page 1 of 3)" in junk

    one = re.findall(r'name="application_id" value="([0-9a-f-]{36})"', last)[0]
    decided = await client.post(
        f"/applications/{one}/decision",
        headers=headers,
        data={"action": "reject", "page": "3"},
    )
    assert decided.status_code == 200
    assert "(page 3 of 3)" in decided.text
