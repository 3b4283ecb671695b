"""Skills: a small vocabulary (canonical names and aliases) and matching against resume text.

The vocabulary lives in ``skills_vocabulary.json`` so that job fit scoring can share it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

_SEPARATORS_RE = re.compile(r"[,、，;；|/・•●■◆\n\t]|\s+-\s+|\band\b|\bおよび\b")
_LABEL_RE = re.compile(r"^[^:：]{1,30}[:：]\s*")
_ASCII_BOUNDARY_BEFORE = r"(?<![A-Za-z0-9+#\-])"
_ASCII_BOUNDARY_AFTER = r"(?![A-Za-z0-9+#])"
_MAX_ITEM_CHARS = 40


@dataclass(frozen=True, slots=True)
class SkillEntry:
    name: str
    category: str
    aliases: tuple[str, ...]
    match_case: bool = False


@cache
def load_skill_entries() -> tuple[SkillEntry, ...]:
    raw = json.loads(
        resources.files("hireflow.resumes.parsing").joinpath("skills_vocabulary.json")
        .read_text(encoding="utf-8")
    )
    return tuple(
        SkillEntry(
            name=item["name"], category=item.get("category", "other"),
            aliases=tuple(item.get("aliases", ())), match_case=bool(item.get("match_case")),
        )
        for item in raw["skills"]
    )


def load_skills_vocabulary() -> dict[str, tuple[str, ...]]:
    """Canonical skill name → its aliases."""
    return {entry.name: entry.aliases for entry in load_skill_entries()}


class _Matcher:
    """Two compiled alternations (case-insensitive and exact) mapping matches to names."""

    def __init__(self, entries: tuple[SkillEntry, ...]) -> None:
        self.canonical: dict[str, str] = {}
        insensitive: list[str] = []
        exact: list[str] = []
        for entry in entries:
            for form, sensitive in _forms(entry):
                key = form if sensitive else form.lower()
                self.canonical.setdefault(key, entry.name)
                (exact if sensitive else insensitive).append(form)
        self.insensitive = _alternation(insensitive, re.IGNORECASE)
        self.exact = _alternation(exact, 0)

    def find(self, text: str) -> list[tuple[int, str]]:
        found: list[tuple[int, str]] = []
        for match in self.insensitive.finditer(text):
            found.append((match.start(), self.canonical[match.group().lower()]))
        for match in self.exact.finditer(text):
            found.append((match.start(), self.canonical[match.group()]))
        found.sort()
        return found


def _forms(entry: SkillEntry) -> list[tuple[str, bool]]:
    """(spelling, case-sensitive) pairs. Short ASCII aliases ("ml", "rest") match only in
    upper or title case, so that "5 ml" or "the rest" are not skills."""
    forms: list[tuple[str, bool]] = [(entry.name, entry.match_case)]
    for alias in entry.aliases:
        if not alias.isascii():
            forms.append((alias, False))
        elif entry.match_case or len(alias) <= 4:
            forms.extend((form, True) for form in {alias, alias.upper(), alias.capitalize()}
                         if form != alias or any(ch.isdigit() or ch.isupper() for ch in alias))
        else:
            forms.append((alias, False))
    return forms


def _alternation(forms: list[str], flags: int) -> re.Pattern[str]:
    parts = []
    for form in sorted(set(forms), key=len, reverse=True):
        escaped = re.escape(form)
        if form.isascii():
            escaped = f"{_ASCII_BOUNDARY_BEFORE}{escaped}{_ASCII_BOUNDARY_AFTER}"
        parts.append(escaped)
    return re.compile("|".join(parts) or r"(?!)", flags)


@cache
def _matcher() -> _Matcher:
    return _Matcher(tuple(e for e in load_skill_entries() if len(e.name) > 2 or not e.match_case))


@cache
def _section_matcher() -> _Matcher:
    return _Matcher(load_skill_entries())


def known_skills(text: str, *, in_skills_section: bool = False) -> list[str]:
    """Canonical names of vocabulary skills mentioned in ``text``, first mention first.

    One- and two-letter names ("C", "R", "Go") count only inside a skills section.
    """
    matcher = _section_matcher() if in_skills_section else _matcher()
    seen: dict[str, None] = {}
    for _, name in matcher.find(text):
        seen.setdefault(name, None)
    return list(seen)


def listed_skills(section_text: str) -> list[str]:
    """Items of a skills section: vocabulary names where known, short items as written."""
    result: dict[str, None] = {}
    for line in section_text.split("\n"):
        line = _LABEL_RE.sub("", line.strip())
        cells = line.split(" | ")
        if len(cells) == 2 and "," in cells[1] and "," not in cells[0]:
            line = cells[1]  # a table row: "Languages | Python, Go"
        for item in _SEPARATORS_RE.split(line):
            item = item.strip(" .。()（）[]「」-*")
            if not item:
                continue
            known = known_skills(item, in_skills_section=True)
            if known:
                for name in known:
                    result.setdefault(name, None)
            elif (
                len(item) <= _MAX_ITEM_CHARS and len(item.split()) <= 4
                and any(ch.isalpha() for ch in item) and not re.search(r"\d{4}", item)
                and not item.endswith(("です", "ます", "した"))
            ):
                result.setdefault(item, None)
    return list(result)
