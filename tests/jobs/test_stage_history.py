"""Each application's stage history on the real database: written on arrival, on close and
shortlisting, on a recruiter's decision and on what automation did in response, credited to
the recruiter or to automation; time in stage (median, 90th percentile) on /analytics and in
its CSV, overall and per job; row-level security as on applications."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime, timedelta

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.automation.service import Trigger
from hireflow.db.session import SYSTEM, Actor, switch_actor
from hireflow.jobs import stages
from hireflow.jobs.shortlisting import service as shortlisting
from tests.factories import SignedIn
from tests.jobs.helpers import make_candidate, resume_text
from tests.jobs.test_jobs_api import _create_job


async def _job_with_applicants(
    client: httpx.AsyncClient, session: AsyncSession, who: SignedIn, count: int, **job: object
) -> tuple[dict, list[uuid.UUID]]:
    created = await _create_job(client, who, **job)
    ids = []
    for index in range(count):
        candidate_id, _ = await make_candidate(
            session, who.user.id, resume_text(name=f"Stage Person {index}")
        )
        added = await client.post(
            f"/api/jobs/{created['id']}/applications",
            headers=who.headers,
            json={"candidate_id": str(candidate_id)},
        )
        assert added.status_code == 201, added.text
        ids.append(uuid.UUID(added.json()["id"]))
    return created, ids


async def _history(session: AsyncSession, job_id: str) -> list[tuple]:
    await switch_actor(session, SYSTEM)
    rows = await session.execute(
        text(
            "SELECT application_id, from_status, to_status, trigger_source, actor_user_id "
            "FROM application_stage_history WHERE job_id = :j ORDER BY changed_at, id"
        ),
        {"j": uuid.UUID(job_id)},
    )
    return [tuple(r) for r in rows]


async def test_every_transition_is_recorded_with_who_made_it(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior = people["senior"]
    job, ids = await _job_with_applicants(
        client, session, senior, 3, number_of_openings=1, shortlisting_buffer=1
    )
    # (The test's transaction has one now(): rows are compared as sets, not by time.)
    seen: set[tuple] = set()

    async def new_rows() -> set[tuple]:
        rows = set(await _history(session, job["id"]))
        added = rows - seen
        seen.update(rows)
        return added

    assert await new_rows() == {(i, None, "pending", "manual", senior.user.id) for i in ids}

    closed = await client.post(f"/api/jobs/{job['id']}/close", headers=senior.headers)
    assert closed.status_code == 200, closed.text
    moves = await new_rows()
    assert sorted((m[1], m[2], m[3]) for m in moves) == [
        ("pending", "buffer", "manual"),
        ("pending", "shortlisted", "manual"),
    ]
    shortlisted = next(m[0] for m in moves if m[2] == "shortlisted")
    in_buffer = next(m[0] for m in moves if m[2] == "buffer")
    waiting = next(i for i in ids if i not in (shortlisted, in_buffer))

    # The recruiter rejects the shortlisted one: their step is manual, the promotion from the
    # buffer and the refill of the buffer are automation's, both caused by the recruiter.
    rejected = await client.post(
        f"/api/applications/{shortlisted}/decision",
        headers=senior.headers,
        json={"action": "reject"},
    )
    assert rejected.status_code == 200, rejected.text
    assert await new_rows() == {
        (shortlisted, "shortlisted", "rejected", "manual", senior.user.id),
        (in_buffer, "buffer", "shortlisted", "auto", senior.user.id),
        (waiting, "pending", "buffer", "auto", senior.user.id),
    }

    # A dropout applied by automation (an invitation that ran out) is credited to nobody.
    await shortlisting.decide(
        session, in_buffer, "dropout", reason="expired", trigger=Trigger.AUTO, actor_id=None
    )
    assert (in_buffer, "shortlisted", "withdrawn", "auto", None) in await new_rows()

    # A junior on no hiring team of the job sees none of it (as with the applications).
    outsider = people["junior2"].user
    await switch_actor(session, Actor(outsider.id, outsider.role))
    assert await stages.history_of(session, shortlisted) == []
    await switch_actor(session, SYSTEM)
    history = await stages.history_of(session, shortlisted)
    assert {(h["from_status"], h["to_status"]) for h in history} == {
        (None, "pending"),
        ("pending", "shortlisted"),
        ("shortlisted", "rejected"),
    }


async def test_time_in_stage_on_the_analytics_page_and_csv(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior = people["senior"]
    job, ids = await _job_with_applicants(client, session, senior, 4)
    other, other_ids = await _job_with_applicants(client, session, senior, 1, title="Other")
    await switch_actor(session, SYSTEM)
    base = await session.scalar(text("SELECT now()"))
    assert isinstance(base, datetime)
    # Pending for 10, 20, 30 and 40 hours; the first then shortlisted for 5 hours.
    for hours, application_id in zip((10, 20, 30, 40), ids, strict=True):
        await stages.record(
            session,
            [stages.Change(application_id, "pending", "shortlisted", "manual")],
            actor_id=senior.user.id,
            at=base + timedelta(hours=hours),
        )
    await stages.record(
        session,
        [stages.Change(ids[0], "shortlisted", "withdrawn", "auto")],
        actor_id=None,
        at=base + timedelta(hours=15),
    )
    await stages.record(
        session,
        [stages.Change(other_ids[0], "pending", "rejected", "manual")],
        actor_id=senior.user.id,
        at=base + timedelta(hours=2),
    )
    await session.flush()
    # The stays end up to 40 hours from now: the range runs to a day past them (by default
    # it ends today, and a stay that begins tomorrow is not counted).
    window = f"to={(base + timedelta(days=3)).date().isoformat()}"

    page = await client.get(f"/analytics?job={job['id']}&{window}", headers=senior.headers)
    assert page.status_code == 200
    assert "<h2>Time in stage</h2>" in page.text
    assert "<td>pending</td><td>4</td><td>25.0</td><td>37.0</td>" in page.text
    assert "<td>shortlisted</td><td>1</td><td>5.0</td><td>5.0</td>" in page.text

    everything = await client.get(f"/analytics?{window}", headers=senior.headers)
    assert "<summary>Time in stage per job</summary>" in everything.text
    assert "<td>Other</td><td>pending</td><td>1</td><td>2.0</td><td>2.0</td>" in everything.text
    overall = await client.get(f"/analytics.csv?{window}", headers=senior.headers)
    rows = list(csv.reader(io.StringIO(overall.text)))
    # every job: the four stays above and the other job's 2-hour one
    assert ["time_in_stage_stays", "pending", "5"] in rows
    assert ["time_in_stage_median_hours", "pending", "20.0"] in rows
    assert ["time_in_stage_median_hours", f"{job['title']}: pending", "25.0"] in rows
    assert ["time_in_stage_p90_hours", f"{job['title']}: pending", "37.0"] in rows
    assert ["time_in_stage_median_hours", "Other: pending", "2.0"] in rows

    one = await client.get(f"/analytics.csv?job={other['id']}&{window}", headers=senior.headers)
    assert ["time_in_stage_median_hours", "pending", "2.0"] in list(
        csv.reader(io.StringIO(one.text))
    )


async def test_a_merge_keeps_the_moved_applications_history(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior = people["senior"]
    _job, ids = await _job_with_applicants(client, session, senior, 1)
    keep, _ = await make_candidate(session, senior.user.id, resume_text(name="Kept Person"))
    await switch_actor(session, SYSTEM)
    duplicate = await session.scalar(
        text("SELECT candidate_id FROM applications WHERE id = :a"), {"a": ids[0]}
    )
    merged = await client.post(
        f"/api/candidates/{keep}/merge",
        headers=people["admin"].headers,
        json={"duplicate_id": str(duplicate)},
    )
    assert merged.status_code == 200, merged.text
    await switch_actor(session, SYSTEM)
    rows = (
        await session.execute(
            text(
                "SELECT candidate_id, to_status FROM application_stage_history "
                "WHERE application_id = :a"
            ),
            {"a": ids[0]},
        )
    ).all()
    assert [tuple(r) for r in rows] == [(keep, "pending")]
