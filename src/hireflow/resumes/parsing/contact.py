"""Contact details: name, email, phone (international and Japanese formats), links, location."""

from __future__ import annotations

import re

from hireflow.resumes.document import ContactInfo
from hireflow.resumes.parsing.headings import DOCUMENT_TITLES, match_heading

EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
PHONE_RE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{1,4}(?:[\s.-]\d{2,4}){1,3}(?![\w])"
)
URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s|,;<>()]+|(?<![\w@.])(?:[a-z0-9-]+\.)?(?:linkedin\.com|github\.com|"
    r"gitlab\.com|bitbucket\.org|behance\.net|dribbble\.com|medium\.com|qiita\.com|zenn\.dev|"
    r"x\.com|twitter\.com|kaggle\.com)/[^\s|,;<>()]+",
    re.IGNORECASE,
)
_LABELLED_NAME_RE = re.compile(
    r"^(?:氏名|名前|お名前|name)\s*[:：]?\s*(?P<name>.+)$", re.IGNORECASE
)
_FURIGANA_RE = re.compile(r"^(?:ふりがな|フリガナ)\b")
_LOCATION_LABEL_RE = re.compile(
    r"^(?:住所|現住所|所在地|address|location|based in)\s*[:：]?\s*(?P<place>.+)$", re.IGNORECASE
)
_PREFECTURE_RE = re.compile(r"(?:東京都|北海道|(?:大阪|京都)府|[\u4e00-\u9fff]{2,3}県)[^\s|,]*")
_CITY_REGION_RE = re.compile(
    r"\b[A-Z][a-zA-Z.]+(?: [A-Z][a-zA-Z.]+)*, (?:[A-Z]{2}|[A-Z][a-z]+(?: [A-Z][a-z]+)*)\b"
)
_MAX_CONTACT_CHARS = 5_000
_MAX_SCAN_CHARS = 200_000  # a resume's text is far shorter; bounds work on hostile input
_NOT_PLACE_RE = re.compile(
    r"\b(?:inc|ltd|llc|corp|corporation|company|university|college|school|engineer|developer|"
    r"manager|analyst|designer|director|consultant|lead|senior|junior|intern|bachelor|master)\b",
    re.IGNORECASE,
)
_NAME_WORD_RE = re.compile(r"^[A-Z][a-zA-Z'’.-]*$|^[A-Z]{2,}$")
_CJK_NAME_RE = re.compile(
    r"^[\u4e00-\u9fff\u3040-\u30ff々]{1,5}\s?[\u4e00-\u9fff\u3040-\u30ff々]{1,5}$"
)
_NOT_NAME_WORDS = {
    "resume",
    "curriculum",
    "vitae",
    "engineer",
    "developer",
    "manager",
    "designer",
    "profile",
    "summary",
    "contact",
    "experience",
    "senior",
    "junior",
    "scientist",
    "analyst",
    "consultant",
}


def find_email(text: str) -> str | None:
    match = EMAIL_RE.search(text)
    return match.group() if match else None


def find_phone(text: str) -> str | None:
    """A phone number: ``+1 (415) 555-0134``, ``090-1234-5678``, ``03-1234-5678``,
    ``+81 90 1234 5678``; dates and years are not phones (7 to 15 digits required)."""
    for line in text.split("\n"):
        for match in PHONE_RE.finditer(line):
            candidate = match.group().strip()
            digits = re.sub(r"\D", "", candidate)
            if not 7 <= len(digits) <= 15:
                continue
            if re.fullmatch(r"(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d", candidate):
                continue  # a year range
            if not (candidate.startswith(("+", "(", "0")) or "-" in candidate or " " in candidate):
                continue
            return candidate
    return None


def find_links(text: str) -> tuple[str, ...]:
    links: dict[str, None] = {}
    for match in URL_RE.finditer(text):
        link = match.group().rstrip(".,)")
        if "@" not in link:
            links.setdefault(link, None)
    return tuple(links)


def find_location(lines: list[str]) -> str | None:
    for line in lines:
        labelled = _LOCATION_LABEL_RE.match(line.strip())
        if labelled:
            return labelled.group("place").strip()
    for line in lines:
        prefecture = _PREFECTURE_RE.search(line)
        if prefecture:
            return prefecture.group()
    for line in lines:
        for part in re.split(r"\s*[|•·]\s*", line):
            if EMAIL_RE.search(part) or URL_RE.search(part):
                continue
            place = _CITY_REGION_RE.search(part)
            if (
                place
                and not re.search(r"\d", part)
                and len(part) <= 50
                and not (_NOT_PLACE_RE.search(part))
            ):
                return place.group()
    return None


def find_name(lines: list[str]) -> str | None:
    """The candidate's name: a labelled ``氏名``/``Name:`` line, else the first short line that
    reads like a personal name (2 to 4 capitalised words, or a Japanese name)."""
    for line in lines:
        labelled = _LABELLED_NAME_RE.match(line.strip())
        if labelled:
            return labelled.group("name").strip()
    for line in lines[:10]:
        candidate = line.strip()
        if not candidate or _FURIGANA_RE.match(candidate):
            continue
        if candidate.lower() in DOCUMENT_TITLES or match_heading(candidate) is not None:
            continue
        if EMAIL_RE.search(candidate) or URL_RE.search(candidate) or re.search(r"\d", candidate):
            continue
        if _CJK_NAME_RE.match(candidate):
            return candidate
        words = candidate.replace(",", " ").split()
        if (
            2 <= len(words) <= 4
            and all(_NAME_WORD_RE.match(w) for w in words)
            and not ({w.lower().strip(".") for w in words} & _NOT_NAME_WORDS)
        ):
            return candidate.title() if candidate.isupper() else candidate
    return None


def _profile_links(written: tuple[str, ...], targets: tuple[str, ...]) -> tuple[str, ...]:
    """Links written in the text, then clickable web targets not already written."""
    links = dict.fromkeys(written)
    seen = {_bare(link) for link in written}
    for target in targets:
        if not target.lower().startswith("mailto:") and _bare(target) not in seen:
            links.setdefault(target, None)
            seen.add(_bare(target))
    return tuple(links)


def _bare(link: str) -> str:
    return re.sub(r"^(?:https?://)?(?:www\.)?", "", link, flags=re.IGNORECASE).rstrip("/").lower()


def extract_contact(
    contact_text: str, full_text: str, link_targets: tuple[str, ...] = ()
) -> ContactInfo:
    """Contact details from the contact section, falling back to the start of the resume;
    ``link_targets`` (clickable links of the file) add profile links and a mailto email."""
    contact_text = contact_text[:_MAX_CONTACT_CHARS]
    full_text = full_text[:_MAX_SCAN_CHARS]
    lines = [line for line in contact_text.split("\n") if line.strip()]
    all_lines = [line for line in full_text.split("\n") if line.strip()]
    mailto = [
        target[len("mailto:") :].split("?")[0]
        for target in link_targets
        if target.lower().startswith("mailto:")
    ]
    written = find_links(contact_text) or find_links("\n".join(all_lines[:15]))
    return ContactInfo(
        name=find_name(lines) or find_name(all_lines[:10]),
        email=find_email(contact_text) or find_email(full_text) or (mailto[0] if mailto else None),
        phone=find_phone(contact_text) or find_phone("\n".join(all_lines[:15])),
        links=_profile_links(written, link_targets),
        location=find_location(lines) or find_location(all_lines[:10]),
    )
