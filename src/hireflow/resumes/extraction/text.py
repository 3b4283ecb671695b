"""Plain-text resumes: encoding detection, and invisible characters that hide words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hireflow.resumes.document import HiddenText

# Characters with no visible glyph. Attackers put them inside words ("ig\u200bnore") so that
# keyword filters miss them, or (Unicode tag characters) use them to smuggle whole sentences.
_ZERO_WIDTH = "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
_INVISIBLE_RE = re.compile(f"[{_ZERO_WIDTH}\U000e0000-\U000e007f]")
_WORD_WITH_INVISIBLE_RE = re.compile(
    f"[^\\s{_ZERO_WIDTH}\U000e0000-\U000e007f]*"
    f"(?:[{_ZERO_WIDTH}\U000e0000-\U000e007f]+[^\\s{_ZERO_WIDTH}\U000e0000-\U000e007f]*)+"
)
_TAG_RUN_RE = re.compile("[\U000e0000-\U000e007f]+")
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
    """``text`` without zero-width and tag characters, and the words they were hiding in.

    A word counts as hidden when an invisible character splits it; Unicode tag characters
    (U+E0000..U+E007F) spell ASCII invisibly and are reported decoded.
    """
    if not _INVISIBLE_RE.search(text):
        return text, []
    hidden: list[HiddenText] = []
    for run in _TAG_RUN_RE.findall(text):
        decoded = "".join(chr(ord(ch) - 0xE0000) for ch in run if 0x20 <= ord(ch) - 0xE0000 < 0x7F)
        if decoded.strip():
            hidden.append(HiddenText(kind="zero_width", text=decoded, page=page))
    for match in _WORD_WITH_INVISIBLE_RE.finditer(text):
        parts = [p for p in _INVISIBLE_RE.split(match.group()) if p]
        if len(parts) >= 2:
            hidden.append(HiddenText(kind="zero_width", text="".join(parts), page=page))
    return _INVISIBLE_RE.sub("", text), hidden
