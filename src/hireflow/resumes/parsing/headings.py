"""Section headings as resumes write them, in English, Japanese, Spanish, French, German,
Portuguese, Italian, Polish and Dutch."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hireflow.resumes.document import SectionType

# Normalised spellings (lower case, single spaces, no markers or trailing colon).
HEADINGS: dict[SectionType, tuple[str, ...]] = {
    "contact": (
        "contact",
        "contact information",
        "contact info",
        "contact details",
        "personal details",
        "personal information",
        "personal data",
        "連絡先",
        "基本情報",
        "個人情報",
        "プロフィール情報",
        "datos personales",
        "datos de contacto",
        "información de contacto",
        "contacto",
        "coordonnées",
        "informations personnelles",
        "contact et informations",
        "kontakt",
        "kontaktdaten",
        "persönliche daten",
        "persönliche angaben",
        "angaben zur person",
        "dados pessoais",
        "contato",
        "contacto e dados pessoais",
        "informações de contato",
        "contatti",
        "dati personali",
        "informazioni personali",
        "informazioni di contatto",
        "dane osobowe",
        "dane kontaktowe",
        "kontakt",
        "contactgegevens",
        "persoonlijke gegevens",
        "personalia",
        "contactinformatie",
    ),
    "summary": (
        "summary",
        "professional summary",
        "career summary",
        "executive summary",
        "profile",
        "professional profile",
        "career profile",
        "about me",
        "about",
        "objective",
        "career objective",
        "professional objective",
        "personal statement",
        "overview",
        "summary of qualifications",
        "highlights",
        "career highlights",
        "職務要約",
        "職務概要",
        "要約",
        "概要",
        "自己pr",
        "自己紹介",
        "自己アピール",
        "志望動機",
        "志望の動機",
        "キャリアサマリー",
        "プロフィール",
        "resumen",
        "resumen profesional",
        "perfil",
        "perfil profesional",
        "sobre mí",
        "objetivo",
        "objetivo profesional",
        "profil",
        "profil professionnel",
        "résumé professionnel",
        "à propos",
        "objectif",
        "objectif professionnel",
        "kurzprofil",
        "profil und ziele",
        "über mich",
        "zusammenfassung",
        "berufsziel",
        "resumo",
        "resumo profissional",
        "perfil profissional",
        "sobre mim",
        "objetivo profissional",
        "profilo",
        "profilo professionale",
        "sommario",
        "obiettivo",
        "obiettivo professionale",
        "chi sono",
        "profil zawodowy",
        "podsumowanie",
        "o mnie",
        "cel zawodowy",
        "profiel",
        "persoonlijk profiel",
        "samenvatting",
        "over mij",
        "doelstelling",
        "research interests",
        "research statement",
    ),
    "experience": (
        "experience",
        "work experience",
        "professional experience",
        "employment history",
        "employment",
        "work history",
        "work",
        "jobs",
        "positions",
        "roles",
        "career history",
        "relevant experience",
        "professional background",
        "career",
        "experience and employment",
        "positions held",
        "職務経歴",
        "職歴",
        "職務経歴詳細",
        "職務内容",
        "経歴",
        "業務経歴",
        "職務経験",
        "実務経験",
        "学歴・職歴",
        "職歴・学歴",
        "experiencia",
        "experiencia profesional",
        "experiencia laboral",
        "historial laboral",
        "trayectoria profesional",
        "expérience",
        "expérience professionnelle",
        "expériences professionnelles",
        "parcours professionnel",
        "berufserfahrung",
        "berufliche erfahrung",
        "berufspraxis",
        "beruflicher werdegang",
        "werdegang",
        "praktische erfahrung",
        "experiência",
        "experiência profissional",
        "histórico profissional",
        "esperienza",
        "esperienze",
        "esperienza professionale",
        "esperienze professionali",
        "esperienza lavorativa",
        "esperienze lavorative",
        "doświadczenie",
        "doświadczenie zawodowe",
        "przebieg pracy",
        "historia zatrudnienia",
        "werkervaring",
        "ervaring",
        "loopbaan",
        "arbeidsverleden",
        "professionele ervaring",
        "research experience",
        "teaching experience",
        "industry experience",
        "internships",
        "internship",
        "internship experience",
        "work experience and internships",
        "professional history",
        "employment experience",
    ),
    "education": (
        "education",
        "educational background",
        "academic background",
        "education and training",
        "academic qualifications",
        "academics",
        "学歴",
        "最終学歴",
        "educación",
        "formación",
        "formación académica",
        "estudios",
        "éducation",
        "formation",
        "formation académique",
        "études",
        "diplômes",
        "ausbildung",
        "bildung",
        "bildungsweg",
        "akademische ausbildung",
        "studium",
        "schulbildung",
        "educação",
        "formação",
        "formação académica",
        "formação acadêmica",
        "escolaridade",
        "istruzione",
        "formazione",
        "istruzione e formazione",
        "titoli di studio",
        "percorso di studi",
        "wykształcenie",
        "edukacja",
        "opleiding",
        "opleidingen",
        "onderwijs",
        "opleiding en cursussen",
        "academic qualification",
        "educational qualifications",
        "educational qualification",
        "academic profile",
        "academic details",
        "scholastic profile",
        "education & training",
    ),
    "skills": (
        "skills",
        "technical skills",
        "core competencies",
        "competencies",
        "key skills",
        "core skills",
        "skills and abilities",
        "skills and tools",
        "skills & tools",
        "technologies",
        "tech stack",
        "technical expertise",
        "areas of expertise",
        "expertise",
        "tools",
        "tools and technologies",
        "technical proficiencies",
        "skill set",
        "skillset",
        "スキル",
        "技術スキル",
        "保有スキル",
        "テクニカルスキル",
        "活かせる経験・知識・技術",
        "活かせる経験、知識、技術",
        "開発環境",
        "使用技術",
        "得意分野",
        "スキル・知識",
        "スキルセット",
        "技術",
        "habilidades",
        "competencias",
        "aptitudes",
        "conocimientos",
        "habilidades técnicas",
        "conocimientos técnicos",
        "compétences",
        "compétences techniques",
        "savoir-faire",
        "kenntnisse",
        "fähigkeiten",
        "kompetenzen",
        "fachkenntnisse",
        "it-kenntnisse",
        "edv-kenntnisse",
        "technische fähigkeiten",
        "competências",
        "habilidades técnicas e ferramentas",
        "conhecimentos",
        "competências técnicas",
        "competenze",
        "competenze tecniche",
        "capacità",
        "abilità",
        "conoscenze",
        "umiejętności",
        "kompetencje",
        "umiejętności techniczne",
        "vaardigheden",
        "competenties",
        "kennis",
        "technische vaardigheden",
        "kennis en vaardigheden",
        "software skills",
        "it skills",
        "computer skills",
        "key skills and competencies",
        "technical skill",
        "skills summary",
        "programming languages",
    ),
    "certifications": (
        "certifications",
        "certification",
        "certificates",
        "licenses",
        "licences",
        "licenses and certifications",
        "licenses & certifications",
        "certifications and licenses",
        "qualifications",
        "professional certifications",
        "資格",
        "免許・資格",
        "資格・免許",
        "保有資格",
        "免許",
        "取得資格",
        "資格・検定",
        "certificaciones",
        "certificados",
        "certifications professionnelles",
        "zertifikate",
        "zertifizierungen",
        "certificações",
        "certificados e cursos",
        "certificazioni",
        "attestati",
        "abilitazioni",
        "corsi",
        "certyfikaty",
        "uprawnienia",
        "kursy",
        "szkolenia",
        "certificaten",
        "certificeringen",
        "cursussen",
        "diploma's en certificaten",
        "courses",
        "courses and certifications",
        "trainings",
        "training",
    ),
    "projects": (
        "projects",
        "personal projects",
        "key projects",
        "side projects",
        "selected projects",
        "open source",
        "open source contributions",
        "portfolio",
        "プロジェクト",
        "主なプロジェクト",
        "プロジェクト経歴",
        "プロジェクト実績",
        "開発実績",
        "ポートフォリオ",
        "proyectos",
        "projets",
        "projekte",
        "projetos",
        "progetti",
        "projekty",
        "projecten",
        "academic projects",
        "research projects",
        "projects undertaken",
    ),
    "achievements": (
        "achievements",
        "accomplishments",
        "key achievements",
        "awards",
        "honors",
        "honours",
        "awards and honors",
        "awards & honors",
        "recognition",
        "受賞歴",
        "実績",
        "表彰",
        "主な実績",
        "成果",
        "logros",
        "premios",
        "réalisations",
        "distinctions",
        "prix",
        "auszeichnungen",
        "erfolge",
        "conquistas",
        "prêmios",
        "prémios",
        "riconoscimenti",
        "premi",
        "risultati",
        "osiągnięcia",
        "nagrody",
        "prestaties",
        "onderscheidingen",
        "honors and awards",
        "honours and awards",
        "scholarships",
        "awards and scholarships",
    ),
    "other": (
        "interests",
        "hobbies",
        "hobbies and interests",
        "references",
        "volunteer",
        "volunteering",
        "volunteer experience",
        "publications",
        "languages",
        "activities",
        "extracurricular activities",
        "additional information",
        "memberships",
        "趣味",
        "特技",
        "趣味・特技",
        "語学",
        "語学力",
        "本人希望記入欄",
        "その他",
        "備考",
        "通勤時間",
        "idiomas",
        "langues",
        "sprachen",
        "sprachkenntnisse",
        "línguas",
        "intereses",
        "aficiones",
        "centres d'intérêt",
        "loisirs",
        "hobbys",
        "interessen",
        "interesses",
        "referencias",
        "références",
        "referenzen",
        "referências",
        "publicaciones",
        "publications scientifiques",
        "publikationen",
        "publicações",
        "voluntariado",
        "bénévolat",
        "ehrenamt",
        "lingue",
        "lingue straniere",
        "conoscenze linguistiche",
        "interessi",
        "hobby",
        "referenze",
        "volontariato",
        "pubblicazioni",
        "języki",
        "języki obce",
        "zainteresowania",
        "referencje",
        "wolontariat",
        "publikacje",
        "talen",
        "talenkennis",
        "interesses",
        "hobby's",
        "referenties",
        "vrijwilligerswerk",
        "publicaties",
        "languages known",
        "language known",
        "language skills",
        "language proficiency",
        "declaration",
        "strengths",
        "personal profile",
        "extra-curricular activities",
        "co-curricular activities",
        "talks",
        "presentations",
        "service",
        "teaching",
        "leadership",
        "leadership experience",
        "conferences",
    ),
}

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
    return re.sub(r"\s+", " ", text).lower().replace("ｐｒ", "pr"), cue


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
