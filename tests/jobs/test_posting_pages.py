"""The job editor's "paste the posting" box: what was understood, shown for correcting."""

from __future__ import annotations

import httpx

from tests.factories import SignedIn

POSTING = """Senior Financial Analyst, FP&A
Location: Minneapolis, MN (hybrid)

The role
Own the forecast for our commercial business.

Qualifications
- Bachelor's degree in Finance, Accounting, Economics or a related field
- 3+ years of FP&A experience
- Advanced Excel and financial modelling
- Track record of calm under deadline pressure

Nice to have
- CPA or CFA
"""


async def test_pasted_posting_fills_the_new_job_form(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    senior, junior = people["senior"], people["junior"]
    page = await client.post("/jobs/understand", headers=senior.headers, data={"posting": POSTING})
    assert page.status_code == 200
    text = page.text
    assert "What was understood" in text
    assert 'value="Senior Financial Analyst, FP&amp;A"' in text
    assert "education: bachelor&#39;s or higher in finance / accounting / economics" in text
    assert "3+ years in roles showing skill FP&amp;A" in text
    assert "not in the vocabulary" in text  # the line the vocabulary does not know
    assert "Minneapolis, MN (hybrid)" in text
    refused = await client.post("/jobs/understand", headers=junior.headers, data={"posting": "x"})
    assert refused.status_code == 403

    created = await client.post(
        "/jobs",
        headers=senior.headers,
        data={
            "title": "Senior Financial Analyst, FP&A",
            "must_have_skills": "Bachelor's degree in Finance or a related field\n"
            "Advanced Excel, pivot tables\n3+ years of FP&A experience",
            "education_level": "bachelor",
            "number_of_openings": "1",
        },
    )
    assert created.status_code == 303, created.text
    job = await client.get(created.headers["location"], headers=senior.headers)
    assert "Advanced Excel, pivot tables" in job.text  # one requirement per line, commas kept
    edit = await client.post(
        f"{created.headers['location']}/understand",
        headers=senior.headers,
        data={"posting": POSTING},
    )
    assert "check what was understood" in edit.text and "Edit job" in edit.text


async def test_unreadable_requirement_is_a_form_error_naming_the_field(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    page = await client.post(
        "/jobs",
        headers=people["senior"].headers,
        data={"title": "Nurse", "must_have_skills": "!!!", "number_of_openings": "1"},
    )
    assert page.status_code == 200 and 'role="alert"' in page.text
    assert "must_have_skills" in page.text
