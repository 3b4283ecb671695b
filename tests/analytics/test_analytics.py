"""Analytics: seniors only, figures from the real tables, SVG charts within the CSP, CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from hireflow.analytics import charts
from tests.factories import SignedIn
from tests.interviews.conftest import World
from tests.jobs.test_jobs_api import _create_job
from tests.portal.test_portal import _apply


async def test_report_counts_applications_and_exports_csv(
    world: World, people: dict[str, SignedIn]
) -> None:
    senior = people["senior"]
    job = await _create_job(world.client, senior, title="Analytics Analyst")
    for index in range(3):
        await _apply(world, job["id"], f"Ann{index}", f"ann{index}@example.test")

    junior = await world.client.get("/analytics", headers=people["junior"].headers)
    assert junior.status_code == 403
    page = await world.client.get(f"/analytics?job={job['id']}", headers=senior.headers)
    assert page.status_code == 200
    assert (
        "Time saved by automation" in page.text
        and "Reading and scoring one application" in page.text
    )
    assert '<svg class="chart" role="img"' in page.text and "style=" not in page.text
    exported = await world.client.get(f"/analytics.csv?job={job['id']}", headers=senior.headers)
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.text)))
    assert ["funnel", "Applied", "3"] in rows
    assert ["source", "careers", "3"] in rows

    later = (world.clock.now + timedelta(days=5)).date().isoformat()
    empty = await world.client.get(
        f"/analytics.csv?job={job['id']}&from={later}&to={later}", headers=senior.headers
    )
    assert ["funnel", "Applied", "0"] in list(csv.reader(io.StringIO(empty.text)))
    wrong = await world.client.get("/analytics?from=2026-13-01", headers=senior.headers)
    assert wrong.status_code == 422
    backwards = await world.client.get(
        "/analytics?from=2026-02-01&to=2026-01-01", headers=senior.headers
    )
    assert backwards.status_code == 422


def test_chart_escapes_labels_and_scales_bars() -> None:
    svg = charts.bars("T", [charts.Bar("<b>", 10), charts.Bar("half", 5)])
    assert "<b>" not in svg and "&lt;b&gt;" in svg
    widths = [float(part.split('"')[0]) for part in svg.split('width="')[2:]]
    assert widths[0] == 2 * widths[1]
