"""The fit-scoring vocabulary: job families and concepts (skills, licences, certifications,
care settings, degrees) with their synonyms and abbreviations, across industries.

Loaded from ``vocabulary.txt`` (format and sources in its header). ``find_concepts`` tags a
text with the concepts it mentions, as whole-word phrases after one shared tokenising, so a
requirement line and a resume are read the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

# A free-standing "&" is the word "and" ("Food & Beverage Manager" = "food and beverage").
_TOKEN_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9+#&]*(?:'[A-Za-z]+)?|(?<!\S)&(?!\S)")
_MAX_PHRASE = 6
_LINK_WORDS = "via for with from in on by to into as within"
_LINKS = frozenset(_LINK_WORDS.split())
_TITLE_PART_RE = re.compile(r"\s*(?:[,(|/–—:]|\s-\s|\bat\b|@)\s*")
# Words in front of a title that set its level or terms, not what the work is.
_LEVEL_WORDS = """
    a an the of and senior sr junior jr lead head chief principal staff deputy acting interim
    assistant asst associate assoc general co vice executive regional area district division
    national global multi site night day shift relief float floating travel traveling per diem
    contract temporary temp part full time first second third 1st 2nd 3rd tier level i ii iii
    iv certified licensed registered apprentice journeyman trainee junior entry new
"""
LEVEL_WORDS = frozenset(_LEVEL_WORDS.split())


@dataclass(frozen=True, slots=True)
class Concept:
    id: str
    kind: str  # skill, licence, certification, setting, degree
    label: str
    voids: tuple[tuple[str, ...], ...] = ()  # phrases that cancel a match in the same sentence


@dataclass(frozen=True, slots=True)
class Family:
    id: str
    label: str
    related: dict[str, float]


@dataclass(frozen=True, slots=True)
class Mention:
    """One concept found in a text: token span and character span."""

    concept: str
    start: int  # character offset
    end: int


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # lower-cased
    raw: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    out: list[Token] = []
    for m in _TOKEN_RE.finditer(text):
        raw = m.group()
        if raw.endswith("'s"):
            raw = raw[:-2]
        text = "and" if raw == "&" else raw.lower()
        out.append(Token(text, raw, m.start(), m.start() + len(raw)))
    return out


def phrase_key(text: str) -> tuple[str, ...]:
    return tuple(t.text for t in tokens(text))


class _PhraseIndex:
    """Phrases (token tuples) → ids; case-sensitive phrases kept apart."""

    def __init__(self) -> None:
        self.folded: dict[tuple[str, ...], set[str]] = {}
        self.exact: dict[tuple[str, ...], set[str]] = {}
        self.first: set[str] = set()
        self.longest = 1

    def add(self, alias: str, target: str) -> None:
        sensitive = alias.startswith("=")
        alias = alias.lstrip("=").strip()
        if not alias:
            return
        toks = tokens(alias)
        if not toks:
            return
        if sensitive:
            key = tuple(t.raw for t in toks)
            self.exact.setdefault(key, set()).add(target)
        else:
            key = tuple(t.text for t in toks)
            self.folded.setdefault(key, set()).add(target)
        self.first.add(toks[0].text)
        self.longest = max(self.longest, len(toks))

    def find(self, toks: list[Token]) -> Iterator[tuple[int, int, frozenset[str]]]:
        """(first token, end token, ids) of the longest phrase at each position."""
        index = 0
        count = len(toks)
        while index < count:
            if toks[index].text not in self.first:
                index += 1
                continue
            hit: tuple[int, frozenset[str]] | None = None
            for size in range(min(self.longest, count - index), 0, -1):
                window = toks[index : index + size]
                ids = self.folded.get(tuple(t.text for t in window), set()) | self.exact.get(
                    tuple(t.raw for t in window), set()
                )
                if ids:
                    hit = (size, frozenset(ids))
                    break
            if hit is None:
                index += 1
                continue
            yield index, index + hit[0], hit[1]
            index += hit[0]


@dataclass(frozen=True)
class Vocabulary:
    concepts: dict[str, Concept]
    families: dict[str, Family]
    concept_index: _PhraseIndex
    family_index: _PhraseIndex
    labels: dict[str, str]  # folded label → concept id

    def find_concepts(self, text: str, toks: list[Token] | None = None) -> list[Mention]:
        toks = tokens(text) if toks is None else toks
        found: list[Mention] = []
        for first, end, ids in self.concept_index.find(toks):
            if end == first + 1 and _homonym_use(text, toks, first):
                continue
            for concept in sorted(ids):
                found.append(Mention(concept, toks[first].start, toks[end - 1].end))
        return found

    def families_of_title(self, title: str) -> frozenset[str]:
        toks = tokens(title)
        return frozenset(f for _, _, ids in self.family_index.find(toks) for f in ids)

    def head_families(self, title: str) -> frozenset[str]:
        """The families of a title's head phrase: the last one named ("Nurse Recruiter" is
        a recruiter, "Registered Nurse, Medical ICU" a nurse)."""
        last: frozenset[str] = frozenset()
        for _, _, ids in self.family_index.find(tokens(title)):
            last = ids
        return last

    def head_qualifiers(self, title: str) -> frozenset[str]:
        """The words written just in front of the title's head family phrase, up to a level
        word ("Data Store Manager" → {"data"}; "Assistant Store Manager", "ICU Staff Nurse"
        → none): a word the family phrase does not include can change what the title is."""
        head = _TITLE_PART_RE.split(title, maxsplit=1)[0]
        toks = tokens(head)
        last_start: int | None = None
        for first, _, _ in self.family_index.find(toks):
            last_start = first
        if last_start is None:
            return frozenset()
        found: list[str] = []
        for tok in reversed(toks[:last_start]):  # the run of words just in front of it
            if tok.text in LEVEL_WORDS or not tok.text.isalpha():
                break
            if tok.text in _LINKS:  # "assignments via … Nursing": a phrase, not a title
                return frozenset()
            found.append(tok.text)
        return frozenset(found) if len(found) <= 2 else frozenset()

    def relatedness(self, family: str, other: str) -> float:
        if family == other:
            return 1.0
        return self.families[family].related.get(other, 0.0) if family in self.families else 0.0


# A short skill name that is also an English word ("Go") is that word, not the skill, when
# a particle of an English verb phrase follows it ("go live", "Go-live", "go online"), or,
# at the start of a sentence, a preposition ("Go to the site").
_PARTICLES = frozenset(
    [
        "live",
        "online",
        "ahead",
        "back",
        "out",
        "over",
        "through",
        "up",
        "down",
        "off",
        "beyond",
        "green",
        "forward",
        "away",
    ]
)
_LEADING_PARTICLES = frozenset(["to", "on", "with", "from", "for", "into"])
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?;:•·\n]\s*|\s-\s)$")


# "… card (state or union) OR 4+ years …": a capitalised "OR" that joins two clauses is the
# word, not the operating room; so after a closing bracket or a semicolon, or in front of a
# number or a determiner.
_CLAUSE_OR_NEXT = frozenset(["a", "an", "the", "any", "ability", "equivalent", "at", "one"])


def _clause_or(text: str, toks: list[Token], index: int) -> bool:
    word = toks[index]
    if word.raw != "OR":
        return False
    before = text[: word.start].rstrip()
    if before.endswith((")", ";")):
        return True
    following = toks[index + 1] if index + 1 < len(toks) else None
    return following is not None and (
        following.text[:1].isdigit() or following.text in _CLAUSE_OR_NEXT
    )


def _homonym_use(text: str, toks: list[Token], index: int) -> bool:
    word = toks[index]
    if _clause_or(text, toks, index):
        return True
    if len(word.raw) > 3 or not word.raw[1:].islower():  # "QA", "ICU": initialisms
        return False
    if index + 1 >= len(toks):
        return False
    following = toks[index + 1]
    if text[word.end : following.start].strip() not in ("", "-"):
        return False  # "Go, Python": a list
    if following.text in _PARTICLES:
        return True
    at_start = bool(_SENTENCE_START_RE.search(text[max(0, word.start - 3) : word.start]))
    return following.text in _LEADING_PARTICLES and at_start


def _parse(text: str) -> Vocabulary:
    concepts: dict[str, Concept] = {}
    families: dict[str, Family] = {}
    concept_index = _PhraseIndex()
    family_index = _PhraseIndex()
    labels: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("|")]
        if line.startswith("@family"):
            family_id = cells[0].split()[1]
            related: dict[str, float] = {}
            for item in (cells[3] if len(cells) > 3 else "").split(","):
                if ":" in item:
                    name, weight = item.split(":")
                    related[name.strip()] = float(weight)
            families[family_id] = Family(family_id, cells[1], related)
            for alias in cells[2].split(";"):
                family_index.add(alias.strip(), family_id)
            continue
        if len(cells) < 4:
            raise ValueError(f"vocabulary.txt line {number}: expected id | kind | label | aliases")
        concept_id, kind, label, aliases = cells[:4]
        voids: tuple[tuple[str, ...], ...] = ()
        if len(cells) > 4 and cells[4].startswith("!"):
            voids = tuple(phrase_key(v) for v in cells[4][1:].split(";") if v.strip())
        concepts[concept_id] = Concept(concept_id, kind, label, voids)
        labels.setdefault(" ".join(phrase_key(label)), concept_id)
        alias_list = [a.strip() for a in aliases.split(";")]
        if "=" + label not in alias_list:  # "Go" matches only as written ("=Go"), never "go"
            concept_index.add(label, concept_id)
        for alias in alias_list:
            concept_index.add(alias, concept_id)
    return Vocabulary(concepts, families, concept_index, family_index, labels)


@cache
def vocabulary() -> Vocabulary:
    return _parse(
        resources.files("hireflow.jobs.scoring")
        .joinpath("vocabulary.txt")
        .read_text(encoding="utf-8")
    )
