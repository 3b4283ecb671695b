"""Plain-text resumes: encoding detection, and invisible characters that hide words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hireflow.resumes.document import HiddenText

# Unicode tag characters (U+E0000..U+E007F) spell ASCII invisibly: a whole sentence can be
# smuggled in them, so they are reported as hidden text.
_TAG_RUN_RE = re.compile("[\U000e0000-\U000e007f]+")
# Typographic characters with no glyph of their own: word joiners, direction marks, a byte
# order mark. Fonts and editors put them inside words (a ZWJ in a ligature, a ZWSP as a line
# break opportunity in a URL); a reader sees the word whole, so they are removed silently.
_FORMAT_RE = re.compile("[\u180e\u200b\u200c\u200d\u200e\u200f\u2060-\u2064\ufeff]")
# A soft hyphen between letters is a hyphenation point; anywhere else (LaTeX fonts that map
# their en dash glyph to U+00AD: "Sep. 2023 \u00ad Mar. 2024") it is the dash it draws.
# PDFium marks a hyphen it saw at a line end as U+0002.
_SOFT_HYPHEN_BREAK_RE = re.compile(r"(?<=[^\W\d_])[\u00ad\x02][^\S\n]*\n[^\S\n]*(?=[^\W\d_])")
_SOFT_HYPHEN_IN_WORD_RE = re.compile(r"(?<=[^\W\d_])\u00ad(?=[^\W\d_])")
_SOFT_HYPHEN_DASH_RE = re.compile("[\u00ad\x02]")
# Icon fonts (Font Awesome, marvosym, academicons) draw from the Private Use Area: a phone or
# envelope icon glued to the number or address it labels.
_PRIVATE_USE_RE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd]")
# C0 controls that never occur in text files (tab, newlines and form feed do).
_BINARY_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str


def decode_plain_text(data: bytes) -> DecodedText | None:
    """The text of ``data`` when it is a text file in a supported encoding, else None.

    Supported: UTF-8 (with or without BOM), UTF-16 (with BOM, or without one when every other
    byte of ASCII text is NUL), Shift_JIS / CP932 (CP932 is a superset of Shift_JIS) when the
    result reads as Japanese, else Windows-1252 (Western resumes saved by older editors).
    """
    candidates: list[str]
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8"]
        head = data[:4096]
        if len(head) >= 4 and head.count(0) * 3 >= len(head):
            even_nuls = head[0::2].count(0)
            odd_nuls = head[1::2].count(0)
            candidates = ["utf-16-le" if odd_nuls > even_nuls else "utf-16-be"]
        else:
            candidates += ["cp932", "cp1252"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _BINARY_CONTROL_RE.search(text):
            return None
        if encoding == "cp932":
            if not _reads_as_japanese(text):
                continue
            return DecodedText(text=text, encoding="shift_jis")
        return DecodedText(text=text, encoding="windows-1252" if encoding == "cp1252" else encoding)
    return None


def _reads_as_japanese(text: str) -> bool:
    """Shift_JIS decoding of Western bytes gives stray kanji and half-width katakana but
    hardly ever full-width kana (lead bytes 0x82/0x83 are rare quotes in Windows-1252), which
    Japanese text always has."""
    return any("\u3040" <= ch <= "\u30ff" for ch in text) or text.isascii()


def strip_invisible_characters(text: str, page: int | None = None) -> tuple[str, list[HiddenText]]:
    """``text`` without Unicode tag characters, and what they spelled, as hidden text."""
    if not _TAG_RUN_RE.search(text):
        return text, []
    hidden: list[HiddenText] = []
    for run in _TAG_RUN_RE.findall(text):
        decoded = "".join(chr(ord(ch) - 0xE0000) for ch in run if 0x20 <= ord(ch) - 0xE0000 < 0x7F)
        if decoded.strip():
            hidden.append(HiddenText(kind="zero_width", text=decoded, page=page))
    return _TAG_RUN_RE.sub("", text), hidden


def normalise_typography(text: str) -> tuple[str, list[str]]:
    """``text`` as a reader sees it printed, and a note for each kind of repair made.

    Soft hyphens and PDFium's U+0002 hyphenation marker join a word broken at a line end,
    vanish inside a word and become the en dash they are drawn as elsewhere; zero-width
    joiners, spaces and direction marks are removed; icon-font glyphs become a space. None of
    these hides text from a reader, so none is reported as hidden.
    """
    corrections: list[str] = []
    if "\u00ad" in text or "\x02" in text:
        text = _SOFT_HYPHEN_BREAK_RE.sub("", text)
        text = _SOFT_HYPHEN_IN_WORD_RE.sub("", text)
        dashes = len(_SOFT_HYPHEN_DASH_RE.findall(text))
        text = _SOFT_HYPHEN_DASH_RE.sub("\u2013", text)
        corrections.append(
            "soft hyphens / hyphenation marks: words broken at line ends rejoined"
            + (f", {dashes} drawn as dashes read as \u2013" if dashes else "")
        )
    if _FORMAT_RE.search(text):
        count = len(_FORMAT_RE.findall(text))
        text = _FORMAT_RE.sub("", text)
        corrections.append(f"{count} zero-width / direction mark character(s) removed")
    if _PRIVATE_USE_RE.search(text):
        count = len(_PRIVATE_USE_RE.findall(text))
        text = _PRIVATE_USE_RE.sub(" ", text)
        corrections.append(f"{count} icon-font glyph(s) read as spaces")
    return text, corrections
