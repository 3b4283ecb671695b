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
_TOKEN_RE = re.compile(r"[A-Za-z0-9.+#][A-Za-z0-9.+#/\-]*")
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
        resources.files("hireflow.resumes.parsing")
        .joinpath("skills_vocabulary.json")
        .read_text(encoding="utf-8")
    )
    return tuple(
        SkillEntry(
            name=item["name"],
            category=item.get("category", "other"),
            aliases=tuple(item.get("aliases", ())),
            match_case=bool(item.get("match_case")),
        )
        for item in raw["skills"]
    )


def load_skills_vocabulary() -> dict[str, tuple[str, ...]]:
    """Canonical skill name → its aliases."""
    return {entry.name: entry.aliases for entry in load_skill_entries()}


class _Matcher:
    """Vocabulary lookup over the words of a text (up to four words per skill name).

    Tokenising once and looking phrases up in dictionaries is an order of magnitude faster
    than one large regular-expression alternation. Non-ASCII aliases (Japanese) have no word
    boundaries and go through a small alternation instead.
    """

    def __init__(self, entries: tuple[SkillEntry, ...], *, short_names: bool) -> None:
        self.exact: dict[str, str] = {}
        self.folded: dict[str, str] = {}
        cjk: dict[str, str] = {}
        for entry in entries:
            for form, sensitive in _forms(entry):
                if not short_names and form == entry.name and _is_short(entry):
                    continue
                if not form.isascii():
                    cjk.setdefault(form, entry.name)
                elif sensitive:
                    self.exact.setdefault(form, entry.name)
                else:
                    self.folded.setdefault(form.lower(), entry.name)
        self.cjk = cjk
        self.cjk_re = re.compile(
            "|".join(re.escape(f) for f in sorted(cjk, key=len, reverse=True)) or r"(?!)"
        )
        forms = [*self.exact, *self.folded]
        self.max_words = max(len(form.split()) for form in [*forms, "x"])
        # Lower-cased first words of multi-word names: only these start a longer lookup.
        self.first_words = {form.split()[0].lower() for form in forms if " " in form}

    def _lookup(self, phrase: str) -> str | None:
        if not phrase:
            return None
        name = self.exact.get(phrase) or self.folded.get(phrase.lower())
        if name is None and phrase[-1] in ".,:;":
            trimmed = phrase.rstrip(".,:;")
            name = self.exact.get(trimmed) or self.folded.get(trimmed.lower())
        return name

    def find(self, text: str) -> list[tuple[int, str]]:
        found: list[tuple[int, str]] = []
        tokens = [(m.start(), m.group()) for m in _TOKEN_RE.finditer(text)]
        index = 0
        while index < len(tokens):
            matched = 0
            longest = 1
            if tokens[index][1].lower() in self.first_words:
                longest = min(self.max_words, len(tokens) - index)
            for size in range(longest, 0, -1):
                phrase = " ".join(token for _, token in tokens[index : index + size])
                name = self._lookup(phrase)
                if name is not None:
                    found.append((tokens[index][0], name))
                    matched = size
                    break
            if not matched and "/" in tokens[index][1]:
                for part in tokens[index][1].split("/"):
                    name = self._lookup(part)
                    if name is not None:
                        found.append((tokens[index][0], name))
            index += matched or 1
        if self.cjk and not text.isascii():
            found.extend((m.start(), self.cjk[m.group()]) for m in self.cjk_re.finditer(text))
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
            forms.extend(
                (form, True)
                for form in {alias, alias.upper(), alias.capitalize()}
                if form != alias or any(ch.isdigit() or ch.isupper() for ch in alias)
            )
        else:
            forms.append((alias, False))
    return forms


@cache
def _matcher() -> _Matcher:
    return _Matcher(load_skill_entries(), short_names=False)


@cache
def _section_matcher() -> _Matcher:
    return _Matcher(load_skill_entries(), short_names=True)


def _is_short(entry: SkillEntry) -> bool:
    """One- and two-letter names that read as ordinary words or letters ("Go", "C", "R")."""
    return entry.match_case and len(entry.name) <= 2


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
                len(item) <= _MAX_ITEM_CHARS
                and len(item.split()) <= 4
                and any(ch.isalpha() for ch in item)
                and not re.search(r"\d{4}", item)
                and not item.endswith(("です", "ます", "した"))
            ):
                result.setdefault(item, None)
    return list(result)
