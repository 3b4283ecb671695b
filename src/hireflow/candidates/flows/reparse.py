"""Re-parse migrated v1.0 resumes: sections and fields from their stored text, and real
names for candidates that only had a provisional one taken from a file name."""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace

from hireflow.candidates import blanks
from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, unit_of_work
from hireflow.kit.errors import HireflowError
from hireflow.resumes import service as resumes
from hireflow.resumes.document import ParsedResume
from hireflow.resumes.extraction import extract_document
from hireflow.resumes.parsing import parse_resume

BATCH = 200
_NOT_A_NAME = re.compile(r"[\d@/\\:|]|https?")


def confident_name(parsed: ParsedResume) -> bool:
    """A name we would put on a candidate card: 2-5 words, no digits, mail or links."""
    name = (parsed.fields.contact.name or "").strip()
    words = name.replace("\u3000", " ").split()
    return 2 <= len(words) <= 5 and not _NOT_A_NAME.search(name) and len(name) <= 80


def _parse_text(text: str) -> ParsedResume:
    return parse_resume(extract_document(text.encode("utf-8"), "migrated.txt"))


async def reparse_migrated(
    database: Database, *, on_progress: Callable[[int, int], None] | None = None
) -> Counter[str]:
    counts: Counter[str] = Counter()
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        provisional = await blanks.provisional_candidate_ids(session)
        ids = await resumes.unparsed_text_versions(session, provisional)
    for start in range(0, len(ids), BATCH):
        async with unit_of_work(database.system_sessions, SYSTEM) as session:
            # Two queries per batch: its versions, then their candidates, both locked.
            batch = await resumes.resumes_for_update(session, ids[start : start + BATCH])
            owners = await blanks.candidates_for_update(
                session, sorted({r.candidate_id for r in batch})
            )
            for resume in batch:
                if resume.extracted_text is None:
                    continue
                candidate = owners[resume.candidate_id]
                try:
                    parsed = await asyncio.to_thread(_parse_text, resume.extracted_text)
                except HireflowError:
                    counts["skipped"] += 1
                    continue
                if not confident_name(parsed):
                    parsed = replace(
                        parsed,
                        fields=replace(
                            parsed.fields, contact=replace(parsed.fields.contact, name=None)
                        ),
                    )
                await resumes.apply_parse(session, resume, parsed)
                filled = await blanks.fill_blanks(session, candidate, parsed.fields)
                counts["parsed"] += 1
                counts["renamed" if "first_name" in filled else "skipped"] += 1
        if on_progress:
            on_progress(min(start + BATCH, len(ids)), len(ids))
    return counts
