"""A recruiter signs in, adds a candidate, uploads a resume, and reads its sections."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, expect

from hireflow.demo import DEMO_USERS
from tests.resumes import samples

SCREENSHOTS = Path(__file__).parent / "screenshots"


def test_sign_in_add_candidate_upload_and_read_sections(
    server: str, browser: Browser, tmp_path: Path
) -> None:
    admin = next(u for u in DEMO_USERS if u.role == "admin")
    page = browser.new_page()
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{server}/candidates")
    expect(page).to_have_url(re.compile(r"/login\?next=/candidates"))
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("incorrect")
    page.get_by_label("Password").fill(admin.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Candidates")).to_be_visible()

    page.get_by_label("First name").fill("Jane")
    page.get_by_label("Last name").fill("Doe")
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_role("heading", name="Jane Doe")).to_be_visible()

    resume = tmp_path / "jane.pdf"
    resume.write_bytes(samples.text_pdf())
    page.get_by_label("Upload a resume").set_input_files(str(resume))
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.get_by_text("Resume uploaded")).to_be_visible()
    expect(page.locator(".status").first).to_contain_text("completed", timeout=20_000)
    page.reload()  # the candidate's blank fields were filled from the resume
    expect(page.locator("dl.facts")).to_contain_text("jane.doe@example.com")

    page.get_by_role("link", name="jane.pdf").click()
    expect(page.get_by_role("heading", name="Sections")).to_be_visible()
    expect(page.locator("#section-1")).to_be_visible()
    expect(page.locator(".resume-text")).to_contain_text("Stripe")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "resume.png"), full_page=True)

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login"))
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors


def test_bad_upload_shows_its_error_without_leaving_the_page(
    server: str, browser: Browser, tmp_path: Path
) -> None:
    senior = next(u for u in DEMO_USERS if u.role == "senior_recruiter")
    page = browser.new_page()
    page.goto(f"{server}/login?next=/candidates")
    page.get_by_label("Email").fill(senior.email)
    page.get_by_label("Password").fill(senior.password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("First name").fill("Bad")
    page.get_by_label("Last name").fill("Upload")
    page.get_by_role("button", name="Add").click()
    picture = tmp_path / "cv.pdf"
    picture.write_bytes(samples.png_image())
    page.get_by_label("Upload a resume").set_input_files(str(picture))
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("PNG")
    expect(page.get_by_role("heading", name="Bad Upload")).to_be_visible()
