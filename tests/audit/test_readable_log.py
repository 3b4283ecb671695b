"""The activity log reads as sentences about people and records, never ids or JSON."""

from __future__ import annotations

import re
import uuid

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.audit.models import ActivityLog
from hireflow.audit.readable import CAREERS_APPLICANT, describe
from tests.factories import SignedIn
from tests.jobs.test_pipeline_pages import named_candidate


def test_careers_applications_are_credited_to_the_applicant() -> None:
    job, candidate = uuid.uuid4(), uuid.uuid4()
    row = ActivityLog(
        id=uuid.uuid4(),
        user_id=None,
        action="create",
        entity_type="application",
        entity_id=uuid.uuid4(),
        old_values=None,
        new_values={"job_id": str(job), "candidate_id": str(candidate), "source": "careers"},
    )
    entry = describe(row, {job: "Nurse", candidate: "Mary Seacole"})
    assert entry.who == CAREERS_APPLICANT
    assert [(c.field, c.before, c.after) for c in entry.changes] == [
        ("Job", None, "Nurse"),
        ("Candidate", None, "Mary Seacole"),
        ("Source", None, "careers"),
    ]


async def test_activity_page_names_people_and_shows_before_and_after(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    admin, senior = people["admin"], people["senior"]
    cid = await named_candidate(session, senior.user.id, "Frances", "Allen")
    await client.post(
        f"/candidates/{cid}/assignments",
        headers=senior.headers,
        data={"user_id": str(senior.user.id), "assignment_type": "primary"},
    )
    await client.patch(
        f"/api/candidates/{cid}", headers=senior.headers, json={"current_company": "IBM"}
    )
    page = await client.get("/admin/activity", headers=admin.headers)
    assert page.status_code == 200
    body = page.text.split('<main id="main"', 1)[1]
    assert senior.user.full_name in body and "Frances Allen" in body
    assert re.search(r'<span class="change-new">IBM</span>', body)
    assert not re.search(r"<code>[0-9a-f]{8}</code>", body), "no id prefixes"
    assert "{&#34;" not in body and '{"' not in body, "no raw JSON"
    candidate_page = await client.get(f"/candidates/{cid}", headers=admin.headers)
    assert "Latest activity on this candidate" in candidate_page.text
