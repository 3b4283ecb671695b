"""Splitting resume text into typed sections, by headings or, without them, by content.

A section's ``content`` is the text under its heading (the heading line itself excluded),
``text[start:end]``, trimmed of surrounding whitespace. Text before the first heading is the
``contact`` section when it holds contact details; blocks without a heading are typed from
what they contain (date ranges and job titles → experience, degrees → education, …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hireflow.resumes.document import ExtractedDocument, ResumeSection, SectionType
from hireflow.resumes.parsing.contact import EMAIL_RE, URL_RE, find_name, find_phone
from hireflow.resumes.parsing.dates import find_date_range
from hireflow.resumes.parsing.headings import (
    DOCUMENT_TITLES,
    ENTRY_LABELS,
    HeadingMatch,
    heading_key,
    match_heading,
)
from hireflow.resumes.parsing.skills import known_skills

TITLE_WORDS_RE = re.compile(
    r"\b(?:engineer|developer|manager|director|analyst|designer|consultant|architect|"
    r"scientist|specialist|administrator|officer|lead|head|intern|associate|coordinator|"
    r"representative|accountant|assistant|president|vp|cto|ceo|cfo|founder|co-founder|"
    r"programmer|technician|nurse|teacher|researcher|editor|writer|marketer|recruiter|"
    r"product owner|scrum master|sre|devops|"
    # Occupations outside offices, whose titles end in their own noun ("Resp. Care
    # Practitioner III", "Journeyman Electrician").
    r"practitioner|therapist|technologist|hygienist|pharmacist|paramedic|physician|mechanic|"
    r"electrician|plumber|welder|machinist|millwright|installer|operator|driver|clerk|cashier|"
    r"bartender|chef|cook|teller|adjuster|underwriter|auditor|bookkeeper|paralegal|attorney|"
    r"counselor|counsellor|instructor|tutor|professor|lecturer|dispatcher|inspector|estimator|"
    r"planner|buyer|broker|advisor|adviser|caregiver|aide|housekeeper|receptionist|secretary|"
    # Clipped title words people write in any industry ("Dining Room Mgr", "AGM").
    r"mgr|asst|supv|supvr|coord|dir|gm|agm|tech|mech|rep|apprentice|foreman|superintendent|"
    r"agent|fitter|carpenter|laborer|labourer|attendant|baker|"
    r"ingenier[oa]|desarrollador[a]?|analista|programador[a]?|gerente|jef[ea]|consultor[a]?|"
    r"ingénieur|développeu(?:r|se)|chef(?:fe)? de projet|consultante?|responsable|"
    r"entwickler(?:in)?|softwareentwickler(?:in)?|berater(?:in)?|leiter(?:in)?|ingenieur(?:in)?|"
    r"desenvolvedor[a]?|engenheir[oa]|coordenador[a]?|"
    # Generic title words in Spanish, French, German and Portuguese.
    r"asistente|assistente|auxiliar|subgerente|supervisor[a]?|director[a]?|diretor[a]?|"
    r"directeur|directrice|gestor[a]?|gestionnaire|encargad[oa]|generalista|especialista|"
    r"sp[ée]cialiste|t[ée]cnic[oa]|technicien(?:ne)?|comprador[a]?|acheteu(?:r|se)|"
    r"vendedor[a]?|vendeu(?:r|se)|analyste|charg[ée]e? de|adjoint[e]?|stagiaire|"
    r"estagi[áa]ri[oa]|practicante|becari[oa]|betreuer(?:in)?|sachbearbeiter(?:in)?|"
    r"referent(?:in)?|techniker(?:in)?|eink[äa]ufer(?:in)?|werkstudent(?:in)?|"
    r"bauleiter(?:in)?|assistent(?:in)?|"
    # Generic title words in Italian, Polish and Dutch.
    r"responsabile|direttore|direttrice|addett[oa]|impiegat[oa]|ingegnere|coordinat(?:ore|rice)|"
    r"kierowni(?:k|czka)|dyrektor|specjalist(?:a|ka)|in[żz]ynier|koordynator(?:ka)?|"
    r"asystent(?:ka)?|brygadzista|medewerker|beheerder|teamleider|leidinggevende|monteur|"
    r"technicus|adviseur|"
    # Generic title words in Swedish, Danish, Czech, Turkish and Romanian.
    r"chef|ansvarig|ledare|teamledare|arbetsledare|gruppledare|gruppchef|förman|"
    r"föreståndare|direktör|vd|biträdande|assistent|praktikant|lärling|specialist|tekniker|"
    r"ingenjör|civilingenjör|högskoleingenjör|samordnare|koordinator|konsult|rådgivare|"
    r"analytiker|medarbetare|administratör|handläggare|handledare|platschef|avdelningschef|"
    r"butikschef|enhetschef|verksamhetschef|driftchef|produktionschef|lagerchef|"
    r"projektledare|sjuksköterska|undersköterska|operationssjuksköterska|"
    r"röntgensjuksköterska|barnmorska|läkare|tandläkare|tandhygienist|apotekare|receptarie|"
    r"fysioterapeut|sjukgymnast|arbetsterapeut|psykolog|socionom|kurator|vårdbiträde|lärare|"
    r"förskollärare|barnskötare|elektriker|svetsare|installatör|montör|mekaniker|"
    r"industrimekaniker|bilmekaniker|fordonstekniker|servicetekniker|underhållstekniker|"
    r"drifttekniker|snickare|rörmokare|målare|operatör|maskinoperatör|processoperatör|kock|"
    r"servitör|servitris|kassör|receptionist|sekreterare|förare|chaufför|lastbilschaufför|"
    r"truckförare|lagerarbetare|säljare|inköpare|ekonom|redovisningsekonom|ekonomiassistent|"
    r"revisor|rekryterare|programmerare|utvecklare|systemutvecklare|konstruktör|arkitekt|"
    r"jurist|advokat|lokalvårdare|vaktmästare|leder|direktør|medarbejder|medhjælper|"
    r"ingeniør|konsulent|rådgiver|supervisor|lærer|underviser|sygeplejerske|montør|svejser|"
    r"tømrer|snedker|murer|maler|kok|tjener|chauffør|sekretær|udvikler|programmør|operatør|"
    r"værkfører|formand|elev|lærling|pædagog|bogholder|sælger|indkøber|repræsentant|"
    r"fuldmægtig|sagsbehandler|jordemoder|radiograf|ergoterapeut|terapeut|farmaceut|"
    r"laborant|bioanalytiker|socialrådgiver|souschef|projektleder|teamleder|afdelingsleder|"
    r"afdelingschef|driftsleder|lagermedarbejder|produktionsmedarbejder|automekaniker|"
    r"sundhedsassistent|sundhedshjælper|kasserer|ekspedient|inspektør|planlægger|"
    r"administrator|læge|tandlæge|tandplejer|klinikassistent|apoteker|lektor|ekspert|"
    r"manažer|manažerka|vedoucí|ředitel|ředitelka|šéf|šéfová|šéfkuchař|asistent|asistentka|"
    r"specialista|specialistka|analytik|analytička|technik|technička|inženýr|inženýrka|"
    r"konzultant|konzultantka|koordinátor|koordinátorka|supervizor|supervizorka|mistr|"
    r"mechanik|automechanik|elektrikář|elektromechanik|učitel|učitelka|sestra|lékař|lékařka|"
    r"lékárník|lékárnice|účetní|řidič|řidička|kuchař|kuchařka|svářeč|instalatér|montér|"
    r"operátor|operátorka|referent|referentka|úředník|úřednice|programátor|vývojář|"
    r"projektant|architekt|designér|obchodník|prodavač|prodavačka|skladník|pokladní|"
    r"recepční|dispečer|dispečerka|zámečník|údržbář|seřizovač|soustružník|frézař|truhlář|"
    r"tesař|zedník|číšník|servírka|barman|fyzioterapeut|lektorka|školitel|poradce|poradkyně|"
    r"zástupce|zástupkyně|stážista|stážistka|auditor|inspektor|kontrolor|sekretářka|právník|"
    r"advokát|pečovatel|pečovatelka|záchranář|sanitář|instrumentářka|uklízeč|uklízečka|"
    r"stavbyvedoucí|náborář|personalista|personalistka|plánovač|nákupčí|logistik|profesor|"
    r"müdür|mudur|müdürü|muduru|müdürlüğü|mudurlugu|yönetici|yonetici|yöneticisi|yoneticisi|"
    r"şef|sef|şefi|sefi|başkanı|baskani|sorumlu|sorumlusu|uzman|uzmanı|uzmani|asistan|"
    r"asistanı|asistani|yardımcısı|yardimcisi|mühendis|muhendis|mühendisi|muhendisi|"
    r"teknisyen|teknisyeni|teknikeri|koordinatör|koordinatörü|koordinatoru|süpervizör|"
    r"süpervizörü|supervizoru|amiri|direktor|direktörü|direktoru|danışman|danisman|"
    r"danışmanı|danismani|temsilci|temsilcisi|stajyer|stajyeri|memur|memuru|yetkili|"
    r"yetkilisi|eleman|elemanı|elemani|personel|personeli|işçi|isci|işçisi|iscisi|operator|"
    r"operatörü|operatoru|usta|ustası|ustasi|ustabaşı|ustabasi|kalfa|kalfası|kalfasi|çırak|"
    r"cirak|çırağı|ciragi|lider|lideri|hemşire|hemsire|hemşiresi|hemsiresi|öğretmen|"
    r"ogretmen|öğretmeni|ogretmeni|eğitmen|egitmen|eğitmeni|egitmeni|elektrikçi|elektrikci|"
    r"elektrikçisi|elektrikcisi|tamirci|tamircisi|aşçı|asci|aşçısı|ascisi|aşçıbaşı|ascibasi|"
    r"şoför|sofor|şoförü|soforu|sürücü|surucu|sürücüsü|surucusu|muhasebeci|muhasebecisi|"
    r"eczacı|eczaci|eczacısı|eczacisi|kaynakçı|kaynakci|kaynakçısı|kaynakcisi|montajcı|"
    r"montajci|montajcısı|montajcisi|tesisatçı|tesisatci|tesisatçısı|tesisatcisi|analist|"
    r"analisti|doktor|doktoru|hekim|hekimi|avukat|avukatı|avukati|sekreter|sekreteri|"
    r"kasiyer|kasiyeri|garson|resepsiyonist|programcı|programci|programcısı|programcisi|"
    r"geliştirici|gelistirici|geliştiricisi|gelistiricisi|tasarımcı|tasarimci|tasarımcısı|"
    r"tasarimcisi|mimar|mimarı|mimari|denetçi|denetci|denetçisi|denetcisi|müfettiş|mufettis|"
    r"müfettişi|mufettisi|kontrolör|kontrolörü|kontroloru|terapist|fizyoterapist|tornacı|"
    r"tornaci|frezeci|marangoz|depocu|görevli|gorevli|görevlisi|gorevlisi|planlamacı|"
    r"planlamaci|araştırmacı|arastirmaci|diyetisyen|psikolog|manager|director|directoare|"
    r"șef|șefă|şefă|sefa|șeful|şeful|seful|adjunct|adjunctă|adjuncta|asistentă|asistenta|"
    r"inginer|ingineră|inginera|tehnician|tehniciană|tehniciana|specialistă|coordonator|"
    r"coordonatoare|supervizoare|mecanic|profesoară|profesoara|învățător|învăţător|"
    r"invatator|învățătoare|învăţătoare|invatatoare|educatoare|electrician|electromecanic|"
    r"sudor|lăcătuș|lăcătuş|lacatus|operatoare|consultant|consultantă|consultanta|consilier|"
    r"contabil|contabilă|contabila|economist|inspector|inspectoare|reprezentant|agent|"
    r"vânzător|vanzator|vânzătoare|vanzatoare|casier|casieră|casiera|bucătar|bucatar|"
    r"ospătar|ospatar|șofer|şofer|sofer|farmacist|farmacistă|farmacista|stagiar|practicant|"
    r"ucenic|maistru|montator|instalator|programator|dezvoltator|arhitect|proiectant|"
    r"recepționer|recepţioner|receptioner|recepționeră|recepţioneră|receptionera|secretar|"
    r"secretară|secretara|avocat|medic|kinetoterapeut|infirmier|infirmieră|infirmiera|"
    r"lucrător|lucrator|muncitor|responsabil|planificator|achizitor|dispecer|formator|"
    r"lector|cercetător|cercetator|funcționar|funcţionar|functionar|gestionar|magaziner|"
    r"manipulant|strungar|frezor|tâmplar|tamplar|zidar|curier|paznic|moașă|moaşă|moasa)s?\b"
    r"|エンジニア|開発者|プログラマ|マネージャ|マネジャー|ディレクター|デザイナー|コンサルタント|"
    r"アナリスト|リーダー|部長|課長|係長|主任|担当|営業|事務|研究員|プロデューサー|アーキテクト"
    r"|(?<![A-Za-z])(?:SE|PM|PL)(?![A-Za-z])",
    re.IGNORECASE,
)
COMPANY_RE = re.compile(
    r"\b(?:inc|ltd|llc|llp|plc|corp|corporation|co|company|gmbh|ag|sa|s\.a|bv|kk|group|"
    r"bank|technologies|labs|systems|solutions|partners|ltda|s\.l|sas|sarl|s\.r\.l|srl|spa|"
    r"s\.p\.a|oy|ab|nv|n\.v|pty|pvt|limited|kg|se|a/s|as|aps|sl|sa de cv)\b\.?"
    r"|株式会社|有限会社|合同会社|\(株\)|（株）|㈱|銀行|商事|工業|製作所",
    re.IGNORECASE,
)
DEGREE_RE = re.compile(
    r"\b(?:b\.?s\.?c?|b\.?a|m\.?s\.?c?|m\.?a|mba|ph\.?d|bfa|mfa|b\.?eng|m\.?eng|bachelor|"
    r"master|doctor(?:ate)?|diploma|associate degree|high school)\b\.?"
    r"|学士|修士|博士|学部|学科|研究科|大学院|卒業",
    re.IGNORECASE,
)
INSTITUTION_RE = re.compile(
    r"\b(?:university|college|institute|school|academy|polytechnic|universidad|universidade|"
    r"universit[ée]|universit[äa]t|hochschule|fachhochschule|faculdade|facultad|instituto|"
    r"escuela|[ée]cole)\b"
    r"|大学|大学院|高等学校|高校|専門学校|学院|高等専門学校",
    re.IGNORECASE,
)
CERTIFICATION_RE = re.compile(
    r"\b(?:certified|certification|certificate|licensed|license|licence)\b|資格|合格|取得|免許|検定",
    re.IGNORECASE,
)
# Characters resumes start a bullet with (round 11 added the arrows, squares and ticks
# that word processors and PDF exports use: "◾ Ran PM shift", "▸ Led", "✓ Trained").
BULLET_CHARS = "•-*・●◦▪■»›◾▸▹∙⋄‣✓✔➢➤>"
_BULLET_RE = re.compile(rf"^[{re.escape(BULLET_CHARS)}]\s*")
_MAX_BLOCK_CHARS = 20_000
_MARKED_RE = re.compile(r"^(?:[■□◆◇▼▽▶►◎★☆]\s*[^\s、。,.]{2,20}|【[^】]{2,20}】)$")


@dataclass(frozen=True, slots=True)
class TextLine:
    text: str
    start: int
    end: int


def split_lines(text: str, base: int = 0) -> list[TextLine]:
    lines: list[TextLine] = []
    position = 0
    for raw in text.split("\n"):
        lines.append(TextLine(raw, base + position, base + position + len(raw)))
        position += len(raw) + 1
    return lines


@dataclass(frozen=True, slots=True)
class _Heading:
    line_index: int
    match: HeadingMatch


def detect_sections(document: ExtractedDocument) -> tuple[ResumeSection, ...]:
    text = document.text
    lines = split_lines(text)
    headings = _find_headings(lines)
    # (type, title, start, end, confidence)
    drafts: list[tuple[SectionType, str | None, int, int, int]] = []
    first = lines[headings[0].line_index].start if headings else len(text)
    if first > 0:
        drafts.extend(_infer_sections(text, lines, 0, first, at_top=True))
    for number, heading in enumerate(headings):
        line = lines[heading.line_index]
        body_start = (
            line.start + heading.match.rest_offset
            if heading.match.rest_offset is not None
            else line.end
        )
        body_end = (
            lines[headings[number + 1].line_index].start
            if number + 1 < len(headings)
            else len(text)
        )
        start, end = _trim(text, body_start, body_end)
        drafts.append(
            (heading.match.section_type, heading.match.title, start, end, heading.match.confidence)
        )
    sections: list[ResumeSection] = []
    for order, (kind, title, start, end, confidence) in enumerate(drafts, start=1):
        sections.append(
            ResumeSection(
                section_type=kind,
                title=title,
                content=text[start:end],
                start=start,
                end=end,
                start_page=document.page_at(start),
                end_page=document.page_at(max(start, end - 1)),
                order=order,
                confidence=confidence,
            )
        )
    return tuple(sections)


def _find_headings(lines: list[TextLine]) -> list[_Heading]:
    headings: list[_Heading] = []
    open_section: SectionType | None = None
    for index, line in enumerate(lines):
        match = match_heading(line.text) or _unusual_heading(lines, index, open_section)
        if match is None:
            continue
        if match.key in ENTRY_LABELS and open_section in ("experience", "projects"):
            continue  # "Technologies:" inside a job or project entry
        if (
            match.rest_offset is not None
            and index > 0
            and lines[index - 1].text.strip()
            and (open_section in ("experience", "projects"))
        ):
            continue  # "Skills: …" as a line of a job description
        headings.append(_Heading(index, match))
        open_section = match.section_type
    return headings


def _unusual_heading(
    lines: list[TextLine], index: int, open_section: SectionType | None
) -> HeadingMatch | None:
    """A line formatted as a heading (■/【】 marker, or ALL CAPS after a blank line) that names
    no known section: it opens an ``other`` section, and ATS may not recognise it.

    Never inside experience, education or project entries, where markers and capitals label
    parts of one entry (【業務内容】, ACME CORP), nor before the first known heading.
    """
    if open_section in (None, "experience", "education", "projects"):
        return None
    text = lines[index].text.strip()
    following = lines[index + 1].text.strip() if index + 1 < len(lines) else ""
    if (
        not text
        or not following
        or len(text) > 40
        or "@" in text
        or any(ch.isdigit() for ch in text)
    ):
        return None
    if heading_key(text) in DOCUMENT_TITLES:
        return None
    if _MARKED_RE.match(text):
        return HeadingMatch("other", text, 50, key=heading_key(text))
    letters = [ch for ch in text if ch.isalpha()]
    blank_before = index == 0 or not lines[index - 1].text.strip()
    if (
        blank_before
        and text.isascii()
        and len(letters) >= 4
        and len(text.split()) <= 4
        and all(ch.isupper() for ch in letters)
        and not COMPANY_RE.search(text)
        and not TITLE_WORDS_RE.search(text)
    ):
        return HeadingMatch("other", text, 50, key=heading_key(text))
    return None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _blocks(lines: list[TextLine], start: int, end: int) -> list[tuple[int, int]]:
    """Runs of non-blank lines within ``[start, end)``, as (start, end) offsets."""
    blocks: list[tuple[int, int]] = []
    block_start: int | None = None
    block_end = start
    for line in lines:
        if line.end <= start or line.start >= end:
            continue
        if line.text.strip():
            if block_start is None:
                block_start = max(line.start, start)
            block_end = min(line.end, end)
        elif block_start is not None:
            blocks.append((block_start, block_end))
            block_start = None
    if block_start is not None:
        blocks.append((block_start, block_end))
    return blocks


def _role_header(block_lines: list[str]) -> bool:
    """A role's header written without a title word: words, then a date range to the end
    of the line ("Clinician II, Sports & Spine    Jan 2020 - Present"), and a line under it
    (the employer); or a two-part header with its dates alone under it (``_dated_under``)."""
    if len(block_lines) < 2:
        return False
    first = block_lines[0].strip()
    found = find_date_range(first)
    if found is None:
        return _dated_under(first, block_lines[1].strip())
    before, after = first[: found.span[0]], first[found.span[1] :]
    return len(before.split()) >= 2 and not after.strip() and not DEGREE_RE.search(first)


_HEADER_SEPARATOR_RE = re.compile(r" [—–|-] |, ")


def _dated_under(first: str, second: str) -> bool:
    """A role's header in two parts ("ED APP — Willamette Crest Hospital") on one line and
    only its date range on the next ("Jan 2022 – present")."""
    found = find_date_range(second)
    if found is None or second[: found.span[0]].strip() or second[found.span[1] :].strip():
        return False
    return bool(
        _HEADER_SEPARATOR_RE.search(first)
        and 2 <= len(first.split()) <= 16
        and not DEGREE_RE.search(first)
    )


def classify_block(block: str, *, at_top: bool) -> tuple[SectionType, int]:
    """The section type a heading-less block of text most likely is, with a confidence.

    Only the start of an overlong block is read: a block of a real resume is far shorter.
    """
    block = block[:_MAX_BLOCK_CHARS]
    block_lines = [line for line in block.split("\n") if line.strip()]
    contact_hits = sum(
        1
        for line in block_lines
        if EMAIL_RE.search(line) or URL_RE.search(line) or find_phone(line)
    )
    if contact_hits and (at_top or contact_hits * 2 >= len(block_lines)):
        return "contact", 70 if at_top else 55
    ranges = sum(1 for line in block_lines if find_date_range(line))
    if (
        ranges
        and (TITLE_WORDS_RE.search(block) or COMPANY_RE.search(block) or _role_header(block_lines))
        and not (INSTITUTION_RE.search(block) and not COMPANY_RE.search(block))
    ):
        return "experience", 60
    if INSTITUTION_RE.search(block) or (DEGREE_RE.search(block) and len(block) < 400):
        return "education", 55
    items = re.split(r"[,、;|/・\n]", block)
    skills = known_skills(block, in_skills_section=True)
    if len(items) >= 3 and len(skills) >= 2 and len(block) / max(len(items), 1) < 30:
        return "skills", 55
    if CERTIFICATION_RE.search(block) and len(block_lines) <= 6 and len(block) < 400:
        return "certifications", 45
    words = len(block.split())
    if at_top and not ranges and (words >= 12 or (len(block) >= 40 and not block.isascii())):
        return "summary", 45
    return "other", 30


def _infer_sections(
    text: str, lines: list[TextLine], start: int, end: int, *, at_top: bool
) -> list[tuple[SectionType, str | None, int, int, int]]:
    drafts: list[tuple[SectionType, str | None, int, int, int]] = []
    index = -1
    for block_start, block_end in _blocks(lines, start, end):
        if at_top and _is_title_block(text[block_start:block_end]):
            continue  # "職務経歴書 / 2026年11月1日現在", "Curriculum Vitae": not a section
        index += 1
        kind, confidence = classify_block(text[block_start:block_end], at_top=at_top and index <= 1)
        if (
            index == 0
            and at_top
            and kind == "other"
            and _looks_like_name_block(text[block_start:block_end])
        ):
            kind, confidence = "contact", 50
        if (
            drafts
            and drafts[-1][0] == "experience"
            and kind != "contact"
            and _BULLET_RE.match(text[block_start:block_end].strip())
        ):  # the bullets of a role, after a blank line
            kind = "experience"
        if drafts and drafts[-1][0] == kind:
            previous = drafts[-1]
            drafts[-1] = (kind, None, previous[2], block_end, min(previous[4], confidence))
        else:
            drafts.append((kind, None, block_start, block_end, confidence))
    return drafts


_AS_OF_RE = re.compile(r"^(?:\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?\s*(?:現在)?|as of .+)$")


def _is_title_block(block: str) -> bool:
    """A block of only the document's title and an "as of" date."""
    lines = [line.strip() for line in block.split("\n") if line.strip()]
    return bool(lines) and all(
        heading_key(line) in DOCUMENT_TITLES or _AS_OF_RE.match(line) for line in lines
    )


def _looks_like_name_block(block: str) -> bool:
    lines = [line for line in block.split("\n") if line.strip()]
    return len(lines) <= 4 and find_name(lines) is not None


def strip_bullet(line: str) -> str:
    return _BULLET_RE.sub("", line.strip())
