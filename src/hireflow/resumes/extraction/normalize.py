"""Whitespace normalisation, word counts and language detection shared by every file kind."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from hireflow.resumes.document import Language

PAGE_SEPARATOR = "\n\n"

_SPACES_RE = re.compile(r"[^\S\n]+")
_BLANK_LINES_RE = re.compile(r"\n{3,}")
_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f々〆ヵヶ"
_CJK_RUN_RE = re.compile(f"[{_CJK}]+")
_KANA_RE = re.compile(r"[\u3040-\u30ff\uff66-\uff9f]")
_LATIN_WORD_RE = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+(?:['’.\-][A-Za-z0-9\u00c0-\u024f]+)*")


def normalise_text(text: str) -> str:
    """NFKC, one newline style, single spaces, no trailing spaces, at most one blank line.

    NFKC turns full-width ASCII (``ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ``, ``０９０``) and the
    ideographic space into their plain forms and half-width katakana into full-width, so the
    parser sees one spelling of each character. The wave dash ``〜`` (what Shift_JIS decodes to
    where CP932 gives ``～``) becomes ``~`` too.
    """
    text = unicodedata.normalize("NFKC", text).replace("\u301c", "~")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\x85", "\n")
    text = _SPACES_RE.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES_RE.sub("\n\n", text).strip()


def join_pages(pages: Sequence[str]) -> tuple[str, tuple[int, ...]]:
    """The document text (pages separated by a blank line) and where each page starts.

    An empty page adds no separator; it starts where the next text would.
    """
    parts: list[str] = []
    offsets: list[int] = []
    position = 0
    for page in pages:
        if parts and page:
            parts.append(PAGE_SEPARATOR)
            position += len(PAGE_SEPARATOR)
        offsets.append(position)
        parts.append(page)
        position += len(page)
    return "".join(parts), tuple(offsets) or (0,)


def count_words(text: str) -> int:
    """Words in Latin script plus one word per two CJK characters (rounded up per run).

    Japanese has no spaces and its words average about two characters, so a run of CJK
    characters of length n counts as ceil(n / 2) words: ``職務経歴書`` counts 3.
    """
    cjk = sum((len(run) + 1) // 2 for run in _CJK_RUN_RE.findall(text))
    latin = len(_LATIN_WORD_RE.findall(_CJK_RUN_RE.sub(" ", text)))
    return cjk + latin


def detect_language(text: str) -> Language:
    """en / ja / mixed / unknown from the share of Japanese script among the words.

    Japanese needs kana (Han characters alone could be Chinese). The share compares CJK words
    (counted as in :func:`count_words`) with Latin-script words: at least 60% is ``ja``, at
    most 15% is ``en``, in between ``mixed``; fewer than 5 words is ``unknown``.
    """
    cjk_chars = sum(len(run) for run in _CJK_RUN_RE.findall(text))
    latin_words = len(_LATIN_WORD_RE.findall(_CJK_RUN_RE.sub(" ", text)))
    cjk_words = (cjk_chars + 1) // 2
    total = cjk_words + latin_words
    if total < 5:
        return "unknown"
    share = cjk_words / total
    if share >= 0.6:
        return "ja" if _KANA_RE.search(text) else "unknown"
    if share <= 0.15:
        return "en"
    return "mixed" if _KANA_RE.search(text) else "unknown"
