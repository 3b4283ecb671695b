"""A recruiter requests an AI review in the browser, watches it finish, and acts on feedback."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, expect

from hireflow.demo import DEMO_USERS

WEAK_RESUME = """Sam Lee
sam.lee@example.com

EXPERIENCE
Sales Associate, Big Store
2019 - 2021
Responsible for helping customers.
Duties included stocking shelves.

SKILLS
Excel
"""


def test_request_review_watch_progress_and_decide(
    server: str, browser: Browser, tmp_path: Path
) -> None:
    senior = next(u for u in DEMO_USERS if u.role == "senior_recruiter")
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{server}/login?next=/candidates")
    page.get_by_label("Email").fill(senior.email)
    page.get_by_label("Password").fill(senior.password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("First name").fill("Sam")
    page.get_by_label("Last name").fill("Lee")
    page.get_by_role("button", name="Add").click()
    resume = tmp_path / "sam.txt"
    resume.write_text(WEAK_RESUME)
    page.get_by_label("Upload a resume").set_input_files(str(resume))
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.locator(".status").first).to_contain_text("completed", timeout=20_000)

    page.get_by_role("link", name="sam.txt").click()
    page.get_by_role("link", name="AI reviews").click()
    page.get_by_label("Target role").fill("Sales Manager")
    page.get_by_label("Target industry").fill("sales_marketing")
    page.get_by_role("button", name="Request review").click()
    expect(page.get_by_role("heading", name="Scores")).to_be_visible(timeout=30_000)
    expect(page.locator("mark").first).to_be_visible()
    page.get_by_role("button", name="Accept").first.click()
    expect(page.locator("[aria-pressed=true]").first).to_be_visible()
    assert not [e for e in errors if "Content Security Policy" in e], errors
    assert re.search(r"/reviews/[0-9a-f-]{36}", page.url)
