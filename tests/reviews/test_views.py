"""The review pages: request form, progress polling, feedback marked on the sections,
decisions through HTMX (the prompt admin pages: ``tests/prompts/test_views.py``)."""

from __future__ import annotations

import re

import httpx

from hireflow.resumes.models import Resume
from tests.factories import SignedIn
from tests.reviews.conftest import RunJob


async def test_request_watch_and_read_a_review(
    client: httpx.AsyncClient, people: dict[str, SignedIn], resume: Resume, run_job: RunJob
) -> None:
    junior = people["junior"].headers
    page = await client.get(f"/resumes/{resume.id}/reviews", headers=junior)
    assert page.status_code == 200
    assert 'action="/resumes/' in page.text and "No reviews yet." in page.text
    assert f'href="/candidates/{resume.candidate_id}"' in page.text

    posted = await client.post(
        f"/resumes/{resume.id}/reviews",
        headers=junior,
        data={
            "target_role": "Backend Engineer",
            "target_industry": "technology",
            "experience_level": "senior",
            "review_type": "comprehensive",
        },
    )
    assert posted.status_code == 303
    review_url = posted.headers["location"]
    review_id = review_url.rsplit("/", 1)[-1]

    waiting = await client.get(review_url, headers=junior)
    assert waiting.status_code == 200
    assert 'hx-trigger="every 1s"' in waiting.text
    assert '<meta http-equiv="refresh" content="2">' in waiting.text  # without JavaScript
    status = await client.get(f"{review_url}/status", headers=junior)
    assert "Waiting for a worker" in status.text and "HX-Refresh" not in status.headers

    await run_job(review_id)
    status = await client.get(f"{review_url}/status", headers=junior)
    assert status.headers["HX-Refresh"] == "true" and "every 1s" not in status.text
    done = await client.get(review_url, headers=junior)
    assert "every 1s" not in done.text and "http-equiv" not in done.text
    assert "<mark" in done.text and "Overall" in done.text
    item_ids = re.findall(r'id="item-([0-9a-f-]{36})"', done.text)
    assert item_ids
    marked = set(re.findall(r'id="mark-([0-9a-f-]{36})"', done.text))
    assert marked and marked <= set(item_ids)

    decided = await client.post(
        f"/feedback-items/{item_ids[0]}/decision",
        headers={**junior, "HX-Request": "true"},
        data={"decision": "dismissed", "review_id": review_id},
    )
    assert decided.status_code == 200
    assert decided.text.lstrip().startswith("<li") and "decided-dismissed" in decided.text
    plain = await client.post(
        f"/feedback-items/{item_ids[1]}/decision",
        headers=junior,
        data={"decision": "accepted", "review_id": review_id},
    )
    assert plain.status_code == 303 and plain.headers["location"].endswith(f"#item-{item_ids[1]}")
    again = await client.get(review_url, headers=junior)
    assert "decided-dismissed" in again.text and "decided-accepted" in again.text

    listing = await client.get(f"/resumes/{resume.id}/reviews", headers=junior)
    assert f'href="/reviews/{review_id}"' in listing.text and "completed" in listing.text


async def test_pages_respect_access(
    client: httpx.AsyncClient, people: dict[str, SignedIn], resume: Resume
) -> None:
    outsider = await client.get(
        f"/resumes/{resume.id}/reviews",
        headers={**people["junior2"].headers, "Accept": "text/html"},
    )
    assert outsider.status_code == 404
    anonymous = await client.get(f"/resumes/{resume.id}/reviews")
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    invalid = await client.post(
        f"/resumes/{resume.id}/reviews",
        headers=people["junior"].headers,
        data={"experience_level": "guru"},
    )
    assert invalid.status_code == 422 and "experience_level" in invalid.text


async def test_compare_page(
    client: httpx.AsyncClient, people: dict[str, SignedIn], resume: Resume, run_job: RunJob
) -> None:
    senior = people["senior"].headers
    ids = []
    for role in ("Backend Engineer", "Staff Engineer"):
        posted = await client.post(
            f"/resumes/{resume.id}/reviews",
            headers=senior,
            data={"target_role": role, "experience_level": "senior"},
        )
        ids.append(posted.headers["location"].rsplit("/", 1)[-1])
        await run_job(ids[-1])
    listing = await client.get(f"/resumes/{resume.id}/reviews", headers=senior)
    # both were requested in the test's one transaction: same timestamp, either order
    found = re.findall(
        r'href="(/reviews/compare\?old=[0-9a-f-]{36}&amp;new=[0-9a-f-]{36})"', listing.text
    )
    assert len(found) == 1 and all(i in found[0] for i in ids)
    page = await client.get(found[0].replace("&amp;", "&"), headers=senior)
    assert page.status_code == 200
    for heading in ("overall", "Resolved (", "New (", "Still open ("):
        assert heading in page.text


async def test_cookie_sessions_need_the_csrf_token_htmx_sends(
    client: httpx.AsyncClient, people: dict[str, SignedIn], resume: Resume, run_job: RunJob
) -> None:
    from tests.auth.test_web import _web_login
    from tests.factories import PASSWORD

    signed = await _web_login(client, people["junior"].user.email, PASSWORD)
    assert signed.status_code == 303
    page = await client.get(f"/resumes/{resume.id}/reviews")
    token = re.search(r"hx-headers='\{\"X-CSRF-Token\": \"([^\"]+)\"\}'", page.text)
    assert token, "HTMX requests carry the CSRF token from <body hx-headers>"
    refused = await client.post(f"/resumes/{resume.id}/reviews", data={"experience_level": "mid"})
    assert refused.status_code == 403
    posted = await client.post(
        f"/resumes/{resume.id}/reviews",
        data={"experience_level": "mid", "csrf_token": token.group(1)},
    )
    assert posted.status_code == 303
    review_id = posted.headers["location"].rsplit("/", 1)[-1]
    await run_job(review_id)
    review = await client.get(f"/reviews/{review_id}")
    item = re.search(r'id="item-([0-9a-f-]{36})"', review.text)
    assert item
    url = f"/feedback-items/{item.group(1)}/decision"
    form = {"decision": "accepted", "review_id": review_id}
    assert (await client.post(url, data=form, headers={"HX-Request": "true"})).status_code == 403
    accepted = await client.post(
        url, data=form, headers={"HX-Request": "true", "X-CSRF-Token": token.group(1)}
    )
    assert accepted.status_code == 200 and "decided-accepted" in accepted.text
