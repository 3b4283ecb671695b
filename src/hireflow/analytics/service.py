"""The analytics report of one job or of every job, over a date range.

Figures come from each domain's ``stats`` module (set-based SQL under row-level security) and
are combined here. Analytics is for senior recruiters and admins (it aggregates over every
candidate); the routes enforce that.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.automation import stats as automation_stats
from hireflow.interviews import stats as interview_stats
from hireflow.jobs import stages
from hireflow.jobs import stats as job_stats
from hireflow.reviews import stats as review_stats


@dataclass(frozen=True)
class Assumption:
    key: str
    label: str
    minutes: int


# The estimate of time saved: what each automated step would take a recruiter by hand.
ASSUMPTIONS = (
    Assumption("screening", "reading and scoring one application", 6),
    Assumption("shortlisting", "ranking a closed job's applicants and telling the team", 30),
    Assumption("invitation", "writing one interview invitation", 5),
    Assumption("scheduling", "e-mailing back and forth to book one interview", 15),
    Assumption("reminder", "sending one interview reminder", 2),
)


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Report:
    funnel: list[tuple[str, int, float | None]] = field(default_factory=list)
    metrics: list[tuple[str, str]] = field(default_factory=list)
    time_saved: list[tuple[Assumption, int, int]] = field(default_factory=list)
    automation: list[dict[str, Any]] = field(default_factory=list)
    jobs: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    interview_statuses: list[dict[str, Any]] = field(default_factory=list)
    fit_buckets: list[int] = field(default_factory=list)
    review_buckets: list[int] = field(default_factory=list)
    # time in stage, from the stage history: every job (or the chosen one), and per job
    stage_times: list[stages.StageTime] = field(default_factory=list)
    stage_times_by_job: dict[uuid.UUID, list[stages.StageTime]] = field(default_factory=dict)


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _shown(value: float | None, unit: str) -> str:
    return "n/a (no data yet)" if value is None else f"{value:g}{unit}"


async def report(
    session: AsyncSession, job_id: uuid.UUID | None, start: datetime, end: datetime
) -> Report:
    funnel = await job_stats.funnel(session, job_id, start, end)
    interviews = await interview_stats.interview_figures(session, job_id, start, end)
    jobs = await job_stats.jobs_overview(session, job_id, start, end)
    automation = await automation_stats.actions(session, job_id, start, end)
    out = Report(
        automation=automation,
        sources=await job_stats.sources(session, job_id, start, end),
        interview_statuses=await interview_stats.status_counts(session, job_id, start, end),
        fit_buckets=await job_stats.fit_histogram(session, job_id, start, end),
        review_buckets=(
            await review_stats.score_histogram(session, start, end) if job_id is None else []
        ),
    )
    times = await stages.time_in_stage(session, job_id, start, end)
    out.stage_times, out.stage_times_by_job = times.overall, times.by_job
    funnel_stages = [
        ("Applied", funnel["received"]),
        ("Scored", funnel["scored"]),
        ("Shortlisted", funnel["shortlisted"]),
        ("Invited", interviews["invited"]),
        ("Booked", interviews["booked"]),
        ("Interviewed", interviews["completed"]),
    ]
    previous: int | None = None
    for name, count in funnel_stages:
        out.funnel.append((name, count, _rate(count, previous) if previous is not None else None))
        previous = count

    first = await interview_stats.first_interview_by_job(session, [j["id"] for j in jobs])
    close_to_first = [
        (first[j["id"]] - j["applications_closed_at"]).total_seconds() / 3600
        for j in jobs
        if j["id"] in first and j["applications_closed_at"] is not None
    ]
    shortlist_hours = [float(j["hours_to_shortlist"]) for j in jobs if j["hours_to_shortlist"]]
    for job in jobs:
        target = int(job["shortlisting_buffer"] or 0)
        job["buffer_health"] = _rate(int(job["buffer"]), target) if target else None
        job["first_interview"] = first.get(job["id"])
    out.jobs = jobs

    total = sum(int(a["count"]) for a in automation)
    failed = sum(int(a["failed"]) for a in automation)
    closed_jobs = sum(1 for j in jobs if j["applications_closed"] and j["shortlisted"])
    counts = {
        "screening": funnel["scored"],
        "shortlisting": closed_jobs,
        "invitation": interviews["invited"],
        "scheduling": interviews["booked"],
        "reminder": interviews["reminded"],
    }
    out.time_saved = [(a, counts[a.key], counts[a.key] * a.minutes) for a in ASSUMPTIONS]
    saved_hours = round(sum(minutes for _, _, minutes in out.time_saved) / 60, 1)
    targets = [j["buffer_health"] for j in jobs if j["buffer_health"] is not None]
    out.metrics = [
        ("Time saved by automation", f"{saved_hours:g} h"),
        ("Automation success rate", _shown(_rate(total - failed, total), " %")),
        ("Hours from close to first interview (mean)", _shown(_mean(close_to_first), " h")),
        ("Hours from application to shortlist (mean)", _shown(_mean(shortlist_hours), " h")),
        (
            "Invitation response rate",
            _shown(_rate(interviews["answered"], interviews["invited"] - interviews["open"]), " %"),
        ),
        (
            "No-show rate",
            _shown(
                _rate(interviews["no_show"], interviews["completed"] + interviews["no_show"]),
                " %",
            ),
        ),
        ("Buffer health (mean fill of the buffer target)", _shown(_mean(targets), " %")),
    ]
    return out
