"""Words the availability grammar knows: weekdays, months, parts of day, cue words."""

from __future__ import annotations

from datetime import time

from hireflow.negotiation.parsing.schemas import PartOfDay

WEEKDAYS: dict[str, int] = {}
for _index, _names in enumerate(
    (
        ("monday", "mon"),
        ("tuesday", "tue", "tues"),
        ("wednesday", "wed", "weds"),
        ("thursday", "thu", "thur", "thurs"),
        ("friday", "fri"),
        ("saturday", "sat"),
        ("sunday", "sun"),
    )
):
    for _name in _names:
        WEEKDAYS[_name] = _index
JA_WEEKDAYS = {"月": 0, "火": 1, "水": 2, "木": 3, "金": 4, "土": 5, "日": 6}

MONTHS: dict[str, int] = {}
for _index, _names in enumerate(
    (
        ("january", "jan"),
        ("february", "feb"),
        ("march", "mar"),
        ("april", "apr"),
        ("may",),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ),
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _index

PART_WINDOWS: dict[PartOfDay, tuple[time, time]] = {
    "morning": (time(8), time(12)),
    "lunchtime": (time(12), time(14)),
    "afternoon": (time(12), time(17)),
    "after_lunch": (time(13), time(17)),
    "evening": (time(17), time(20)),
    "working_day": (time(9), time(18)),
}
PART_WORDS: dict[str, PartOfDay] = {
    "early morning": "morning",
    "late morning": "morning",
    "mornings": "morning",
    "morning": "morning",
    "in the am": "morning",
    "before lunch": "morning",
    "lunchtime": "lunchtime",
    "lunch time": "lunchtime",
    "over lunch": "lunchtime",
    "at lunch": "lunchtime",
    "around lunch": "lunchtime",
    "after lunch": "after_lunch",
    "late afternoon": "afternoon",
    "afternoons": "afternoon",
    "afternoon": "afternoon",
    "in the pm": "afternoon",
    "evenings": "evening",
    "evening": "evening",
    "after work": "evening",
    "tonight": "evening",
    "午前中": "morning",
    "午前": "morning",
    "朝": "morning",
    "昼休み": "lunchtime",
    "お昼": "lunchtime",
    "昼": "lunchtime",
    "午後": "afternoon",
    "夕方": "evening",
    "夜": "evening",
}
# Narrower variants of a part of day.
PART_VARIANTS: dict[str, tuple[time, time]] = {
    "early morning": (time(7), time(9)),
    "late morning": (time(10), time(12)),
    "late afternoon": (time(15), time(18)),
}

# Open-ended windows ("after 3pm", "before 11") stop or start here.
DAY_OPEN = time(8)
DAY_CLOSE = time(20)

NEGATION_BEFORE = (
    r"except(?: for)?|excluding|but not|not on|not|other than|apart from|besides|"
    r"no|never|can'?t do|cannot do|can'?t make|can'?t|cannot|won'?t work on|"
    r"unavailable(?: on)?|busy(?: on)?|booked(?: on)?|away(?: on)?|off on|"
    r"on (?:holiday|vacation|leave)|out of (?:the )?office|travell?ing(?: on)?"
)
NEGATION_AFTER = (
    r"(?:is|are|'s)\s+(?:bad|out|impossible|difficult|tricky|not (?:possible|good|ok|great))|"
    r"(?:doesn'?t|does not|don'?t|won'?t|will not)\s+work|is a no|"
    r"以外|を除いて|を除く|除いて|はダメ|はだめ|は無理|は難しい|はNG|は都合が悪い|は不可"
)
POSITIVE_CUES = (
    r"works?|fine|ok(?:ay)?|good|free|available|possible|suits?|can do|prefer|best|better|"
    r"大丈夫|空いて|可能|都合が良い|都合がいい|ok"
)
PERSON_REQUEST = (
    r"\b(?:talk|speak|chat)\s+(?:to|with)\s+(?:a |an |the |some )?(?:someone|somebody|person|"
    r"human|recruiter|people|real person|hiring manager|staff)\b|\b(?:a |real |actual )?human\b|"
    r"\brecruiter\b|\breal person\b|\b(?:call|phone) me\b|\boperator\b|"
    r"担当者|人と話|人間|リクルーター|採用担当"
)
STOPWORDS = frozenset(
    [
        "i",
        "i'm",
        "im",
        "me",
        "my",
        "we",
        "us",
        "our",
        "you",
        "your",
        "a",
        "an",
        "the",
        "on",
        "in",
        "at",
        "of",
        "for",
        "to",
        "is",
        "are",
        "am",
        "be",
        "been",
        "would",
        "could",
        "can",
        "will",
        "shall",
        "should",
        "do",
        "does",
        "did",
        "free",
        "available",
        "works",
        "work",
        "working",
        "fine",
        "ok",
        "okay",
        "good",
        "great",
        "perfect",
        "any",
        "all",
        "anytime",
        "time",
        "times",
        "day",
        "days",
        "slot",
        "slots",
        "please",
        "thanks",
        "thank",
        "hi",
        "hello",
        "hey",
        "dear",
        "sorry",
        "but",
        "and",
        "or",
        "also",
        "maybe",
        "perhaps",
        "probably",
        "how",
        "about",
        "what",
        "which",
        "that",
        "this",
        "those",
        "these",
        "it's",
        "it",
        "its",
        "there",
        "here",
        "so",
        "then",
        "just",
        "really",
        "very",
        "sure",
        "yes",
        "yeah",
        "no",
        "if",
        "as",
        "well",
        "either",
        "would",
        "be",
        "best",
        "better",
        "prefer",
        "like",
        "suits",
        "suit",
        "possible",
        "open",
        "interview",
        "call",
        "meeting",
        "meet",
        "schedule",
        "reschedule",
        "have",
        "has",
        "had",
        "get",
        "got",
        "let",
        "know",
        "think",
        "wait",
        "around",
        "from",
        "with",
        "by",
        "during",
        "between",
        "am",
        "pm",
        "week",
        "weeks",
        "whole",
        "entire",
        "most",
        "some",
        "other",
        "more",
        "earliest",
        "latest",
    ]
)
