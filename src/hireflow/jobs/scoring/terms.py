"""Words as the engine compares them when no vocabulary entry applies: stems, hashed term
vectors built once per resume, and IDF from the pool of applicants a job is scored with.

A role (its title and bullets) and the whole credited resume each become a sparse vector of
stemmed words (sublinear counts, so repeating a word adds little). At scoring time the
posting's vector is weighted by IDF over the pool (a job's applicants: a word every
applicant uses says little), and cosine similarities of every role and every resume to the
posting are computed in a few vectorised numpy operations. With a pool too small to learn
from (one ``hireflow score``), words count equally, stop words aside.
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np

N_FEATURES = 1 << 20
MIN_POOL = 8  # fewer applicants than this: no pool IDF (words count equally)
_WORD_RE = re.compile(r"[a-z][a-z0-9+#&]*")
# Words of postings and resumes in every occupation that say nothing about the work.
_BOILERPLATE = """
experience experienced year years yrs month months required requirement requirements
preferred plus ability able strong excellent good solid proven demonstrated knowledge
working work worked skills skill team teams responsible responsibilities including
must will new etc per using use used within across based job role position candidate
candidates company pay hour hours hr benefits salary including level current present
"""
_ENGLISH = """
a about above after again against all almost also am among an and any are as at be became
because been before being below between both but by can could did do does doing done down
during each either else etc even ever every few for from further get gets got had has have
having he her here hers him his how however i if in into is it its itself just least less
like made make makes many may me might more most much my near need needs neither no nor not
now of off often on once one only or other others our ours out over own per rather re same
she should since so some still such than that the their them then there these they this
those though through thus to too toward towards under until up upon us very via was we well
were what when where whether which while who whom whose why with without would yet you your
"""
STOP_WORDS = frozenset(_ENGLISH.split()) | frozenset(_BOILERPLATE.split())
# General English abbreviations (not any occupation's own): written out before stemming.
# British and American spellings of one word stem alike ("licence" = "licensed").
_SPELLINGS = {
    "licence": "license",
    "licences": "licenses",
    "licenced": "licensed",
    "licencing": "licensing",
    "defence": "defense",
    "offence": "offense",
    "practise": "practice",
    "practised": "practiced",
    "centre": "center",
    "centres": "centers",
    "programme": "program",
    "programmes": "programs",
}
_ABBREVIATIONS = {
    "mgr": "manager",
    "mgmt": "management",
    "asst": "assistant",
    "assoc": "associate",
    "sr": "senior",
    "jr": "junior",
    "dept": "department",
    "ops": "operations",
    "admin": "administration",
    "coord": "coordinator",
    "supv": "supervisor",
    "spvr": "supervisor",
    "eng": "engineer",
    "engr": "engineer",
    "tech": "technician",
    "techs": "technician",
    "rep": "representative",
    "reps": "representative",
    "svc": "service",
    "svcs": "services",
    "cust": "customer",
    "acct": "account",
    "mktg": "marketing",
    "dev": "development",
    "govt": "government",
    "intl": "international",
    "maint": "maintenance",
    "mfg": "manufacturing",
    "qa": "quality",
    "qc": "quality",
}
_SUFFIXES = (
    "izations",
    "ization",
    "isation",
    "ational",
    "fulness",
    "iveness",
    "ations",
    "ation",
    "ments",
    "ment",
    "ingly",
    "ings",
    "ing",
    "ities",
    "ity",
    "ers",
    "er",
    "ors",
    "or",
    "ists",
    "ist",
    "ions",
    "ion",
    "ives",
    "ive",
    "als",
    "al",
    "ed",
    "ly",
)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light, general English stem: plural, then one derivational suffix, then a final
    "e" ("installer", "installation", "installing" → "install"; "nurse", "nursing" → "nurs")."""
    word = _ABBREVIATIONS.get(word, word)
    word = _SPELLINGS.get(word, word)
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "slz":
        word = word[:-1]  # "planning" → "plann" → "plan"
    return word


@lru_cache(maxsize=65536)
def _index(term: str) -> int:
    return zlib.crc32(term.encode()) & (N_FEATURES - 1)


def stems(text: str) -> list[str]:
    """The content words of a text, stemmed (stop words out)."""
    return [stem(w) for w in _WORD_RE.findall(text.lower()) if w not in STOP_WORDS]


_PHRASE_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'-]*|[^A-Za-z\s]+")
MIN_ACRONYM = 3  # two letters ("PM", "MS") stand for too many things
_LINK_WORDS = frozenset({"of", "and", "&", "for"})


def acronyms(text: str) -> list[str]:
    """The initialisms a text's phrases would be written as ("assistant front office
    manager" → "afom", "front desk" → "fd", "director of rooms" → "dor" and "dr"): a resume
    writes them where the posting spells them out. Taken from the posting, not from a list."""
    found: dict[str, None] = {}
    for line in text.split("\n"):
        words = [w.lower() for w in _PHRASE_WORD_RE.findall(line)]
        for start in range(len(words)):
            if not words[start][0].isalpha() or words[start] in STOP_WORDS:
                continue
            letters, plain = "", ""
            for word in words[start : start + 6]:
                if not word[0].isalpha():
                    break
                letters += word[0]
                if word not in _LINK_WORDS:
                    plain += word[0]
                if word in STOP_WORDS and word not in _LINK_WORDS:
                    break
                if word in STOP_WORDS:
                    continue  # a phrase does not end on "of" or "and"
                for acronym in (letters, plain):
                    if MIN_ACRONYM <= len(acronym) <= 5 and acronym not in STOP_WORDS:
                        found.setdefault(acronym, None)
    own = set(_WORD_RE.findall(text.lower()))
    return [a for a in found if a not in own]


def term_ids(text: str) -> list[int]:
    return [_index(s) for s in stems(text)]


Vector = tuple[np.ndarray[Any, np.dtype[np.int32]], np.ndarray[Any, np.dtype[np.float32]]]
_EMPTY: Vector = (np.zeros(0, np.int32), np.zeros(0, np.float32))


def vector(parts: Iterable[tuple[str, float]]) -> Vector:
    """The sparse vector of weighted texts: per term, 1 + log of its weighted count
    (repetition adds little); sorted term ids."""
    counts: dict[int, float] = {}
    for text, weight in parts:
        if weight <= 0:
            continue
        for term in term_ids(text):
            counts[term] = counts.get(term, 0.0) + weight
    if not counts:
        return _EMPTY
    ids = np.fromiter(sorted(counts), np.int32, len(counts))
    values = np.array([counts[int(i)] for i in ids], np.float32)
    values = np.where(values > 1.0, 1.0 + np.log(np.maximum(values, 1.0)), values)
    return ids, values.astype(np.float32)


def idf(pool: Sequence[Vector], extra: Sequence[Vector] = ()) -> np.ndarray[Any, Any] | None:
    """Smoothed IDF over the pool (plus ``extra`` documents, the posting); None when the
    pool is too small to say which words are common."""
    if len(pool) < MIN_POOL:
        return None
    docs = [*pool, *extra]
    ids = np.concatenate([d[0] for d in docs]) if docs else np.zeros(0, np.int32)
    df = np.bincount(ids, minlength=N_FEATURES).astype(np.float64)
    return np.log((1.0 + len(docs)) / (1.0 + df)) + 1.0


def weighted(vec: Vector, weights: np.ndarray[Any, Any] | None) -> dict[int, float]:
    """A vector as term → value, IDF-weighted when ``weights`` is given, L2-normalised."""
    ids, values = vec
    scaled = values.astype(np.float64) * (weights[ids] if weights is not None else 1.0)
    norm = float(np.sqrt(np.dot(scaled, scaled))) or 1.0
    return {int(i): float(v) / norm for i, v in zip(ids, scaled, strict=True)}


def cosines(
    query: Vector, docs: Sequence[Vector], weights: np.ndarray[Any, Any] | None
) -> np.ndarray[Any, np.dtype[np.float64]]:
    """Cosine of each document to ``query`` (both IDF-weighted), vectorised over docs."""
    if not docs:
        return np.zeros(0)
    dense = np.zeros(N_FEATURES, np.float64)
    q_ids, q_values = query
    q = q_values.astype(np.float64) * (weights[q_ids] if weights is not None else 1.0)
    q_norm = math.sqrt(float(np.dot(q, q)))
    if not q_norm:
        return np.zeros(len(docs))
    dense[q_ids] = q / q_norm
    lengths = np.fromiter((len(d[0]) for d in docs), np.int64, len(docs))
    if not lengths.sum():
        return np.zeros(len(docs))
    ids = np.concatenate([d[0] for d in docs])
    values = np.concatenate([d[1] for d in docs]).astype(np.float64)
    if weights is not None:
        values *= weights[ids]
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    nonempty = lengths > 0
    dots = np.zeros(len(docs))
    norms = np.zeros(len(docs))
    dots[nonempty] = np.add.reduceat(values * dense[ids], starts[nonempty])
    norms[nonempty] = np.sqrt(np.add.reduceat(values * values, starts[nonempty]))
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(norms > 0, dots / norms, 0.0)
    return np.asarray(out, np.float64)
