"""Contact details: name, email, phone (international and Japanese formats), links, location."""

from __future__ import annotations

import re

from hireflow.resumes.document import ContactInfo
from hireflow.resumes.parsing.headings import DOCUMENT_TITLES, match_heading

EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9.+_-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
PHONE_RE = re.compile(
    r"(?<![A-Za-z0-9+])(?:\(\+\d{1,3}\)[\s.-]?|\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?"
    r"\d{1,4}(?:[\s.-]\d{2,5}){1,4}(?:[\s.-]\d{6})?(?![A-Za-z0-9])"
    r"|(?<![A-Za-z0-9+])(?:\(\+\d{1,3}\)|\+\d{1,3})?[\s.-]?\d{10,12}(?![A-Za-z0-9])"
)
_SPACED_DIGITS_RE = re.compile(r"(?:(?<!\d)\d{1,2}\s){3,}")
_YEAR_GROUP_RE = re.compile(r"^(?:19|20)\d\d$")
_DECIMAL_RE = re.compile(r"(?<!\d)\d{1,2}\.\d{1,2}(?![\d.])")
# Contact details that are not the applicant's: a job board's or agency's cover page.
_NOT_APPLICANT_RE = re.compile(
    r"\b(?:recruiter|recruitment|agency|consultancy|submitted by|presented by|on behalf of|"
    r"account manager|customer (?:care|service|support)|helpline|toll[- ]free|for (?:more )?"
    r"(?:details|information|queries)|contact us|powered by|downloaded from)\b",
    re.IGNORECASE,
)
URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s|,;<>()]+|(?<![\w@.])(?:[a-z0-9-]+\.)?(?:linkedin\.com|github\.com|"
    r"gitlab\.com|bitbucket\.org|behance\.net|dribbble\.com|medium\.com|qiita\.com|zenn\.dev|"
    r"x\.com|twitter\.com|kaggle\.com)/[^\s|,;<>()]+",
    re.IGNORECASE,
)
_LABELLED_NAME_RE = re.compile(
    r"(?:^|\s)(?:氏\s?名|名前|お名前|name|full name|nombre|nom|vorname und name|nome)"
    r"\s*[:：|｜]?\s*(?P<name>[^|｜:：]+)$",
    re.IGNORECASE,
)
_NAME_LABELS = frozenset({"氏名", "氏 名", "名前", "お名前", "name", "ふりがな", "フリガナ"})
_CJK_LABEL_RE = re.compile(r"^(?:住所|現住所|連絡先|電話|携帯|生年月日|年齢|性別|メール|学歴|職歴)")
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
_NAME_WORD_RE = re.compile(r"^[^\W\d_a-z][^\W\d_]*(?:['’.-][^\W\d_]*)*\.?$")
_NAME_PARTICLES = frozenset(
    {
        "de",
        "da",
        "del",
        "della",
        "di",
        "do",
        "dos",
        "das",
        "van",
        "von",
        "der",
        "den",
        "la",
        "le",
        "bin",
        "al",
        "y",
        "e",
    }
)
# Badges a profile export glues to the name ("Priya PatelVerified").
_BADGE_RE = re.compile(
    r"\s*(?:verified|premium|pro|top applicant|open to work|actively looking|featured|"
    r"immediate joiner|✓|✔|☑)+\s*$",
    re.IGNORECASE,
)
_GLUED_RE = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")
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
    "owner",
    "lead",
    "architect",
    "intern",
    "specialist",
    "officer",
    "assistant",
    "coordinator",
    "administrator",
    "technician",
    "nurse",
    "teacher",
    "student",
    "researcher",
    "candidate",
    "details",
    "information",
    "personal",
    "professional",
    "technical",
    "skills",
    "education",
    "objective",
    "street",
    "road",
    "avenue",
    "drive",
    "usa",
    "india",
    "united",
}


def find_email(text: str) -> str | None:
    match = EMAIL_RE.search(text)
    return match.group() if match else None


def find_phone(text: str) -> str | None:
    """A phone number: ``+1 (415) 555-0134``, ``090-1234-5678``, ``03-1234-5678``,
    ``+81 90 1234 5678``; dates and years are not phones (7 to 15 digits required)."""
    lines = [line for line in text.split("\n") if not _NOT_APPLICANT_RE.search(line)]
    for line in lines:
        for match in PHONE_RE.finditer(line):
            candidate = match.group().strip(" .-")
            if _is_phone(candidate, line[match.end() :]):
                return candidate
    for line in lines:  # digits spaced apart by a PDF producer: "+1 ( 4 15 ) 5 5 5-0 142"
        if _SPACED_DIGITS_RE.search(line):
            compact = re.sub(r"(?<=[\d(])\s+(?=[\d)])|(?<=\()\s+|\s+(?=\))", "", line)
            for match in PHONE_RE.finditer(compact):
                candidate = match.group().strip(" .-")
                if _is_phone(candidate, compact[match.end() :]):
                    return candidate
    return None


def _is_phone(candidate: str, after: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    if not 7 <= len(digits) <= 15:
        return False
    groups = [g for g in re.split(r"[\s().+-]+", candidate) if g]
    if sum(1 for g in groups if _YEAR_GROUP_RE.match(g)) >= 2 and len(digits) <= 12:
        return False  # years: "2015 2019", "2016 - 2020"
    if _DECIMAL_RE.search(candidate) or re.match(r"^\s*[./]\d", after):
        return False  # a grade or a version: "GPA 3.8 2019", "8.7 / 10"
    if len(groups) == 1:
        return len(digits) >= 10 or candidate.startswith(("+", "("))
    dotted = "." in candidate and not re.search(r"[\s()+-]", candidate)
    if dotted:
        return [len(g) for g in groups] in ([3, 3, 4], [2, 2, 2, 2, 2], [3, 4])
    return candidate.startswith(("+", "(", "0")) or "-" in candidate or " " in candidate


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
    """The candidate's name: a labelled ``氏名``/``Name:`` line (or the line after a lone
    ``氏名``), else the first short line, or the first part of a contact line ("Jane Doe |
    jane@example.com"), that reads like a personal name (2 to 5 capitalised words with
    particles, any script, or a Japanese name)."""
    for index, line in enumerate(lines):
        text = line.strip()
        if text in _NAME_LABELS and index + 1 < len(lines):
            following = lines[index + 1].strip()
            if _FURIGANA_RE.match(following) and index + 2 < len(lines):
                following = lines[index + 2].strip()
            if _reads_as_name(following) or _CJK_NAME_RE.match(following):
                return following
            continue
        labelled = _LABELLED_NAME_RE.search(text)
        if labelled and (
            _reads_as_name(labelled.group("name").strip())
            or _CJK_NAME_RE.match(labelled.group("name").strip())
        ):
            return labelled.group("name").strip()
    for line in lines[:10]:
        for part in re.split(r"\s*(?:[|｜•·∙◦▪●,;]|\s{2,}|\t)\s*", line.strip())[:3]:
            name = _name_part(part)
            if name is not None:
                return name
    return None


def _name_part(candidate: str) -> str | None:
    candidate = _BADGE_RE.sub("", candidate.strip())
    if not candidate or _FURIGANA_RE.match(candidate) or candidate in _NAME_LABELS:
        return None
    if candidate.lower() in DOCUMENT_TITLES or match_heading(candidate) is not None:
        return None
    if EMAIL_RE.search(candidate) or URL_RE.search(candidate) or re.search(r"\d", candidate):
        return None
    if _CJK_NAME_RE.match(candidate) and not _CJK_LABEL_RE.match(candidate):
        return candidate
    if not _reads_as_name(candidate):
        unglued = _BADGE_RE.sub("", _GLUED_RE.sub(" ", candidate))
        if unglued == candidate or not _reads_as_name(unglued):
            return None
        candidate = unglued
    return candidate.title() if candidate.isupper() else candidate


def _reads_as_name(text: str) -> bool:
    words = text.replace(",", " ").split()
    named = [w for w in words if w.lower() not in _NAME_PARTICLES]
    return (
        2 <= len(words) <= 5
        and len(named) >= 2
        and all(_NAME_WORD_RE.match(w) and not _GLUED_RE.search(w[1:]) for w in named)
        and not ({w.lower().strip(".") for w in words} & _NOT_NAME_WORDS)
        and len(text) <= 50
    )


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


def _applicant_blocks(text: str) -> str:
    """``text`` without the paragraphs that give someone else's contact details (a job
    board's or agency's cover page: "Submitted by …", "For more details contact …")."""
    blocks = re.split(r"\n\s*\n", text)
    return "\n\n".join(block for block in blocks if not _NOT_APPLICANT_RE.search(block))


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
    own_contact = _applicant_blocks(contact_text)
    own_text = _applicant_blocks(full_text)
    own_lines = [line for line in own_text.split("\n") if line.strip()]
    return ContactInfo(
        name=find_name(lines) or find_name(all_lines[:10]),
        email=find_email(own_contact) or find_email(own_text) or (mailto[0] if mailto else None),
        phone=find_phone(own_contact) or find_phone("\n".join(own_lines[:15])),
        links=_profile_links(written, link_targets),
        location=find_location(lines) or find_location(all_lines[:10]),
    )
