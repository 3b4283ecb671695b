"""Dates and date ranges as resumes write them: "Jan 2020 - Present", "2019/04 - 2021/03",
"2019年4月～現在", "令和2年4月", "04/2019 to 03/2021", "2016 - 2019", "Summer 2022",
"2025.02–pres.", "01/22 ⇒ Now", "Aug 2018 to Till Date", and month names and "present" in Spanish,
French, German, Portuguese, Italian, Dutch, Polish, Swedish, Danish, Czech, Turkish and
Romanian ("ene. 2020 – actualidad", "März 2018 – heute", "mar/2025 - atual", "gennaio 2019 – ad
oggi", "mei 2020 – tot heden", "marca 2019 – do chwili obecnej", "mars 2019 – pågående",
"března 2019 – dosud", "Mart 2019 – halen", "ianuarie 2019 – prezent"; Polish and Czech months
in the nominative and the genitive)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
    # Spanish, French, German, Portuguese (first three letters, accents removed)
    "ene": 1,
    "fev": 2,
    "fév": 2,
    "mär": 3,
    "mrz": 3,
    "avr": 4,
    "abr": 4,
    "mai": 5,
    "jui": 6,  # juin; juillet is caught below
    "ago": 8,
    "aoû": 8,
    "set": 9,
    "okt": 10,
    "out": 10,
    "dic": 12,
    "dez": 12,
    "déc": 12,
    # Italian, Dutch (where the first three letters differ from the above)
    "gen": 1,
    "mag": 5,
    "giu": 6,
    "lug": 7,
    "ott": 10,
    "maa": 3,
    "mrt": 3,
    "mei": 5,
    # Polish (nominative "styczeń", genitive "stycznia", abbreviated "sty")
    "sty": 1,
    "lut": 2,
    "kwi": 4,
    "maj": 5,
    "cze": 6,
    "lip": 7,
    "sie": 8,
    "wrz": 9,
    "paź": 10,
    "paz": 10,
    "lis": 11,
    "gru": 12,
}
_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925, "R": 2018, "H": 1988, "S": 1925}
# Swedish, Danish, Czech, Turkish and Romanian: every written form, by month (first three
# letters would clash: Czech "červen" is June, "červenec" July). No three-letter
# abbreviation that is also a word ("pro", "led", "ara").
_WRITTEN_MONTHS: dict[int, str] = {
    1: "januari januar leden ledna lednu lednem ocak ianuarie",
    2: "februari februar únor února únoru unor unora unoru şubat subat februarie febr",
    3: "mars marts březen března březnu brezen brezna breznu mart martie",
    4: "april duben dubna dubnu nisan aprilie",
    5: "květen května květnu kveten kvetna kvetnu mayıs mayis",
    6: "juni červen června červnu cerven cervna cervnu haziran iunie",
    7: "juli červenec července červenci cervenec cervence cervenci temmuz iulie",
    8: "augusti august srpen srpna srpnu ağustos agustos",
    9: "september sept září zari eylül eylul septembrie",
    10: "oktober říjen října říjnu rijen rijna rijnu ekim octombrie",
    11: "november listopad listopadu kasım kasim noiembrie noiem",
    12: "december prosinec prosince prosinci aralık aralik decembrie",
}
_MONTH_BY_NAME = {w: m for m, words in _WRITTEN_MONTHS.items() for w in words.split()}
_MONTH_NAME = (
    r"(?:jan(?:uary|vier|v|eiro|uar)?|feb(?:ruary|rero|ruar)?|mar(?:ch|zo|s|ço)?|apr(?:il)?|may|"
    r"june?|july?|aug(?:ust)?|sep(?:t(?:ember|iembre|embre)?)?|oct(?:ober|ubre|obre)?|"
    r"nov(?:ember|iembre|embre|embro)?|dec(?:ember)?|"
    r"ene(?:ro)?|abr(?:il)?|mayo|jun(?:io|ho)|jul(?:io|ho)|ago(?:sto)?|dic(?:iembre)?|"
    r"f[ée]vr?(?:ier)?|fev(?:ereiro)?|avr(?:il)?|mai|juin|juil(?:let)?|ao[uû]t|d[ée]c(?:embre)?|"
    r"m[äa]rz|mrz|juni|juli|okt(?:ober)?|dez(?:ember|embro)?|set(?:embro|tembre)?|out(?:ubro)?|"
    r"genn?(?:aio)?|febbraio|marzo|aprile|magg?(?:io)?|giu(?:gno)?|lug(?:lio)?|agosto|"
    r"ott(?:obre)?|dicembre|januari|februari|maart|mrt|mei|augustus|oktober|"
    r"stycz(?:eń|en|nia)|sty|lut(?:y|ego)?|marzec|marca|kwi(?:ecień|ecien|etnia)?|maj[a]?|"
    r"czer(?:wiec|wca)|cze|lip(?:iec|ca)?|sierp(?:ień|ien|nia)|sie|wrz(?:esień|esien|eśnia|esnia)?|"
    r"pa[źz](?:dziernik[a]?)?|listopad[a]?|lis|gru(?:dzień|dzien|dnia)?|"
    r"spring|summer|fall|autumn|winter|"
    + "|".join(sorted(map(re.escape, _MONTH_BY_NAME), key=len, reverse=True))
    + ")"
)
_YEAR = r"(?:19[5-9]\d|20\d\d)"
DATE_PATTERN = (
    rf"(?:{_MONTH_NAME}\.?,?\s*(?:de\s+|[/-]\s*)?{_YEAR}"
    rf"|{_YEAR}\s*年\s*\d{{1,2}}\s*月"
    r"|(?:令和|平成|昭和)\s*(?:\d{1,2}|元)\s*年(?:\s*\d{1,2}\s*月)?"
    rf"|{_YEAR}\s*[/.\-]\s*(?:0?[1-9]|1[0-2])(?![\d/])"
    rf"|(?:0?[1-9]|1[0-2])\s*[/.]\s*{_YEAR}"
    r"|(?:0[1-9]|1[0-2])/\d\d(?![\d/])"
    rf"|{_YEAR}(?:\s*年(?!\s*\d{{1,2}}\s*月))?)"
)
PRESENT_PATTERN = (
    r"(?:present|pres\.|current(?:ly)?|now|today|ongoing|(?:till |to )?date|till now"
    r"|actualidad|actual|presente|hoy|la fecha|aujourd'hui|aujourd’hui|présent|maintenant"
    r"|ce jour|à présent|en cours|heute|jetzt|aktuell|derzeit|dato|atual|atualmente"
    r"|o momento|momento|hoje|ad oggi|oggi|attuale|attualmente|in corso|tuttora"
    r"|tot heden|heden|huidig|tot nu|nu|do chwili obecnej|obecnie|do dzi[śs](?:iaj)?|do teraz"
    r"|nadal|teraz"
    r"|pana in prezent|până în prezent|devam ediyorum|do soucasnosti|do současnosti"
    r"|gunumuze kadar|günümüze kadar|till dags dato|til dags dato|bugune kadar"
    r"|bugüne kadar|devam ediyor|igangværende|tills vidare|actualmente|halihazirda"
    r"|hâlihazırda|pana astazi|până astăzi|současnosti|tillsvidare|dosud trvá"
    r"|in prezent|pana la zi|până la zi|soucasnost|současnost|till i dag|în prezent"
    r"|dags dato|do dneška|nuvarande|nuværende|pana acum|prezentul|până acum"
    r"|til i dag|till idag|aktualne|aktuálně|gunumuze|günümüze|hittills|pana azi"
    r"|până azi|pågående|til dato|do dnes|doposud|fortsat|gunumuz|günümüz|in curs"
    r"|prezent|su anda|till nu|în curs|şu anda|astazi|astăzi|curent|do teď"
    r"|dodnes|mevcut|stadig|til nu|bugun|bugün|devam|dosud|doteď|halen|hâlen|i dag"
    r"|nutid|pågår|simdi|stále|su an|şimdi|şu an|acum|d\.d\.|hala|hâlâ|idag|nyni|nyní"
    r"|p\.t\.|trva|trvá|azi"
    r"|現在(?:に至る)?|現職|在籍中|至現在|継続中|今)"
)
_SEPARATOR = (
    r"(?:\s*(?:-|–|—|―|~|〜|～|→|⇒|⟶|»|to|until|till|through|hasta|a|à|au|bis|até|al|tot|do"
    r"|から|より)\s*)"
)
RANGE_RE = re.compile(
    rf"(?<![\w/])(?P<start>{DATE_PATTERN})(?:\s*(?:から|より))?{_SEPARATOR}"
    rf"(?P<end>{DATE_PATTERN}|{PRESENT_PATTERN})(?:\s*まで)?(?![A-Za-z0-9/])",
    re.IGNORECASE,
)
DATE_RE = re.compile(rf"(?<![\w/]){DATE_PATTERN}(?![\w/])", re.IGNORECASE)
_PRESENT_RE = re.compile(rf"^{PRESENT_PATTERN}$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DateRange:
    start: str | None  # "YYYY-MM" or "YYYY"
    end: str | None
    is_current: bool
    span: tuple[int, int]  # where the range was found in the line


def parse_date(text: str) -> str | None:
    """``YYYY-MM`` (or ``YYYY``) for one written date, None if it is not one."""
    value = text.strip().rstrip(".,")
    match = re.match(r"^(令和|平成|昭和)\s*(\d{1,2}|元)\s*年(?:\s*(\d{1,2})\s*月)?$", value)
    if match:
        year = _ERAS[match.group(1)] + (1 if match.group(2) == "元" else int(match.group(2)))
        return _format(year, int(match.group(3)) if match.group(3) else None)
    match = re.match(rf"^({_MONTH_NAME})\.?,?\s*(?:de\s+|[/-]\s*)?(\d{{4}})$", value, re.IGNORECASE)
    if match:
        return _format(int(match.group(2)), _month_number(match.group(1)))
    match = re.match(r"^(\d{4})\s*(?:年|[/.\-])\s*(\d{1,2})\s*月?$", value)
    if match:
        return _format(int(match.group(1)), int(match.group(2)))
    match = re.match(r"^(\d{1,2})\s*[/.]\s*(\d{4})$", value)
    if match:
        return _format(int(match.group(2)), int(match.group(1)))
    match = re.match(r"^(\d\d)/(\d\d)$", value)
    if match:  # "01/22": month and two-digit year
        return _format(2000 + int(match.group(2)), int(match.group(1)))
    match = re.match(r"^(\d{4})\s*年?$", value)
    if match:
        return _format(int(match.group(1)), None)
    return None


def _month_number(name: str) -> int:
    word = name.lower()
    if word in _MONTH_BY_NAME:
        return _MONTH_BY_NAME[word]
    if word in _SEASONS:
        return _SEASONS[word]
    if word.startswith("juil") or word.startswith("juli") or word.startswith("julh"):
        return 7
    if word.startswith(("juin", "juni", "junh", "junio")):
        return 6
    return _MONTHS[word[:3]]


def _format(year: int, month: int | None) -> str | None:
    if not 1950 <= year <= 2100:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    return f"{year:04d}-{month:02d}"


# "Customer Success Manager, Routewise - since mid-2024": a start and no end is a current
# role, when the word follows a separator of the header (never inside a bullet's sentence).
_SINCE_RE = re.compile(
    r"(?:^|[-–—,|(·]\s*)(?:since|seit|desde|depuis|dal|sinds|od)\s+"
    r"(?:(?P<part>early|mid|late)[- ]?)?"
    rf"(?P<start>{DATE_PATTERN})(?![\w/])\)?",
    re.IGNORECASE,
)
_PART_MONTH = {"early": 1, "mid": 6, "late": 10}


# "June–Aug 2025", "Jan - Apr 2026": two months and one year (the start's year is the end's,
# or the year before when the start month comes later).
_MONTHS_RANGE_RE = re.compile(
    rf"(?<![\w/])(?P<first>{_MONTH_NAME})\.?\s*(?:-|–|—|to|until|through)\s*"
    rf"(?P<second>{_MONTH_NAME})\.?,?\s*(?P<year>{_YEAR})(?![\w/])",
    re.IGNORECASE,
)


_YEAR_RE = re.compile(_YEAR)


def _months_range(line: str) -> DateRange | None:
    year_at = _YEAR_RE.search(line)
    if year_at is None:
        return None
    match = _MONTHS_RANGE_RE.search(line, max(0, year_at.start() - 30))
    if match is None:
        return None
    first, second = _month_number(match.group("first")), _month_number(match.group("second"))
    year = int(match.group("year"))
    start = _format(year - 1 if first > second else year, first)
    end = _format(year, second)
    if start is None or end is None:
        return None
    return DateRange(start, end, False, match.span())


def find_date_range(line: str) -> DateRange | None:
    """The first date range in a line."""
    found = _find_range(line) or _months_range(line)
    if found is not None:
        return found
    since = _SINCE_RE.search(line)
    if since is not None and line.lstrip()[:1] not in "•-*・●◦▪·":
        start = parse_date(since.group("start"))
        if start is not None:
            part = (since.group("part") or "").lower()
            if part and len(start) == 4:
                start = f"{start}-{_PART_MONTH[part]:02d}"
            return DateRange(start, None, True, since.span())
    return None


def _find_range(line: str) -> DateRange | None:
    for match in RANGE_RE.finditer(line):
        start = parse_date(match.group("start"))
        end_text = match.group("end")
        if start is None:
            continue
        if _PRESENT_RE.match(end_text.strip()):
            return DateRange(start, None, True, match.span())
        end = parse_date(end_text)
        if end is not None and end >= start[: len(end)]:
            return DateRange(start, end, False, match.span())
    return None


def find_dates(line: str) -> list[tuple[str, tuple[int, int]]]:
    """Every single date in a line, with where it is."""
    found: list[tuple[str, tuple[int, int]]] = []
    for match in DATE_RE.finditer(line):
        value = parse_date(match.group())
        if value is not None:
            found.append((value, match.span()))
    return found


def month_index(value: str) -> int:
    """Months since year 0 of a ``YYYY-MM`` date; a year alone counts as its January."""
    year = int(value[:4])
    month = int(value[5:7]) if len(value) >= 7 else 1
    return year * 12 + month - 1


def today_month(today: date) -> str:
    return f"{today.year:04d}-{today.month:02d}"
