"""``hireflow review FILE``: review a local resume file with the configured engine."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from hireflow.cli_common import lazy_console

if TYPE_CHECKING:
    from hireflow.ai.schemas import ReviewOutcome

    pass

from hireflow.kit.errors import HireflowError

# The choices of hireflow.ai.schemas.ReviewType / ExperienceLevel, spelled out so that building
# the command line imports no pydantic model (tests/test_startup.py keeps them equal).
ReviewType = Literal["comprehensive", "quick_scan", "ats_check"]
ExperienceLevel = Literal["entry", "mid", "senior", "executive"]

_out = lazy_console(highlight=False, soft_wrap=True)
_err = lazy_console(stderr=True, highlight=False, soft_wrap=True)


def review(
    file: Annotated[
        Path, typer.Argument(help="Resume file (PDF, DOCX, text).", show_default=False)
    ],
    role: Annotated[str | None, typer.Option("--role", help="Target role.")] = None,
    industry: Annotated[str | None, typer.Option("--industry", help="Target industry.")] = None,
    level: Annotated[
        ExperienceLevel, typer.Option("--level", help="entry, mid, senior or executive.")
    ] = "mid",
    review_type: Annotated[
        ReviewType, typer.Option("--type", help="comprehensive, quick_scan or ats_check.")
    ] = "comprehensive",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Review a resume file: scores, summary and feedback (offline engine unless configured)."""
    from hireflow.ai.review import review_resume  # model SDKs: only when reviewing
    from hireflow.config import Settings
    from hireflow.resumes.parsing import parse_file

    if not file.is_file():
        _err.print(f"[red]No such file:[/red] {file}")
        raise typer.Exit(2)
    from hireflow.ai.schemas import ReviewSpec

    spec = ReviewSpec(
        review_type=review_type,
        target_role=role,
        target_industry=industry,
        experience_level=level,
    )
    try:
        parsed = parse_file(file)
        if not parsed.document.text.strip():
            _err.print(f"[red]{file.name} has no text to review[/red] (scanned or empty).")
            raise typer.Exit(1)
        import asyncio

        outcome = asyncio.run(review_resume(parsed, spec, Settings()))
    except HireflowError as exc:
        _err.print(f"[red]Cannot review {file.name}[/red] ({exc.code}): {exc.message}")
        raise typer.Exit(1) from None
    if as_json:
        _out.print_json(json.dumps(outcome.model_dump(mode="json"), ensure_ascii=False))
    else:
        print_outcome(outcome)


def print_outcome(outcome: ReviewOutcome) -> None:
    from rich.table import Table

    scores = Table("score", "value", title=f"{outcome.review_type.replace('_', ' ')} review")
    for name in ("overall_score", "content_score", "formatting_score", "ats_score"):
        value = getattr(outcome, name)
        scores.add_row(name.removesuffix("_score"), "—" if value is None else str(value))
    _out.print(scores)
    _out.rule("Summary")
    _out.print(outcome.executive_summary, markup=False)
    table = Table(
        "type",
        "category",
        "sev",
        "section",
        "feedback",
        "quote",
        "suggestion",
        title=f"{len(outcome.feedback)} feedback items",
    )
    for item in outcome.feedback:
        table.add_row(
            item.feedback_type,
            item.category,
            str(item.severity_level),
            item.section.section_type if item.section else "",
            item.feedback_text,
            item.original_text or "",
            item.suggested_text or "",
        )
    _out.print(table)
    if outcome.processing_notes():
        _out.rule("Notes")
        _out.print(outcome.processing_notes(), markup=False)
    _out.print(f"model: {outcome.ai_model_used}, {outcome.processing_time_ms} ms", markup=False)
