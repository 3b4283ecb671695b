"""``/analytics``: the report for every job or one (``?job=``), a date range (``from``/``to``,
default the last 90 days), server-side SVG charts and a CSV export. Senior recruiters and
admins only: the figures aggregate over every candidate."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from hireflow.analytics import charts, service
from hireflow.auth.dependencies import CurrentUser, require
from hireflow.auth.permissions import Action, Resource
from hireflow.db.dependencies import DbSession
from hireflow.interviews.candidate_views import now_of
from hireflow.jobs import stats as job_stats
from hireflow.kit.errors import Unprocessable
from hireflow.portal import service as portal
from hireflow.web.templating import render

router = APIRouter(include_in_schema=False)
SENIOR = require(Action.EXPORT, Resource.CANDIDATE)
DEFAULT_DAYS = 90


def _range(request: Request, first: str | None, last: str | None) -> tuple[date, date]:
    today = now_of(request).date()
    try:
        end = date.fromisoformat(last) if last else today
        start = date.fromisoformat(first) if first else end - timedelta(days=DEFAULT_DAYS)
    except ValueError:
        raise Unprocessable("Dates are written YYYY-MM-DD.") from None
    if start > end:
        raise Unprocessable("The start of the range is after its end.")
    return start, end


def _instants(start: date, end: date) -> tuple[datetime, datetime]:
    return (
        datetime.combine(start, time(0), UTC),
        datetime.combine(end + timedelta(days=1), time(0), UTC),
    )


def _job(job: str | None) -> uuid.UUID | None:
    if not job:
        return None
    try:
        return uuid.UUID(job)
    except ValueError:
        raise Unprocessable("Not a job id.") from None


FromQ = Annotated[str | None, Query(alias="from")]
ToQ = Annotated[str | None, Query(alias="to")]
JobQ = Annotated[str | None, Query(alias="job")]


@router.get("/analytics", response_class=HTMLResponse)
async def analytics_page(
    request: Request,
    session: DbSession,
    user: Annotated[CurrentUser, SENIOR],
    first: FromQ = None,
    last: ToQ = None,
    job: JobQ = None,
) -> Response:
    start, end = _range(request, first, last)
    job_id = _job(job)
    report = await service.report(session, job_id, *_instants(start, end))
    all_jobs = await job_stats.jobs_overview(session, None, *_instants(start, end))
    funnel_chart = charts.bars(
        "Funnel by stage",
        [
            charts.Bar(name, count, f"({rate:g} % of previous)" if rate is not None else "")
            for name, count, rate in report.funnel
        ],
    )
    source_chart = charts.bars(
        "Applications by source",
        [charts.Bar(s["source"], int(s["applications"])) for s in report.sources],
    )
    saved_chart = charts.bars(
        "Minutes saved by automated step",
        [charts.Bar(a.key, minutes) for a, _, minutes in report.time_saved],
        unit=" min",
    )
    query = f"from={start.isoformat()}&to={end.isoformat()}" + (f"&job={job_id}" if job_id else "")
    return render(
        request,
        "analytics/report.html",
        {
            "report": report,
            "start": start,
            "end": end,
            "job_id": job_id,
            "jobs": all_jobs,
            "query": query,
            "deletion_requests": len(await portal.pending_requests(session)),
            "funnel_chart": Markup(funnel_chart),  # noqa: S704 (built from escaped parts)
            "source_chart": Markup(source_chart),  # noqa: S704
            "saved_chart": Markup(saved_chart),  # noqa: S704
            "fit_chart": Markup(charts.histogram("Fit scores", report.fit_buckets)),  # noqa: S704
            "review_chart": (
                Markup(charts.histogram("Review scores", report.review_buckets))  # noqa: S704
                if report.review_buckets
                else None
            ),
        },
    )


@router.get("/analytics.csv")
async def analytics_csv(
    request: Request,
    session: DbSession,
    user: Annotated[CurrentUser, SENIOR],
    first: FromQ = None,
    last: ToQ = None,
    job: JobQ = None,
) -> Response:
    """Every figure of the page as ``section,name,value`` rows."""
    start, end = _range(request, first, last)
    report = await service.report(session, _job(job), *_instants(start, end))
    buffer = io.StringIO()
    out = csv.writer(buffer)
    out.writerow(["section", "name", "value"])
    out.writerow(["range", "from", start.isoformat()])
    out.writerow(["range", "to", end.isoformat()])
    for name, value in report.metrics:
        out.writerow(["metric", name, value])
    for name, count, rate in report.funnel:
        out.writerow(["funnel", name, count])
        out.writerow(["pass_through_percent", name, "" if rate is None else rate])
    for assumption, count, minutes in report.time_saved:
        out.writerow(["time_saved_minutes", f"{assumption.key} ({count} x {assumption.minutes})",
                      minutes])  # fmt: skip
    for row in report.automation:
        out.writerow(["automation", row["action_type"], f"{row['count']} ({row['failed']} failed)"])
    for row in report.sources:
        out.writerow(["source", row["source"], row["applications"]])
    for index, count in enumerate(report.fit_buckets):
        out.writerow(["fit_score_bucket", f"{index * 10}-{index * 10 + 9}", count])
    for index, count in enumerate(report.review_buckets):
        out.writerow(["review_score_bucket", f"{index * 10}-{index * 10 + 9}", count])
    for row in report.jobs:
        out.writerow(["job_buffer_health_percent", row["title"], row["buffer_health"] or ""])
    titles = {row["id"]: row["title"] for row in report.jobs}
    for scope, times in [("", report.stage_times)] + [
        (f"{titles.get(j, j)}: ", t) for j, t in report.stage_times_by_job.items()
    ]:
        for t in times:
            out.writerow(["time_in_stage_median_hours", f"{scope}{t.stage}", t.median_hours])
            out.writerow(["time_in_stage_p90_hours", f"{scope}{t.stage}", t.p90_hours])
            out.writerow(["time_in_stage_stays", f"{scope}{t.stage}", t.stays])
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="hireflow-analytics.csv"'},
    )
