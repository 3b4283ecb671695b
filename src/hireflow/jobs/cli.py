"""``hireflow score``: score local resume files against a job, as people write jobs.

The job comes either as a file of the job's fields (JSON, ``--job``): ``title``,
``description``, ``must_have_skills`` (or ``requirements``), ``nice_to_have_skills`` (or
``preferred``), ``min_years_experience`` ("3+ years" works), ``education_level`` (a level or
a sentence: "Bachelor's degree in Finance or a related field"), ``location``, optional
``scoring_weights``; or as a pasted posting (``--job-text``), read into those fields and
shown, so that what was understood can be checked. Requirement lines are free text.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from hireflow.cli_common import lazy_console

if TYPE_CHECKING:
    from pydantic import ValidationError

    from hireflow.jobs.scoring import FitResult
    from hireflow.jobs.scoring.profile import CandidateProfile, JobProfile

_out = lazy_console(highlight=False, soft_wrap=True)
_err = lazy_console(stderr=True, highlight=False, soft_wrap=True)
_MARK = {"met": "[green]met[/green]", "partly": "[yellow]partly[/yellow]"}


def _invalid(source: str, exc: ValidationError) -> typer.Exit:
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'job'}: {e['msg'].removeprefix('Value error, ')}"
        for e in exc.errors()
    )
    _err.print(f"[red]The job {source} is not valid[/red]: {problems}")
    return typer.Exit(2)


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
        raise _invalid(f"file {path}", exc) from None


def load_job_text(path: Path) -> JobProfile:
    from pydantic import ValidationError

    from hireflow.jobs.scoring.posting import parse_posting
    from hireflow.jobs.scoring.profile import JobProfile

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        _err.print(f"[red]Cannot read the posting {path}[/red]: {exc}")
        raise typer.Exit(2) from None
    posting = parse_posting(text)
    try:
        profile = JobProfile.model_validate(posting.as_job_fields())
    except ValidationError as exc:
        raise _invalid(f"posting {path}", exc) from None
    _err.print(
        f"[bold]Understood from {path.name}[/bold] (check it; pass --job with a file to correct):"
    )
    _err.print(f"  title: {profile.title}")
    for label, items in (
        ("must have", profile.must_have()),
        ("nice to have", profile.nice_to_have()),
    ):
        for item in items:
            _err.print(f"  {label}: {item}")
    _err.print(
        f"  years: {profile.min_years_experience:g}; education: {profile.education_level}; "
        f"location: {posting.location or '—'}; remote: {'yes' if posting.remote else 'no'}; "
        f"shift: {posting.shift or '—'}"
    )
    for line in posting.unread:
        _err.print(f"  [yellow]not understood[/yellow]: {line}")
    return profile


def _explain(result: FitResult) -> list[str]:
    lines: list[str] = []
    for item in result.breakdown.get("requirements", ()):
        status = item["status"]
        mark = _MARK.get(status, "[red]missing[/red]" if status == "missing" else status)
        kind = "must" if item["required"] else "nice"
        lines.append(f"   {mark:>8} ({kind}) {item['requirement']}")
        for evidence in item["evidence"][:2]:
            note = f" — {evidence['note']}" if evidence.get("note") else ""
            lines.append(f"            “{evidence['quote']}” [{evidence['where']}]{note}")
        if item.get("note"):
            lines.append(f"            {item['note']}")
    if result.breakdown.get("weighting"):
        lines.append(f"   {result.breakdown['weighting']}")
    return lines


def score(
    resumes: Annotated[
        list[Path], typer.Argument(help="Resume files (PDF, DOCX, TXT).", show_default=False)
    ],
    job: Annotated[Path | None, typer.Option("--job", help="Job file (JSON).")] = None,
    job_text: Annotated[
        Path | None, typer.Option("--job-text", help="A job posting as text, pasted into a file.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    explain: Annotated[
        bool, typer.Option("--explain/--no-explain", help="Per-requirement evidence.")
    ] = True,
    today: Annotated[
        str | None, typer.Option(help="Date that ends current jobs (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Score resumes against a job and print them ranked, with each requirement's evidence."""
    from rich.table import Table

    from hireflow.jobs.scoring.engine import rank_results, score_batch  # scikit-learn
    from hireflow.jobs.scoring.inputs import profile_from_file

    try:
        reference = date.fromisoformat(today) if today else None
    except ValueError:
        _err.print(f"[red]Invalid --today {today!r}[/red]: use YYYY-MM-DD.")
        raise typer.Exit(2) from None
    if (job is None) == (job_text is None):
        _err.print(
            "[red]Give the job either as --job FILE.json or as --job-text POSTING.txt.[/red]"
        )
        raise typer.Exit(2)
    profile = load_job(job) if job is not None else load_job_text(job_text)  # type: ignore[arg-type]
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
    for column in ("#", "file", "fit", "must-haves met", "partly / missing", "years"):
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
            "; ".join(b["must_have_matched"]),
            "; ".join(b["must_have_partly"] + b["must_have_missing"]),
            f"{b['relevant_years']:g}",
        )
    _out.print(table)
    for rank, key, result in ranked:
        _out.print(f"{rank}. {Path(key).name}: {result.summary or result.error}")
        if explain and result.fit_score is not None:
            for line in _explain(result):
                _out.print(line)
