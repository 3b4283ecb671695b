"""Section headings as resumes write them, in English, Japanese, Spanish, French, German,
Portuguese, Italian, Polish and Dutch."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hireflow.resumes.document import SectionType
from hireflow.resumes.parsing.heading_names import HEADINGS

# Labels that also appear inside an experience or project entry ("Technologies: ..."); they
# open a section only when no experience/project section is open (see ``sections``).
ENTRY_LABELS = frozenset(
    {
        "technologies",
        "tech stack",
        "tools",
        "tools and technologies",
        "開発環境",
        "使用技術",
        "技術",
        "環境",
        "担当業務",
        "業務内容",
        "実績",
        "成果",
        "achievements",
        "accomplishments",
        "key achievements",
        "主な実績",
    }
)
# Single words too common in ordinary lines to extend into a heading.
_NOT_FUZZY = frozenset(
    {
        "career",
        "about",
        "tools",
        "technologies",
        "expertise",
        "school",  # alone a heading; "School Counseling" is a section of roles
        "degree",
        "tech",
        "employment",
        "profile",
        "overview",
        "highlights",
        "portfolio",
        "recognition",
        "activities",
        "languages",
        "references",
        "volunteer",
        "open source",
        "技術",
        "実績",
        "成果",
        "経歴",
        "概要",
        "要約",
        "免許",
        "表彰",
        "その他",
        "備考",
        "特技",
        "趣味",
        "語学",
    }
)
# Titles of the whole document, never a section heading.
DOCUMENT_TITLES = frozenset(
    {
        "resume",
        "résumé",
        "curriculum vitae",
        "cv",
        "職務経歴書",
        "履歴書",
        "履歴書・職務経歴書",
    }
)
_LOOKUP: dict[str, SectionType] = {
    name: section for section, names in HEADINGS.items() for name in names
}
_MARKERS = "■□◆◇●○▼▽▶►▸・*#=•◎★☆|"
_LEADING_RE = re.compile(rf"^[\s{re.escape(_MARKERS)}\-–—]+")
_NUMBERING_RE = re.compile(r"^(?:\d{1,2}|[ivx]{1,4})[.)]\s+|^[(（]\d{1,2}[)）]\s*", re.IGNORECASE)
_BRACKETS_RE = re.compile(r"^[【\[〔《<［〈]\s*(.+?)\s*[】\]〕》>］〉]$")
_TRAILING_RE = re.compile(rf"[\s:：{re.escape(_MARKERS)}\-–—]+$")
_INLINE_RE = re.compile(r"^(?P<head>[^:：|｜]{2,40}?)\s*[:：|｜]\s*(?P<rest>\S.*)$")
# Small caps drawn as a large capital then smaller ones, read with a space between them:
# "R ESEARCH E XPERIENCE", "W ORK  E XPERIENCE".
_SMALL_CAPS_RE = re.compile(r"(?<![^\W\d_])([^\W\d_a-z])\s(?=[^\W\d_a-z]{2,})")
_MAX_HEADING_CHARS = 48
# A certificate or exam line, never a heading: "基本情報技術者試験 合格" starts like 基本情報.
_JAPANESE_ENTRY_RE = re.compile(r"(?:試験|合格|取得|検定|級|者)$")
_JOINED_RE = re.compile(r"\s*(?:&|\band\b|/|・|、|＆)\s*")
_PARENTHESES_RE = re.compile(r"\s*[(（][^)）]*[)）]\s*")
_LINK_RE = re.compile(r"^(?:https?://|www\.)|^\S+@\S+$|^\S+\.(?:com|dev|io|net|org|design)\b")


@dataclass(frozen=True, slots=True)
class HeadingMatch:
    section_type: SectionType
    title: str  # the heading as written, markers kept
    confidence: int
    rest_offset: int | None = None  # where content on the heading's own line starts
    key: str = ""  # the normalised heading


def _normalise(label: str) -> tuple[str, bool]:
    """The heading key of ``label``, and whether it carried a formatting cue."""
    text = label.strip()
    if text.isupper() and _SMALL_CAPS_RE.search(text):
        text = _SMALL_CAPS_RE.sub(r"\1", text)
    cue = bool(_LEADING_RE.match(text)) or text.endswith((":", "："))
    text = _LEADING_RE.sub("", text)
    text = _NUMBERING_RE.sub("", text)
    bracketed = _BRACKETS_RE.match(text)
    if bracketed:
        text, cue = bracketed.group(1), True
    text = _TRAILING_RE.sub("", _PARENTHESES_RE.sub(" ", text).strip())
    letters = [ch for ch in text if ch.isalpha() and ch.isascii()]
    if len(letters) >= 3 and all(ch.isupper() for ch in letters):
        cue = True
    return re.sub(r"\s+", " ", text).lower().replace("ｐｒ", "pr").replace(
        "i\u0307", "i"
    ), cue  # "İŞ" → "iş"


def heading_key(label: str) -> str:
    """``label`` as the vocabulary spells headings: no markers, numbering, colon or case."""
    return _normalise(label)[0]


def match_heading(line: str) -> HeadingMatch | None:
    """The section a line heads, if it is a heading (alone, or followed by ``:`` and content)."""
    stripped = line.strip()
    if not stripped or len(stripped) > 120:
        return None
    if len(stripped) <= _MAX_HEADING_CHARS:
        key, cue = _normalise(stripped)
        if key in DOCUMENT_TITLES:
            return None
        section = _LOOKUP.get(key)
        if section is not None:
            return HeadingMatch(section, stripped, 95 if cue else 90, key=key)
        fuzzy = _fuzzy(key, cue)
        if fuzzy is not None:
            return HeadingMatch(fuzzy, stripped, 75 if cue else 65, key=key)
    inline = _INLINE_RE.match(stripped)
    if inline:
        key, _ = _normalise(inline.group("head"))
        section = _LOOKUP.get(key)
        rest = inline.group("rest")
        if section is not None and section != "contact" and not _LINK_RE.match(rest):
            offset = line.index(inline.group("rest"), len(line) - len(line.lstrip()))
            return HeadingMatch(
                section, inline.group("head").strip(), 85, rest_offset=offset, key=key
            )
    return None


def _fuzzy(key: str, cue: bool) -> SectionType | None:
    """Headings that extend a known one: "Technical Skills & Tools", "Relevant Work History".

    The known part must be at the start or end of the line and cover at least half its words
    (any share when the line is formatted as a heading: caps, marker, colon).
    """
    if len(key) > 40 or any(ch.isdigit() for ch in key) or "@" in key or "," in key:
        return None
    first = _JOINED_RE.split(key, maxsplit=1)[0]
    if first != key and _LOOKUP.get(first) not in (None, "contact") and first not in _NOT_FUZZY:
        return _LOOKUP[first]  # "Education & Certifications", "スキル・資格": the first one leads
    words = key.split()
    for size in range(min(len(words), 4), 0, -1):
        if not cue and size * 2 < len(words):
            break
        for start in (0, len(words) - size):
            name = " ".join(words[start : start + size])
            section = _LOOKUP.get(name)
            if section is not None and section != "contact" and name not in _NOT_FUZZY:
                return section
    if key.isascii():
        return None
    for name, section in _LOOKUP.items():  # Japanese: no spaces, match by prefix/suffix
        if (
            not name.isascii()
            and len(name) >= 2
            and name not in _NOT_FUZZY
            and (key.startswith(name) or key.endswith(name))
            and len(key) <= len(name) + 6
            and " " not in key
            and not _JAPANESE_ENTRY_RE.search(key)
        ):
            return section
    return None
