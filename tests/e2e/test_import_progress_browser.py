"""The import page in headless Chromium: files are imported in the background; the page
shows the import's progress, and its file-by-file report once the worker is done, with no
console error and no CSP violation; axe finds nothing serious on it."""

from __future__ import annotations

import re
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, expect

from hireflow.demo import DEMO_USERS
from tests.jobs.helpers import resume_text


def test_an_import_shows_its_progress_then_its_report(
    server: str, browser: Browser, tmp_path: Path
) -> None:
    senior = next(u for u in DEMO_USERS if u.role == "senior_recruiter")
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{server}/login?next=/import")
    page.get_by_label("Email").fill(senior.email)
    page.get_by_label("Password").fill(senior.password)
    page.get_by_role("button", name="Sign in").click()
    files = []
    for n, name in enumerate(("Imke Brandt", "Tariq Haddad")):
        path = tmp_path / f"import{n}.txt"
        path.write_text(resume_text(name=name, address=f"{n + 3} Elm Road, Leeds"))
        files.append(str(path))
    page.get_by_label("Files").set_input_files(files)
    page.get_by_role("button", name="Import").click()
    expect(page).to_have_url(re.compile(r"/import/[0-9a-f-]{36}$"))
    card = page.locator(".progress-card")
    expect(card.get_by_role("heading")).to_have_text("Importing 2 resume files")
    # The worker imports both; the card follows, then the page shows the report.
    expect(page.get_by_role("heading", name="Report")).to_be_visible(timeout=30_000)
    expect(card.locator("[data-progress-words]")).to_have_text("Done: 2 of 2.")
    report = page.get_by_role("table")
    expect(report).to_contain_text("import0.txt")
    expect(report).to_contain_text("import1.txt")
    expect(page.locator("#report-h + p")).to_contain_text("0 rejected")
    results = Axe().run(page)
    serious = [
        v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert not serious, serious
    assert not errors, errors
