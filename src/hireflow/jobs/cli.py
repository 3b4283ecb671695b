"""``hireflow score``: score local resume files against a job description file.

Same engine, same weights as the server: the job file holds the job's fields as the API
takes them (``title``, ``description``, ``must_have_skills``, ``nice_to_have_skills``,
``min_years_experience``, ``education_level``, ``location``, optional ``scoring_weights``).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from hireflow.cli_common import lazy_console

if TYPE_CHECKING:
    from hireflow.jobs.scoring.profile import CandidateProfile, JobProfile

_out = lazy_console(highlight=False, soft_wrap=True)
_err = lazy_console(stderr=True, highlight=False, soft_wrap=True)


def load_job(path: Path) -> JobProfile:
    from pydantic import ValidationError

    from hireflow.jobs.scoring.profile import JobProfile

    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        _err.print(f"[red]Cannot read the job file {path}[/red]: {exc}")
        raise typer.Exit(2) from None
    try:
        return JobProfile.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'job'}: {e['msg']}" for e in exc.errors()
        )
        _err.print(f"[red]The job file {path} is not valid[/red]: {problems}")
        raise typer.Exit(2) from None


def score(
    resumes: Annotated[
        list[Path], typer.Argument(help="Resume files (PDF, DOCX, TXT).", show_default=False)
    ],
    job: Annotated[Path, typer.Option("--job", help="Job description JSON file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    today: Annotated[
        str | None, typer.Option(help="Date that ends current jobs (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Score resumes against a job and print them ranked, with each fit breakdown."""
    from rich.table import Table

    from hireflow.jobs.scoring.engine import rank_results, score_batch  # scikit-learn
    from hireflow.jobs.scoring.inputs import profile_from_file

    try:
        reference = date.fromisoformat(today) if today else None
    except ValueError:
        _err.print(f"[red]Invalid --today {today!r}[/red]: use YYYY-MM-DD.")
        raise typer.Exit(2) from None
    profile = load_job(job)
    missing = [str(p) for p in resumes if not p.is_file()]
    if missing:
        _err.print(f"[red]No such file:[/red] {', '.join(missing)}")
        raise typer.Exit(2)
    profiles: list[CandidateProfile | str] = [
        profile_from_file(p, today=reference) for p in resumes
    ]
    results = score_batch(profile, profiles)
    ranked = rank_results([(str(p), r) for p, r in zip(resumes, results, strict=True)])
    if as_json:
        payload: list[dict[str, Any]] = [
            {
                "rank": rank,
                "file": key,
                "fit_score": result.fit_score,
                "error": result.error,
                "summary": result.summary,
                "breakdown": result.breakdown,
            }
            for rank, key, result in ranked
        ]
        _out.print_json(json.dumps({"job": profile.title, "results": payload}, ensure_ascii=False))
        return
    table = Table(title=f"Fit for: {profile.title}")
    for column in ("#", "file", "fit", "must-have matched", "missing", "years"):
        table.add_column(column, overflow="fold")
    for rank, key, result in ranked:
        b = result.breakdown
        if result.fit_score is None:
            table.add_row(str(rank), Path(key).name, "—", "", "[red]unscorable[/red]", "")
            continue
        table.add_row(
            str(rank),
            Path(key).name,
            f"{result.fit_score:.1f}",
            ", ".join(b["must_have_matched"]),
            ", ".join(b["must_have_missing"]),
            f"{b['relevant_years']:g}",
        )
    _out.print(table)
    for rank, key, result in ranked:
        _out.print(f"{rank}. {Path(key).name}: {result.summary or result.error}")
