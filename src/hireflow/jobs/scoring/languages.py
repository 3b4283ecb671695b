"""Resumes in another language: which one (Spanish, French, German, Portuguese, Italian,
Polish, Dutch, Swedish, Danish, Czech, Turkish, Romanian or English), and a word-for-word
English gloss of a line with where each glossed word came from, so the engine reads roles,
skills and degrees against an English posting while quotes stay in the resume's own words.

The glossary (``glossary.txt``) holds general work words only: titles' generic words,
actions, objects of any workplace, degrees and language names, with prefix entries for
inflected forms and, for German, Dutch, Swedish and Danish, a split of compounds into two
known words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

LANGUAGE_NAMES = {
    "es": "Spanish",
    "fr": "French",
    "de": "German",
    "pt": "Portuguese",
    "it": "Italian",
    "pl": "Polish",
    "nl": "Dutch",
    "sv": "Swedish",
    "da": "Danish",
    "cs": "Czech",
    "tr": "Turkish",
    "ro": "Romanian",
}
# Function words that tell the languages apart (never a work word).
_MARKERS = {
    "en": "the and of with for to in on at by from our as was were have has",
    "es": "el los las y del con para por una unos al que en su como mi",
    "fr": "le les et des du avec pour une au aux dans sur que qui mes",
    "de": "der die das und mit für von im bei zur zum eine einer den dem sowie",
    "pt": "do da dos das com em uma no na nos pelo pela ao que meu minha",
    "it": "il lo gli della delle dei degli nel nella negli una che di ed sul alla ai dal",
    "pl": "w z dla oraz od się jako przy przez ze lub jest oraz jak roku",
    "nl": "het een van voor bij ook naar aan uit zijn ik om wij niet werd heb",
    "sv": "och av för från till är jag vid ett inom även där också inte mina våra sedan",
    "da": "og af til fra ved jeg ikke hvor også "
    "vores været være hvilket gennem blandt herunder inden indenfor",
    "cs": "v ve na se pro při jsem jsou nebo také který která které že byl byla ke k až",
    "tr": "ve bir bu ile için olarak daha çok gibi "
    "olan veya ayrıca kadar sonra göre tüm arasında tarafından",
    "ro": "și şi în pentru cu pe sau care prin unui unei fost precum iar până pana într dintre",
}
_MARKER_SETS = {lang: frozenset(words.split()) for lang, words in _MARKERS.items()}
_WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_MIN_MARKERS = 5  # fewer function words than this: too little text to tell
_MAX_PHRASE = 4
_CONNECTORS = frozenset(
    {"de", "del", "du", "des", "da", "do", "dos", "das", "of", "d"}
    | {"di", "della", "dei", "degli", "delle", "dello", "dell"}  # Italian
    | {"van", "voor"}  # Dutch ("Hoofd van de receptie")
    | {
        "a",
        "af",
        "ai",
        "al",
        "ale",
        "de",
        "for",
        "för",
        "inom",
        "pentru",
        "pro",
        "på",
        "v",
        "ve",
        "vid",
        "över",
    }  # sv, da, cs, tr, ro
)


def fold(word: str) -> str:
    """Lower case without accents ("Gestión" → "gestion")."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return folded.replace("ß", "ss").replace("ł", "l")  # Polish ł has no decomposition


@dataclass(frozen=True)
class _Glossary:
    words: dict[str, dict[str, str]]  # language → folded word → English
    prefixes: dict[str, list[tuple[str, str]]]  # language → (prefix, English), longest first
    phrases: dict[str, dict[tuple[str, ...], str]]  # language → folded words → English
    english: frozenset[str]  # English words (a resume in Portuguese writes "Customer Success")


@lru_cache(maxsize=1)
def _glossary() -> _Glossary:
    words: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGE_NAMES}
    prefixes: dict[str, list[tuple[str, str]]] = {lang: [] for lang in LANGUAGE_NAMES}
    phrases: dict[str, dict[tuple[str, ...], str]] = {lang: {} for lang in LANGUAGE_NAMES}
    text = resources.files(__package__).joinpath("glossary.txt").read_text(encoding="utf-8")
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or "=" not in line:
            continue
        left, english = line.split("=", 1)
        lang, *keys = left.split()
        for key in keys:
            key = fold(key)
            if "_" in key:
                phrases[lang][tuple(key.split("_"))] = english.strip()
            elif key.endswith("*"):
                prefixes[lang].append((key[:-1], english.strip()))
            else:
                words[lang][key] = english.strip()
    for entries in prefixes.values():
        entries.sort(key=lambda item: -len(item[0]))
    # English words a prefix must not turn into something else ("customer" is not "custo*"):
    # the English side of the glossary and the words of the fit vocabulary's phrases.
    known = resources.files(__package__).joinpath("vocabulary.txt").read_text(encoding="utf-8")
    english_words = {
        w
        for line in (*text.splitlines(), *known.splitlines())
        if not line.lstrip().startswith("#")
        for w in re.findall(r"[a-z]{4,}", line.split("=", 1)[-1].lower())
    }
    return _Glossary(words, prefixes, phrases, frozenset(english_words))


def language_of(text: str) -> str:
    """ "en" or a key of ``LANGUAGE_NAMES``: the language whose function words the text uses
    most ("en" when there is too little text to tell)."""
    counts = dict.fromkeys(_MARKER_SETS, 0)
    for word in _WORD_RE.findall(text.lower()):
        for lang, markers in _MARKER_SETS.items():
            if word in markers:
                counts[lang] += 1
    best = max(counts, key=lambda lang: counts[lang])
    if best == "en" or counts[best] < _MIN_MARKERS or counts[best] < 2 * counts["en"]:
        return "en"
    return best


# Elided articles and prepositions in front of a word (French, Italian).
_ELIDED = frozenset({"d", "l", "dell", "all", "nell", "dall", "sull", "un", "qu", "c", "s", "n"})
_COMPOUNDING = frozenset({"da", "de", "nl", "sv"})  # "Onderhoudsmonteur" → maintenance + mechanic


@lru_cache(maxsize=65536)
def _word(lang: str, key: str) -> str | None:
    glossary = _glossary()
    head, apostrophe, tail = key.partition("'")
    if apostrophe and head in _ELIDED and tail:  # "dell'inventario", "l'équipe"
        return _word(lang, tail)
    known = glossary.words[lang]
    for candidate in (key, key[:-1] if key.endswith("s") else "", key[:-2]):
        if candidate and candidate in known and (candidate == key or len(key) > 3):
            return known[candidate]
    if key in glossary.english:
        return None  # an English word in the resume stays as written
    for prefix, english in glossary.prefixes[lang]:
        if key.startswith(prefix) and len(key) - len(prefix) <= 5:
            return english
    if lang in _COMPOUNDING and len(key) >= 8:  # "Benutzerverwaltung" → user + administration
        for cut in range(len(key) - 3, 2, -1):
            head, tail = key[:cut], key[cut:]
            tail_english = _word(lang, tail)
            head_english = _word(lang, head) or (
                _word(lang, head[:-1]) if head.endswith("s") else None
            )
            if tail_english and head_english:
                return f"{head_english} {tail_english}"
    return None


@dataclass(frozen=True, slots=True)
class Gloss:
    """An English gloss of one line and, for each of its characters, the span of the
    original text it came from."""

    text: str
    origin: tuple[tuple[int, int], ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the gloss span ``start:end``."""
        if not self.origin:
            return 0, 0
        start = min(max(start, 0), len(self.origin) - 1)
        end = min(max(end, start + 1), len(self.origin))
        return self.origin[start][0], self.origin[end - 1][1]


def gloss(text: str, lang: str) -> Gloss:
    """The line word for word in English (unknown words, numbers and names kept as they
    are; function words dropped); identity for English."""
    if lang not in LANGUAGE_NAMES:
        return Gloss(text, tuple((i, i + 1) for i in range(len(text))))
    phrases = _glossary().phrases[lang]
    matches = list(_WORD_RE.finditer(text))
    out: list[str] = []
    origin: list[tuple[int, int]] = []
    position, index = 0, 0

    def emit(piece: str, span: tuple[int, int]) -> None:
        out.append(piece)
        origin.extend([span] * len(piece))

    while index < len(matches):
        match = matches[index]
        for offset in range(match.start() - position):
            emit(text[position + offset], (position + offset, position + offset + 1))
        english: str | None = None
        taken = 1
        for size in range(min(_MAX_PHRASE, len(matches) - index), 1, -1):
            key = tuple(fold(m.group()) for m in matches[index : index + size])
            if key in phrases:
                english, taken = phrases[key], size
                break
        if english is None:
            english = _word(lang, fold(match.group()))
        last = matches[index + taken - 1]
        span = (match.start(), last.end())
        if english is None:
            for offset in range(span[0], span[1]):
                emit(text[offset], (offset, offset + 1))
        else:
            emit(english, span)
        position = span[1]
        index += taken
    for offset in range(position, len(text)):
        emit(text[offset], (offset, offset + 1))
    return Gloss("".join(out), tuple(origin))


def gloss_title(title: str, lang: str) -> str:
    """A job title in English word order: "Gerente de Propiedad" → "property manager",
    "Gerente de Sucesso do Cliente" → "customer success manager"."""
    if lang not in LANGUAGE_NAMES:
        return title
    # An elided article or preposition is its own word ("Governante d'albergo").
    words = _ELIDED_RE.sub(r"\1 ", title).split()
    for index, word in enumerate(words):
        if 0 < index < len(words) - 1 and fold(word) in _CONNECTORS:
            head = " ".join(words[:index])
            rest = " ".join(words[index + 1 :])
            return f"{gloss_title(rest, lang)} {gloss_title(head, lang)}".strip()
    if _has_phrase(words, lang):
        # A phrase of the glossary is glossed whole, in its English order ("Enfermera
        # registrada" → "registered nurse", never word by word "records nurse").
        return _plain_gloss(title, lang)
    if (
        lang in _NOUN_FIRST
        and 2 <= len(words) <= 4
        and _word(lang, fold(words[0])) not in (None, *_LEADING_ADJECTIVES)
    ):
        # The head noun comes first, its adjectives after: "Higienista dental" → "dental
        # hygienist", "Gerente general" → "general manager". A word the glossary does not
        # know stays after the noun ("Representante Associado" → "representative
        # Associado"), so it never splits the noun from the words before it.
        head, after = words[0], words[1:]
        known = [w for w in after if _readable(lang, w)]
        unknown = [w for w in after if not _readable(lang, w)]
        return " ".join(
            part
            for part in (
                _plain_gloss(" ".join(known), lang),
                _plain_gloss(head, lang),
                " ".join(unknown),
            )
            if part
        )
    return _plain_gloss(title, lang)


# Level adjectives that stand in front of the noun even in noun-first languages ("Starszy
# specjalista", "Senior analista"): a title starting with one is not reordered.
_LEADING_ADJECTIVES = frozenset({"senior", "junior", "chief", "principal"})


def _has_phrase(words: list[str], lang: str) -> bool:
    """The title opens with a phrase of the glossary (its head noun and the words that
    make it one title: "Enfermera registrada", "Technik utrzymania ruchu")."""
    phrases = _glossary().phrases[lang]
    keys = tuple(fold(w.strip(".,;:()")) for w in words[:_MAX_PHRASE])
    return any(keys[:size] in phrases for size in range(2, len(keys) + 1))


def _readable(lang: str, word: str) -> bool:
    """The glossary reads ``word`` in English, or it is an English word already."""
    key = fold(word)
    return _word(lang, key) is not None or key in _glossary().english


_ELIDED_RE = re.compile(r"(?i)\b(d|dell)['’](?=\w)")
# Languages whose adjectives (Polish: the genitive complement) follow the noun: "Kierownik
# produkcji" → "production manager", "Kierownik zmiany" → "shift supervisor".
_NOUN_FIRST = frozenset({"es", "fr", "pt", "it", "pl", "cs", "ro"})


def _plain_gloss(text: str, lang: str) -> str:
    return re.sub(r"\s+", " ", gloss(text, lang).text).strip()


_DEFINED_RE = re.compile(r"((?:[A-Za-z][\w&'-]*\s+){1,6})\(\s*([A-Z][A-Za-z]{1,5})s?\s*\)")
_DEFINES_RE = re.compile(r"\b([A-Z][A-Z&]{1,5})s?\s*\(\s*([A-Za-z][\w&' -]{3,60}?)\s*\)")
_SMALL_WORDS = frozenset({"of", "and", "&", "for", "the", "de", "y", "et"})


def _initials_match(abbreviation: str, words: list[str]) -> str | None:
    """The trailing words of ``words`` whose initials spell ``abbreviation`` (small words
    may be skipped), as a phrase; None when they do not."""
    letters = abbreviation.lower().replace("&", "")
    for start in range(len(words) - 1, -1, -1):
        phrase = words[start:]
        if phrase[0].lower() in _SMALL_WORDS:
            continue
        initials = "".join(w[0].lower() for w in phrase if w.lower() not in _SMALL_WORDS)
        if letters in (initials, "".join(w[0].lower() for w in phrase)):
            return " ".join(phrase)
        if len(initials) > len(letters):
            break
    return None


def defined_abbreviations(text: str) -> dict[str, str]:
    """Abbreviations a resume defines for itself: "Front Office Manager (FOM)" or "FOM
    (Front Office Manager)" → {"FOM": "Front Office Manager"}, so its "FOM since 2023"
    elsewhere reads as the phrase."""
    found: dict[str, str] = {}
    for match in _DEFINED_RE.finditer(text):
        phrase = _initials_match(match.group(2), match.group(1).split())
        if phrase and len(match.group(2)) >= 2:
            found.setdefault(match.group(2).upper(), phrase)
    for match in _DEFINES_RE.finditer(text):
        phrase = _initials_match(match.group(1), match.group(2).split())
        if phrase and phrase == match.group(2).strip():
            found.setdefault(match.group(1).upper(), phrase)
    return found


_DOTTED_RE = re.compile(r"(?<![\w.])((?:[A-Z]\.){2,6})(?![\w])")


def undot(line: Gloss) -> Gloss:
    """The gloss with dotted initialisms written as people also write them: "M.S.W.,
    L.C.S.W." → "MSW, LCSW" (each letter keeps the initialism's place)."""
    return _rewrite(line, _DOTTED_RE, lambda match: match.group().replace(".", ""))


def expand(line: Gloss, abbreviations: dict[str, str]) -> Gloss:
    """The gloss with each whole-word use of a defined abbreviation written out (each
    written-out character keeps the abbreviation's place)."""
    if not abbreviations:
        return line
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(a) for a in abbreviations) + r")s?(?![\w-])"
    )
    # The abbreviation stays too, so the posting's own initialisms still match it.
    return _rewrite(line, pattern, lambda match: f"{match.group()} {abbreviations[match.group(1)]}")


def _rewrite(
    line: Gloss, pattern: re.Pattern[str], piece_of: Callable[[re.Match[str]], str]
) -> Gloss:
    """The gloss with every match of ``pattern`` replaced by ``piece_of(match)``; each
    replacement character maps back to the matched span."""
    out: list[str] = []
    origin: list[tuple[int, int]] = []
    position = 0
    for match in pattern.finditer(line.text):
        out.append(line.text[position : match.start()])
        origin.extend(line.origin[position : match.start()])
        piece = piece_of(match)
        out.append(piece)
        origin.extend([line.span(match.start(), match.end())] * len(piece))
        position = match.end()
    if not position:
        return line
    out.append(line.text[position:])
    origin.extend(line.origin[position:])
    return Gloss("".join(out), tuple(origin))


# Clipped work words people write in any industry ("Maint. Tech", "Dining Room Mgr",
# "fracture mgmt"): each reads as the word written out too. Generic words of titles and
# workplaces only, never one occupation's terms; an all-caps key matches only as written.
_CLIPPED = {
    "mgr": "manager",
    "mgrs": "managers",
    "mgmt": "management",
    "asst": "assistant",
    "maint": "maintenance",
    "mfg": "manufacturing",
    "ops": "operations",
    "svc": "service",
    "svcs": "services",
    "cust": "customer",
    "coord": "coordinator",
    "dir": "director",
    "supv": "supervisor",
    "supvr": "supervisor",
    "dept": "department",
    "admin": "administration",
    "elec": "electrical",
    "mech": "mechanical",
    "hyd": "hydraulic",
    "pneu": "pneumatic",
    "tech": "technician",
    "techs": "technicians",
    "exec": "executive",
    "rep": "representative",
    "reps": "representatives",
    "mktg": "marketing",
    "prod": "production",
    "equip": "equipment",
    "sched": "scheduling",
    "trng": "training",
    "govt": "government",
    "intl": "international",
    "GM": "general manager",
    "AGM": "assistant general manager",
}
_CLIPPED_RE = re.compile(
    r"(?<![\w&/-])(?:(?i:"
    + "|".join(k for k in _CLIPPED if not k.isupper())
    + r")|"
    + "|".join(k for k in _CLIPPED if k.isupper())
    + r")(?![\w&-])\.?"
)


def unclip(line: Gloss, *, keep: bool = True) -> Gloss:
    """The gloss with common clipped words also written out: "Maint. Tech" → "Maint.
    maintenance Tech technician" (the written-out words keep the clipped word's place);
    ``keep=False`` writes them out instead ("maintenance technician", for a title)."""

    def piece(match: re.Match[str]) -> str:
        word = match.group().rstrip(".")
        english = _CLIPPED.get(word) or _CLIPPED[word.lower()]
        return f"{match.group()} {english}" if keep else english

    return _rewrite(line, _CLIPPED_RE, piece)
