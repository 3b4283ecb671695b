"""Jobs, applications, scoring and shortlisting through the HTTP API."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.db.session import SYSTEM, switch_actor
from hireflow.jobs import tasks as job_tasks
from tests.factories import SignedIn
from tests.jobs.helpers import JOB, make_candidate, resume_text


async def _create_job(client: httpx.AsyncClient, who: SignedIn, **extra: object) -> dict:
    response = await client.post("/api/jobs", headers=who.headers, json={**JOB, **extra})
    assert response.status_code == 201, response.text
    return response.json()


async def _score_all(session: AsyncSession, job_id: str) -> None:
    """Run the background scoring as the worker would (system actor)."""
    await switch_actor(session, SYSTEM)
    ids = (
        await session.scalars(
            text("SELECT id FROM applications WHERE job_id = :j"), {"j": uuid.UUID(job_id)}
        )
    ).all()
    for application_id in ids:
        await job_tasks.score_application(session, application_id)
    await session.flush()


async def test_job_defaults_and_junior_visibility(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    senior, junior, junior2 = people["senior"], people["junior"], people["junior2"]
    job = await _create_job(
        client, senior, number_of_openings=3, team_member_ids=[str(junior.user.id)]
    )
    assert job["shortlisting_buffer"] == 3  # default: equal to openings
    assert job["automation_enabled"] is True and job["applications_closed"] is False
    assert job["owner_user_id"] == str(senior.user.id)
    assert (await client.get(f"/api/jobs/{job['id']}", headers=junior.headers)).status_code == 200
    assert (await client.get(f"/api/jobs/{job['id']}", headers=junior2.headers)).status_code == 404
    listed = await client.get("/api/jobs", headers=junior2.headers)
    assert job["id"] not in [j["id"] for j in listed.json()]
    bad = await client.post(
        "/api/jobs", headers=senior.headers, json={**JOB, "number_of_openings": 0}
    )
    assert bad.status_code == 422
    assert (await client.post("/api/jobs", headers=junior.headers, json=JOB)).status_code == 403


async def test_apply_score_close_shortlist_and_replace_dropout(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior = people["senior"]
    job = await _create_job(client, senior, number_of_openings=2, shortlisting_buffer=1)
    strong = resume_text(start="Jan 2015")
    medium = resume_text(skills="Python, Docker", start="Jan 2021", duties="Wrote Python tools.")
    weak = resume_text(
        title="Graphic Designer",
        skills="Photoshop, Illustrator",
        start="Jan 2023",
        duties="Designed brochures and posters.",
    )
    resumes = [
        strong,
        medium,
        weak,
        resume_text(skills="Python, PostgreSQL", start="Jan 2019"),
        None,
    ]
    ids = []
    for body in resumes:
        candidate_id, _ = await make_candidate(session, senior.user.id, body)
        response = await client.post(
            f"/api/jobs/{job['id']}/applications",
            headers=senior.headers,
            json={"candidate_id": str(candidate_id)},
        )
        assert response.status_code == 201, response.text
        assert response.json()["fit_score"] is None and response.json()["ai_processed"] is False
        ids.append(response.json()["id"])
        again = await client.post(
            f"/api/jobs/{job['id']}/applications",
            headers=senior.headers,
            json={"candidate_id": str(candidate_id)},
        )
        assert again.status_code == 409
    queued = await session.scalar(
        text(
            "SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'score_application' "
            "AND args->>'application_id' = ANY(:ids)"
        ),
        {"ids": ids},
    )
    assert queued == 5
    await _score_all(session, job["id"])

    listed = (
        await client.get(f"/api/jobs/{job['id']}/applications", headers=senior.headers)
    ).json()
    by_id = {a["id"]: a for a in listed}
    assert by_id[ids[0]]["fit_score"] is not None
    assert by_id[ids[0]]["score_breakdown"]["must_have_missing"] == []
    assert by_id[ids[2]]["score_breakdown"]["must_have_missing"] == [  # lines as written
        "python",
        "postgres",
        "docker",
    ]
    assert float(by_id[ids[0]]["fit_score"]) > float(by_id[ids[2]]["fit_score"])
    unscorable = by_id[ids[4]]
    assert unscorable["fit_score"] is None and unscorable["score_error"]
    assert listed[-1]["id"] == ids[4]  # unscorable ranks after every scored one

    closed = await client.post(f"/api/jobs/{job['id']}/close", headers=senior.headers)
    assert closed.status_code == 200, closed.text
    assert closed.json() | {"message": ""} == {
        "job_id": job["id"],
        "ran": True,
        "shortlisted": 2,
        "buffer": 1,
        "pending": 2,
        "message": "",
    }
    twice = await client.post(f"/api/jobs/{job['id']}/close", headers=senior.headers)
    assert twice.json()["ran"] is False
    ranked = (
        await client.get(f"/api/jobs/{job['id']}/applications", headers=senior.headers)
    ).json()
    assert [a["rank"] for a in ranked] == [1, 2, 3, 4, 5]
    assert [a["shortlist_status"] for a in ranked] == [
        "shortlisted",
        "shortlisted",
        "buffer",
        "pending",
        "pending",
    ]
    assert ranked[0]["id"] == ids[0] and ranked[-1]["id"] == ids[4]
    late = await client.post(
        f"/api/jobs/{job['id']}/applications",
        headers=senior.headers,
        json={"candidate_id": str((await make_candidate(session, senior.user.id, strong))[0])},
    )
    assert late.status_code == 409

    top = ranked[0]["id"]
    dropped = await client.post(
        f"/api/applications/{top}/decision",
        headers=senior.headers,
        json={"action": "dropout", "reason": "declined"},
    )
    assert dropped.status_code == 200, dropped.text
    assert dropped.json()["shortlist_status"] == "withdrawn"
    after = (await client.get(f"/api/jobs/{job['id']}/applications", headers=senior.headers)).json()
    status = {a["rank"]: (a["shortlist_status"], a["buffer_position"]) for a in after}
    assert status[3] == ("shortlisted", None) and status[4] == ("buffer", 1)

    logs = (
        await client.get(f"/api/jobs/{job['id']}/automation-log", headers=senior.headers)
    ).json()
    seen = {(entry["action_type"], entry["trigger_source"]) for entry in logs}
    assert {
        ("ranked", "manual"),
        ("dropout", "manual"),
        ("promoted_from_buffer", "auto"),
        ("added_to_buffer", "auto"),
        ("applications_closed", "manual"),
    } <= seen
    promote = await client.post(
        f"/api/applications/{status and after[3]['id']}/decision",
        headers=senior.headers,
        json={"action": "promote"},
    )
    assert promote.status_code == 409  # every opening is taken


async def test_automation_off_means_nothing_automatic(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    admin, senior = people["admin"], people["senior"]
    job = await _create_job(client, senior, number_of_openings=1, shortlisting_buffer=1)
    for body in (resume_text(), resume_text(start="Jan 2022"), resume_text(start="Jan 2024")):
        candidate_id, _ = await make_candidate(session, senior.user.id, body)
        await client.post(
            f"/api/jobs/{job['id']}/applications",
            headers=senior.headers,
            json={"candidate_id": str(candidate_id)},
        )
    flag = await client.put(
        "/api/feature-flags/global_automation", headers=admin.headers, json={"is_enabled": False}
    )
    assert flag.status_code == 200
    await switch_actor(session, SYSTEM)
    await session.execute(
        text("UPDATE jobs SET closing_date = now() - interval '1 minute' WHERE id = :id"),
        {"id": uuid.UUID(job["id"])},
    )
    assert uuid.UUID(job["id"]) in await job_tasks.due_jobs(session)
    await job_tasks.shortlist_job(session, uuid.UUID(job["id"]))  # scheduled: flags say no
    untouched = (await client.get(f"/api/jobs/{job['id']}", headers=senior.headers)).json()
    assert untouched["applications_closed"] is False

    manual = await client.post(f"/api/jobs/{job['id']}/close", headers=senior.headers)
    assert manual.json()["ran"] is True  # a recruiter's own trigger still runs
    apps = (await client.get(f"/api/jobs/{job['id']}/applications", headers=senior.headers)).json()
    await client.post(
        f"/api/applications/{apps[0]['id']}/decision",
        headers=senior.headers,
        json={"action": "dropout", "reason": "no_show"},
    )
    apps = (await client.get(f"/api/jobs/{job['id']}/applications", headers=senior.headers)).json()
    assert [a["shortlist_status"] for a in apps] == ["withdrawn", "buffer", "pending"]


async def test_scheduled_close_respects_flags_when_on(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior = people["senior"]
    job = await _create_job(client, senior, closing_date="2020-01-01T00:00:00Z")
    candidate_id, _ = await make_candidate(session, senior.user.id, resume_text())
    await switch_actor(session, SYSTEM)
    await session.execute(
        text("INSERT INTO applications (job_id, candidate_id) VALUES (:j, :c)"),
        {"j": uuid.UUID(job["id"]), "c": candidate_id},
    )
    await job_tasks.shortlist_job(session, uuid.UUID(job["id"]))
    logs = (
        await client.get(f"/api/jobs/{job['id']}/automation-log", headers=senior.headers)
    ).json()
    assert {"scheduled"} == {entry["trigger_source"] for entry in logs}
    apps = (await client.get(f"/api/jobs/{job['id']}/applications", headers=senior.headers)).json()
    assert apps[0]["shortlist_status"] == "shortlisted" and apps[0]["score_error"]


async def test_requirement_change_queues_rescoring_and_bumps_version(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior = people["senior"]
    job = await _create_job(client, senior)
    changed = await client.patch(
        f"/api/jobs/{job['id']}", headers=senior.headers, json={"must_have_skills": ["golang"]}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["requirements_version"] == 2
    queued = await session.scalar(
        text(
            "SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'rescore_job' "
            "AND args->>'job_id' = :id"
        ),
        {"id": job["id"]},
    )
    assert queued == 1
    same = await client.patch(
        f"/api/jobs/{job['id']}", headers=senior.headers, json={"number_of_openings": 4}
    )
    assert same.json()["requirements_version"] == 2


async def test_junior_on_team_sees_all_applicants_others_see_none(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior, junior, junior2 = people["senior"], people["junior"], people["junior2"]
    job = await _create_job(client, senior, team_member_ids=[str(junior.user.id)])
    candidate_id, _ = await make_candidate(session, senior.user.id, resume_text())
    created = await client.post(
        f"/api/jobs/{job['id']}/applications",
        headers=senior.headers,
        json={"candidate_id": str(candidate_id)},
    )
    app_id = created.json()["id"]
    assert (
        await client.get(f"/api/applications/{app_id}", headers=junior.headers)
    ).status_code == 200
    assert (
        await client.get(f"/api/applications/{app_id}", headers=junior2.headers)
    ).status_code == 404
    bulk = await client.post(
        f"/api/jobs/{job['id']}/applications/bulk",
        headers=senior.headers,
        json={
            "applications": [
                {"candidate_id": str(candidate_id)},
                {"candidate_id": str(uuid.uuid4())},
            ]
        },
    )
    assert bulk.status_code == 201
    assert bulk.json()["created"] == [] and len(bulk.json()["skipped"]) == 2


async def test_recruiter_overrides_and_deadline(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior = people["senior"]
    job = await _create_job(client, senior, number_of_openings=1, shortlisting_buffer=2)
    extended = await client.post(
        f"/api/jobs/{job['id']}/deadline",
        headers=senior.headers,
        json={"closing_date": "2030-01-01T00:00:00Z"},
    )
    assert extended.status_code == 200 and extended.json()["closing_date"].startswith("2030")
    for start in ("Jan 2012", "Jan 2016", "Jan 2020", "Jan 2024"):
        candidate_id, _ = await make_candidate(session, senior.user.id, resume_text(start=start))
        await client.post(
            f"/api/jobs/{job['id']}/applications",
            headers=senior.headers,
            json={"candidate_id": str(candidate_id)},
        )
    await client.post(f"/api/jobs/{job['id']}/close", headers=senior.headers)
    apps = (await client.get(f"/api/jobs/{job['id']}/applications", headers=senior.headers)).json()
    first, second, third, fourth = (a["id"] for a in apps)

    async def decide(application_id: str, **body: str) -> httpx.Response:
        return await client.post(
            f"/api/applications/{application_id}/decision", headers=senior.headers, json=body
        )

    moved = await decide(first, action="to_buffer")
    assert moved.json()["shortlist_status"] == "buffer" and moved.json()["buffer_position"] == 1
    promoted = await decide(third, action="promote", note="strong portfolio")
    assert promoted.json()["shortlist_status"] == "shortlisted"
    assert promoted.json()["manual_decision"] is True
    rejected = await decide(third, action="reject")
    assert rejected.json()["shortlist_status"] == "rejected"
    statuses = {
        a["id"]: (a["shortlist_status"], a["buffer_position"])
        for a in (
            await client.get(f"/api/jobs/{job['id']}/applications", headers=senior.headers)
        ).json()
    }
    # The freed slot went to the head of the buffer; the buffer refilled from pending.
    assert statuses[first] == ("shortlisted", None)
    assert statuses[second] == ("buffer", 1) and statuses[fourth] == ("buffer", 2)
    assert (await decide(fourth, action="dropout")).status_code == 422  # needs a reason
    late = await client.post(
        f"/api/jobs/{job['id']}/deadline",
        headers=senior.headers,
        json={"closing_date": "2031-01-01T00:00:00Z"},
    )
    assert late.status_code == 409
    logs = (
        await client.get(f"/api/jobs/{job['id']}/automation-log", headers=senior.headers)
    ).json()
    actions = [(e["action_type"], e["trigger_source"], e["actor_user_id"]) for e in logs]
    assert ("manual_promotion", "manual", str(senior.user.id)) in actions
    assert ("deadline_extended", "manual", str(senior.user.id)) in actions
    note = next(e for e in logs if e["action_type"] == "manual_promotion")["details"]["note"]
    assert note == "strong portfolio"


async def test_junior_on_the_team_runs_the_shortlist_but_not_the_team(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior, junior = people["senior"], people["junior"]
    job = await _create_job(
        client,
        senior,
        number_of_openings=1,
        shortlisting_buffer=1,
        team_member_ids=[str(junior.user.id)],
    )
    for start in ("Jan 2012", "Jan 2018", "Jan 2024"):
        candidate_id, _ = await make_candidate(session, senior.user.id, resume_text(start=start))
        # A junior sees only candidates assigned to them: this one is not.
        refused = await client.post(
            f"/api/jobs/{job['id']}/applications",
            headers=junior.headers,
            json={"candidate_id": str(candidate_id)},
        )
        assert refused.status_code == 404
        added = await client.post(
            f"/api/jobs/{job['id']}/applications",
            headers=senior.headers,
            json={"candidate_id": str(candidate_id)},
        )
        assert added.status_code == 201, added.text
    team = await client.patch(
        f"/api/jobs/{job['id']}", headers=junior.headers, json={"team_member_ids": []}
    )
    assert team.status_code == 403
    edited = await client.patch(
        f"/api/jobs/{job['id']}", headers=junior.headers, json={"description": "Updated."}
    )
    assert edited.status_code == 200
    closed = await client.post(f"/api/jobs/{job['id']}/close", headers=junior.headers)
    assert closed.status_code == 200 and closed.json()["shortlisted"] == 1
    apps = (await client.get(f"/api/jobs/{job['id']}/applications", headers=junior.headers)).json()
    dropped = await client.post(
        f"/api/applications/{apps[0]['id']}/decision",
        headers=junior.headers,
        json={"action": "dropout", "reason": "expired"},
    )
    assert dropped.status_code == 200, dropped.text
    logs = (
        await client.get(f"/api/jobs/{job['id']}/automation-log", headers=junior.headers)
    ).json()
    promoted = next(e for e in logs if e["action_type"] == "promoted_from_buffer")
    assert promoted["trigger_source"] == "auto"
    assert promoted["actor_user_id"] == str(junior.user.id)


async def test_unknown_team_members_are_a_clear_400(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    senior = people["senior"]
    response = await client.post(
        "/api/jobs", headers=senior.headers, json={**JOB, "team_member_ids": [str(uuid.uuid4())]}
    )
    assert response.status_code == 400
    assert "hiring team" in response.json()["error"]["message"]
    response = await client.post(
        "/api/jobs", headers=senior.headers, json={**JOB, "owner_user_id": str(uuid.uuid4())}
    )
    assert response.status_code == 400


async def test_one_application_scored_alone_is_scored_with_the_jobs_other_applicants(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    """The background task scores one application with the job's other applicants as the
    pool word similarity learns common words from: the same score as scoring them together."""
    from hireflow.jobs.scoring import JobProfile, score_batch
    from hireflow.jobs.scoring.inputs import profile_from_text

    senior = people["senior"]
    job = await _create_job(client, senior)
    bodies = [
        resume_text(name=f"Person {letter}", skills=skills, start=start, duties=duties)
        for letter, skills, start, duties in (
            ("Aa", "Python, PostgreSQL", "Jan 2015", "Built REST APIs in Python."),
            ("Bb", "Python, Docker", "Jan 2021", "Wrote Python tools and scripts."),
            ("Cc", "Photoshop", "Jan 2023", "Designed brochures and posters."),
            ("Dd", "Kubernetes, AWS", "Jan 2019", "Ran services on Kubernetes and AWS."),
            ("Ee", "Excel", "Jan 2020", "Reconciled invoices and ran payroll."),
            ("Ff", "Python, Django", "Jan 2017", "Built Django apps on PostgreSQL."),
            ("Gg", "Java, Spring", "Jan 2016", "Built Java services and REST APIs."),
            ("Hh", "Customer service", "Jan 2022", "Answered support tickets."),
            ("Ii", "Python, AWS", "Jan 2018", "Built data pipelines on AWS in Python."),
            ("Jj", "Sales", "Jan 2014", "Sold software to retail chains."),
        )
    ]
    for body in bodies:
        candidate_id, _ = await make_candidate(session, senior.user.id, body)
        response = await client.post(
            f"/api/jobs/{job['id']}/applications",
            headers=senior.headers,
            json={"candidate_id": str(candidate_id)},
        )
        assert response.status_code == 201, response.text
    await _score_all(session, job["id"])  # one application at a time, as the worker does
    listed = (
        await client.get(f"/api/jobs/{job['id']}/applications", headers=senior.headers)
    ).json()
    stored = sorted(float(a["fit_score"]) for a in listed)
    together = score_batch(JobProfile.model_validate(JOB), [profile_from_text(b) for b in bodies])
    assert stored == sorted(r.fit_score for r in together if r.fit_score is not None)
    assert len(set(stored)) > 5
