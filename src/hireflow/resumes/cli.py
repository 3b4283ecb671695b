"""``hireflow resumes``: parse resume files from the command line."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from hireflow.cli_common import lazy_console

if TYPE_CHECKING:
    from hireflow.resumes.document import ParsedResume

from hireflow.kit.errors import HireflowError

app = typer.Typer(
    rich_markup_mode=None,  # plain help: rich would add ~0.5 s to every start
    help="Extract and parse resume files (PDF, DOCX, plain text).",
    no_args_is_help=True,
)
_out = lazy_console(highlight=False, soft_wrap=True)
_err = lazy_console(stderr=True, highlight=False, soft_wrap=True)


@app.command()
def parse(
    file: Annotated[Path, typer.Argument(help="Resume file to parse.", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
    today: Annotated[
        str | None,
        typer.Option(help="Date that ends current jobs (YYYY-MM-DD); default: today."),
    ] = None,
) -> None:
    """Print a resume's text, its sections (type, title, position, confidence) and fields."""

    try:
        reference = date.fromisoformat(today) if today else None
    except ValueError:
        _err.print(f"[red]Invalid --today {today!r}[/red]: use YYYY-MM-DD.")
        raise typer.Exit(2) from None
    if not file.is_file():
        _err.print(f"[red]No such file:[/red] {file}")
        raise typer.Exit(2)
    try:
        parsed = _parse(file, reference)
    except HireflowError as exc:
        _err.print(f"[red]Cannot read {file.name}[/red] ({exc.code}): {exc.message}")
        raise typer.Exit(1) from None
    if as_json:
        _out.print_json(json.dumps(resume_as_dict(parsed), ensure_ascii=False))
    else:
        _print_resume(parsed)


def _parse(file: Path, today: date | None) -> ParsedResume:
    """Parse the file; a scanned PDF is read by OCR here, as the background job would."""
    from hireflow.resumes.extraction import ScannedResume, ocr
    from hireflow.resumes.parsing import parse_file, parse_resume

    try:
        return parse_file(file, today=today)
    except ScannedResume:
        if not ocr.ocr_available():
            raise
        _err.print("Scanned PDF: reading its pages by OCR (a few seconds a page)…")
        document = ocr.read_scanned_pdf(file.read_bytes(), file.name)
        return parse_resume(document, today=today)


def resume_as_dict(parsed: ParsedResume) -> dict[str, Any]:
    document = dataclasses.asdict(parsed.document)
    return {
        "document": document,
        "sections": [dataclasses.asdict(s) for s in parsed.sections],
        "fields": dataclasses.asdict(parsed.fields),
    }


def _print_resume(parsed: ParsedResume) -> None:
    from rich.table import Table

    document = parsed.document
    _out.print(
        f"[bold]{document.kind.upper()}[/bold] {document.page_count} page(s), "
        f"{document.word_count} words, language {document.language}"
    )
    _out.rule("Text")
    _out.print(document.text, markup=False)
    _out.rule("Sections")
    table = Table("#", "type", "title", "chars", "pages", "confidence")
    for section in parsed.sections:
        pages = (
            str(section.start_page)
            if section.start_page == section.end_page
            else f"{section.start_page}-{section.end_page}"
        )
        table.add_row(
            str(section.order),
            section.section_type,
            section.title or "(inferred)",
            f"{section.start}-{section.end}",
            pages,
            str(section.confidence),
        )
    _out.print(table)
    _out.rule("Fields")
    fields = parsed.fields
    contact = fields.contact
    _out.print(
        f"name: {contact.name}\nemail: {contact.email}\nphone: {contact.phone}\n"
        f"links: {', '.join(contact.links) or '-'}\nlocation: {contact.location}",
        markup=False,
    )
    for entry in fields.experience:
        end = "present" if entry.is_current else entry.end
        _out.print(
            f"experience: {entry.title} | {entry.employer} | {entry.start} – {end}", markup=False
        )
    for school in fields.education:
        _out.print(
            f"education: {school.institution} | {school.degree} | "
            f"{school.field_of_study} | {school.start} – {school.end}",
            markup=False,
        )
    _out.print(f"skills: {', '.join(fields.skills) or '-'}", markup=False)
    _out.print(
        f"years of experience: {fields.years_experience}\n"
        f"current: {fields.current_position} at {fields.current_company}",
        markup=False,
    )
    if document.hazards:
        _out.rule("Layout hazards")
        for hazard in document.hazards:
            where = f" (page {hazard.page})" if hazard.page else ""
            _out.print(f"{hazard.kind}{where}: {hazard.detail}", markup=False)
    if document.ocr_confidence is not None:
        _out.print(f"read by OCR, confidence {document.ocr_confidence:.0%}", markup=False)
    if document.corrections:
        _out.rule("Corrections applied while reading")
        for note in document.corrections:
            _out.print(note, markup=False)
    if document.metadata:
        _out.rule("File metadata (not in the text; checked for instructions)")
        for item in document.metadata:
            _out.print(item[:200], markup=False)
    if document.hidden_text:
        _out.rule("[red]Hidden text (not in the text above)[/red]")
        for hidden in document.hidden_text:
            where = f" (page {hidden.page})" if hidden.page else ""
            _out.print(f"{hidden.kind}{where}: {hidden.text}", markup=False)
