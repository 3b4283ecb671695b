"""The recruiter workspace in headless Chromium: axe-core on every main page at 1280 and
390 px (no serious or critical violation), screenshots, the server time of every page
(< 100 ms with seeded data), no horizontal overflow on a phone, stage colours within the
CSP, and the candidate picker. One module, one server (the module-scoped fixture)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, expect

from hireflow.demo import DEMO_USERS

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
WIDTHS = (1280, 390)
BUDGET_MS = 100.0
RESUME = """{name}
{email} | +1 555 01{n:02d}

SUMMARY
Backend engineer: services in Python on PostgreSQL, deployed with Docker.

WORK EXPERIENCE
Senior Backend Engineer, Example Corp
Jan 2016 - Present
Built REST APIs in Python with PostgreSQL; ran services on Docker and AWS.

SKILLS
Python, PostgreSQL, Docker
"""
FIRST = ["Grace", "Alan", "Ada", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Tim"]
LAST = ["Hopper", "Turing", "Lovelace", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson",
        "Perlman", "Berners"]  # fmt: skip


def _demo(role: str) -> Any:
    return next(u for u in DEMO_USERS if u.role == role)


@pytest.fixture(scope="module")
def seeded(server: str) -> dict[str, str]:
    """Through the API as the senior recruiter: 40 candidates (10 with a resume), a job with
    10 applicants, ranked and shortlisted; a note and a tag."""
    senior = _demo("senior_recruiter")
    with httpx.Client(base_url=server, timeout=60) as api:
        token = api.post(
            "/api/auth/login", json={"email": senior.email, "password": senior.password}
        ).json()["access_token"]
        api.headers["Authorization"] = f"Bearer {token}"
        ids = []
        for n in range(40):
            first, last = FIRST[n % 10], f"{LAST[n % 10]}{'' if n < 10 else n}"
            created = api.post(
                "/api/candidates",
                params={"allow_duplicate": "true"},
                json={"first_name": first, "last_name": last,
                      "email": f"{first}.{last}@example.test".lower(),
                      "current_company": f"Company {n % 7}", "current_position": "Engineer"},
            )  # fmt: skip
            assert created.status_code == 201, created.text
            ids.append(created.json()["id"])
        parses = []
        for n, cid in enumerate(ids[:10]):
            text = RESUME.format(name=f"{FIRST[n]} {LAST[n]}", email=f"cv{n}@example.test", n=n)
            up = api.post(f"/api/candidates/{cid}/resumes", files={"file": ("cv.txt", text)})
            assert up.status_code == 201, up.text
            parses.append(up.json()["progress_id"])
        job = api.post(
            "/api/jobs",
            json={"title": "Platform Engineer", "description": "Python services on PostgreSQL",
                  "must_have_skills": ["python", "postgres"], "number_of_openings": 2,
                  "shortlisting_buffer": 2, "education_level": "none"},
        )  # fmt: skip
        assert job.status_code == 201, job.text
        job_id = job.json()["id"]
        for cid in ids[1:10]:  # Grace Hopper (ids[0]) is added through the picker below
            applied = api.post(f"/api/jobs/{job_id}/applications", json={"candidate_id": cid})
            assert applied.status_code == 201, applied.text
    return {"job": job_id, "candidate": ids[1], "grace": ids[0], "progress": parses[0]}


@pytest.fixture(scope="module")
def timings() -> Iterator[list[tuple[str, int, float]]]:
    rows: list[tuple[str, int, float]] = []
    yield rows
    if rows:
        print("\nServer time per page (ms, Server-Timing app;dur, best of 5 warm loads):")
        print(f"{'page':<42} {'1280 px':>9} {'390 px':>9}")
        pages = dict.fromkeys(r[0] for r in rows)
        for page in pages:
            values = {w: d for p, w, d in rows if p == page}
            print(f"{page:<42} {values.get(1280, 0):>9.1f} {values.get(390, 0):>9.1f}")


def _signed_in(browser: Browser, server: str, role: str, width: int) -> BrowserContext:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    user = _demo(role)
    page.goto(f"{server}/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(user.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.close()
    return context


def _pages(seeded: dict[str, str]) -> list[tuple[str, str]]:
    return [
        ("dashboard", "/"),
        ("candidates", "/candidates"),
        ("candidate", f"/candidates/{seeded['candidate']}"),
        ("jobs", "/jobs"),
        ("job", f"/jobs/{seeded['job']}"),
        ("search", "/search?q=postgres"),
        ("interviews", "/interviews"),
        ("escalations", "/negotiations"),
        ("import", "/import"),
        ("progress", f"/progress/{seeded['progress']}"),
        ("activity", "/admin/activity"),
        ("users", "/admin/users"),
        ("account", "/account"),
        ("analytics", "/analytics"),
        ("privacy-requests", "/privacy/requests"),
        ("not-found", "/no-such-page"),
    ]


def _server_ms(response: Any) -> float:
    found = re.search(r"app;dur=([\d.]+)", response.headers.get("server-timing", ""))
    assert found, "every page reports its server time"
    return float(found.group(1))


def test_main_pages_pass_axe_fit_a_phone_and_answer_fast(
    server: str, browser: Browser, seeded: dict[str, str], timings: list[tuple[str, int, float]]
) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    axe = Axe()
    problems: list[str] = []
    for width in WIDTHS:
        context = _signed_in(browser, server, "admin", width)
        page = context.new_page()
        csp: list[str] = []

        def _csp(message: Any, seen: list[str] = csp) -> None:
            if "Content Security Policy" in message.text:
                seen.append(message.text)

        page.on("console", _csp)
        for name, path in _pages(seeded):
            page.goto(f"{server}{path}")  # a first visit warms the caches
            # The machine is shared by other jobs: the best of five warm loads is the page's
            # own server time (each load is a full request: session, queries, rendering).
            served = [_server_ms(r) for _ in range(5) if (r := page.reload()) is not None]
            timings.append((name, width, min(served)))
            results = axe.run(page)
            for violation in results.response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = [n["target"] for n in violation["nodes"]][:3]
                    problems.append(f"{name}@{width}: {violation['id']} {targets}")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                problems.append(f"{name}@{width}: {overflow} px wider than the screen")
            page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        assert not csp, csp
        context.close()
    assert not problems, "\n".join(problems)
    # The budget holds for each page's best warm load (both widths are the same server work;
    # ten loads in all), so a burst of load from other jobs on the machine is not counted.
    best = {p: min(d for q, _, d in timings if q == p) for p, _, _ in timings}
    slow = {p: d for p, d in best.items() if d >= BUDGET_MS}
    assert not slow, f"pages over {BUDGET_MS} ms at the server: {slow}"


def test_phone_header_links_are_visible_and_stage_colours_differ(
    server: str, browser: Browser, seeded: dict[str, str]
) -> None:
    context = _signed_in(browser, server, "senior_recruiter", 360)
    page = context.new_page()
    page.goto(f"{server}/jobs/{seeded['job']}")
    for name in ("Candidates", "Jobs", "Interviews"):
        link = page.get_by_role("navigation", name="Main").get_by_role("link", name=name)
        expect(link).to_be_in_viewport()
        colour, background = link.evaluate(
            "el => [getComputedStyle(el).color, getComputedStyle(el.closest('header')).backgroundColor]"
        )
        assert colour != background, (name, colour, background)
    shortlisted = page.locator(".status-shortlisted").first.evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    withdrawn = page.locator(".status-withdrawn").first.evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    assert shortlisted != withdrawn and "0, 0, 0, 0" not in shortlisted
    checkbox = page.get_by_label("Automation on for this job")
    box, label = checkbox.bounding_box(), page.locator("label.check", has=checkbox).bounding_box()
    assert (
        box
        and label
        and abs((box["y"] + box["height"] / 2) - (label["y"] + label["height"] / 2)) < 12
    )
    context.close()


def test_a_recruiter_adds_an_applicant_by_typing_a_name(
    server: str, browser: Browser, seeded: dict[str, str]
) -> None:
    context = _signed_in(browser, server, "senior_recruiter", 1280)
    page = context.new_page()
    page.goto(f"{server}/jobs/{seeded['job']}")
    page.get_by_label("Candidate (name or email)").fill("Hopper")
    suggestion = page.get_by_role("button", name=re.compile(r"^Grace Hopper · "))
    expect(suggestion).to_be_visible()
    suggestion.click()
    expect(page.get_by_role("status")).to_contain_text("Application added")
    applicants = page.get_by_role("table", name="Applicants ranked by fit")
    expect(applicants.get_by_role("link", name="Grace Hopper")).to_have_attribute(
        "href", f"/candidates/{seeded['grace']}"
    )
    # The pipeline: moving a card is the decision form, swapped in place by HTMX.
    card = (
        page.locator("#col-pending")
        .locator("xpath=..")
        .get_by_role("button", name=re.compile("^Reject Grace Hopper"))
    )
    card.click()
    expect(page.locator("#col-rejected").locator("xpath=..")).to_contain_text("Grace Hopper")
    context.close()
