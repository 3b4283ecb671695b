"""Parsing accuracy on the real-world-shaped fixtures of ``tests/resumes/fixtures/realworld``.

Each file was built the way one kind of tool writes resumes (Word for Mac, LaTeX/moderncv,
Chromium, job-board exports, Word tables, 職務経歴書 tables, scans) and labelled by hand in
``labels.json``. Prints, over all files: section F1 (section types found vs labelled, micro
averaged), names right, job-entry counts right, first employer right, and hidden-text alarms
(every fixture is clean, so each alarm is false). Scanned files go through OCR the way the
background job runs it.

    .venv/bin/python bench/parsing.py [--verbose]

To measure another checkout's parser on the same files, put its ``src`` first on the path:
``PYTHONPATH=/path/to/checkout/src .venv/bin/python bench/parsing.py``.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from hireflow.kit.errors import HireflowError
from hireflow.resumes.document import ParsedResume
from hireflow.resumes.parsing import parse_file, parse_resume

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "resumes" / "fixtures" / "realworld"
TODAY = date(2026, 12, 1)


def _parse(path: Path) -> ParsedResume:
    try:
        return parse_file(path, today=TODAY)
    except HireflowError as exc:
        try:  # a checkout with OCR reads scans as its background job does
            from hireflow.resumes.extraction import ocr
        except ImportError:
            raise exc from None
        if exc.code != "scanned_resume" or not ocr.ocr_available():
            raise
        return parse_resume(ocr.read_scanned_pdf(path.read_bytes(), path.name), today=TODAY)


def _same_name(found: str | None, labelled: str) -> bool:
    """Names compare as written; Japanese ones without the space OCR often loses."""
    if found is None:
        return False
    if any("\u3040" <= ch <= "\u9fff" for ch in labelled):
        return found.replace(" ", "") == labelled.replace(" ", "")
    return found == labelled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true", help="print every miss")
    args = parser.parse_args()
    labels: dict[str, dict[str, object]] = json.loads((FIXTURES / "labels.json").read_text())
    hits = found_total = labelled_total = 0
    names = jobs = employers = alarms = failed = 0
    for name, label in sorted(labels.items()):
        expected = set(label["sections"])  # type: ignore[arg-type]
        try:
            parsed = _parse(FIXTURES / name)
        except HireflowError as exc:
            failed += 1
            labelled_total += len(expected)
            if args.verbose:
                print(f"{name}: not read ({exc.code})")
            continue
        found = {s.section_type for s in parsed.sections}
        hits += len(found & expected)
        found_total += len(found)
        labelled_total += len(expected)
        fields = parsed.fields
        first = fields.experience[0].employer if fields.experience else None
        checks = {
            "name": _same_name(fields.contact.name, str(label["name"])),
            "jobs": len(fields.experience) == label["jobs"],
            "first employer": first == label["first_employer"],
        }
        names += checks["name"]
        jobs += checks["jobs"]
        employers += checks["first employer"]
        alarms += len(parsed.document.hidden_text)
        if args.verbose:
            misses = [key for key, ok in checks.items() if not ok]
            if found != expected:
                misses.append(f"sections {sorted(found)} (want {sorted(expected)})")
            if misses or parsed.document.hidden_text:
                print(
                    f"{name}: {', '.join(misses)} | name={fields.contact.name!r} "
                    f"jobs={len(fields.experience)} first={first!r} "
                    f"hidden={len(parsed.document.hidden_text)}"
                )
    count = len(labels)
    precision = hits / found_total if found_total else 0.0
    recall = hits / labelled_total if labelled_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"files: {count} ({failed} not read)")
    print(f"section F1: {f1:.3f} (precision {precision:.3f}, recall {recall:.3f})")
    print(f"names: {names}/{count}")
    print(f"job-entry counts: {jobs}/{count}")
    print(f"first employer: {employers}/{count}")
    print(f"hidden-text alarms on clean files: {alarms}")


if __name__ == "__main__":
    main()
