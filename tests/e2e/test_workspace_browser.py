"""The recruiter workspace in headless Chromium: axe-core on every main page at 1280 and
390 px (no serious or critical violation), screenshots, the server time of every page
(< 100 ms with seeded data), no horizontal overflow on a phone, stage colours within the
CSP, and the candidate picker. One module, one server (the module-scoped fixture)."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from hireflow.demo import DEMO_USERS
from tests.e2e.audit import Audit, server_ms

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


def test_main_pages_pass_axe_fit_a_phone_and_answer_fast(
    server: str, browser: Browser, seeded: dict[str, str]
) -> None:
    audit = Audit()
    context = _signed_in(browser, server, "admin", 1280)
    page = context.new_page()
    csp: list[str] = []
    page.on(
        "console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None
    )
    for name, path in _pages(seeded):
        page.goto(f"{server}{path}")  # a first visit warms the caches
        audit.check(page, name)
    context.close()
    assert not csp, csp
    audit.report("Workspace pages")


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
    field = page.get_by_role("combobox", name="Candidate (name or email)")
    field.press_sequentially("Hopper")
    option = page.get_by_role("option", name=re.compile(r"^Grace Hopper · "))
    expect(option).to_be_visible()
    expect(field).to_have_attribute("aria-expanded", "true")
    for _ in range(page.get_by_role("option").count()):  # the arrows walk the options
        field.press("ArrowDown")
        if option.get_attribute("aria-selected") == "true":
            break
    expect(option).to_have_attribute("aria-selected", "true")
    expect(field).to_have_attribute("aria-activedescendant", option.get_attribute("id") or "")
    field.press("Enter")
    expect(field).to_have_value("Grace Hopper")
    expect(field).to_have_attribute("aria-expanded", "false")
    page.get_by_role("button", name="Apply with their latest resume").click()
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


def test_mentions_and_the_recruiter_picker_work_from_the_keyboard(
    server: str, browser: Browser, seeded: dict[str, str]
) -> None:
    """Typing @ and letters in a note offers colleagues (arrows, Enter, Escape); the
    recruiter picker assigns by typed name; assigning twice answers inline."""
    context = _signed_in(browser, server, "senior_recruiter", 1280)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{server}/candidates/{seeded['grace']}")
    note = page.get_by_label("Add a note")
    listbox = page.get_by_role("listbox", name="Colleagues to mention")
    note.press_sequentially("Please look, @ju")
    option = listbox.get_by_role("option", name=re.compile(r"^Jun Junior"))
    expect(option).to_be_visible()
    audit = Audit()
    audit.check(page, "candidate-mention-open", loads=0)  # axe with the suggestions shown
    expect(option).to_be_visible()
    note.press("Escape")
    expect(listbox).to_be_hidden()
    note.press_sequentially("n")
    expect(option).to_be_visible()
    note.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    note.press("Enter")
    expect(note).to_have_value("Please look, @jun ")
    note.press_sequentially("thanks")
    page.get_by_role("button", name="Add note").click()
    expect(page.locator(".notes .mention").first).to_have_text("Jun Junior")

    picker = page.get_by_role("combobox", name="Assign a recruiter (name or email)")
    picker.press_sequentially("jun")
    page.get_by_role("option", name=re.compile(r"^Jun Junior")).wait_for()
    picker.press("ArrowDown")
    picker.press("Enter")
    expect(picker).to_have_value("Jun Junior")
    page.get_by_role("button", name="Assign").click()
    expect(page.locator(".flash")).to_contain_text("Assignment saved")
    assigned = page.get_by_role("combobox", name="Assign a recruiter (name or email)")
    assigned.press_sequentially("Jun Junior")
    page.get_by_role("option", name=re.compile(r"^Jun Junior")).click()
    page.get_by_role("button", name="Assign").click()
    expect(page.locator(".flash.error")).to_contain_text("already assigned")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    outside = [u for u in requests if not u.startswith(server)]
    assert not outside, f"requests outside the app: {outside}"
    # The pickers' JSON sources answer within the page budget too (best of five).
    for name, path in (
        ("candidate source", "/candidates/suggest?q=Hopper"),
        ("colleague source", "/people/suggest?q=jun"),
        ("mention source", f"/candidates/{seeded['grace']}/mentionable?q=ju"),
    ):
        answers = [page.request.get(f"{server}{path}") for _ in range(5)]
        assert all(a.ok and a.json()["options"] for a in answers), path
        audit.timings += [(name, w, min(server_ms(a) for a in answers)) for w in (1280, 390)]
    context.close()
    audit.report("Candidate page with the mention list open; the pickers' sources")


def test_the_interview_panel_picker_passes_axe_open_and_closed(
    server: str, browser: Browser, seeded: dict[str, str]
) -> None:
    """A demo interview still open for the candidate: its page passes axe (with the picker's
    listbox open too); an interviewer is added from the keyboard; Escape closes the list."""
    audit = Audit()
    context = _signed_in(browser, server, "senior_recruiter", 1280)
    page = context.new_page()
    page.goto(f"{server}/interviews")
    hrefs = page.locator("a[href^='/interviews/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    interviews = [h for h in dict.fromkeys(hrefs) if re.fullmatch(r"/interviews/[0-9a-f-]{36}", h)]
    for href in interviews[:15]:
        page.goto(f"{server}{href}")
        if page.locator("#panel-form").count():
            break
    else:
        pytest.fail("the demo has an interview still open for the candidate")
    audit.check(page, "interview")
    picker = page.get_by_role("combobox", name="Add an interviewer (name or email)")
    picker.press_sequentially("ada")
    option = page.get_by_role("option", name=re.compile(r"^Ada Admin"))
    expect(option).to_be_visible()
    audit.check(page, "interview-picker-open", loads=0)
    picker.press("Escape")
    expect(picker).to_have_attribute("aria-expanded", "false")
    expect(option).to_have_count(0)
    picker.press("ArrowDown")  # reopens the list for what is typed
    expect(option).to_be_visible()
    picker.press("ArrowDown")
    picker.press("Enter")
    expect(picker).to_have_value("Ada Admin")
    page.get_by_role("button", name="Add to the panel").click()
    expect(page.locator("p.notice")).to_have_text("Ada Admin joined the panel.")
    expect(page.get_by_role("region", name="Interview panel")).to_contain_text("Ada Admin (admin)")
    context.close()
    audit.report("Interview page")
