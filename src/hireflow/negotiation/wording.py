"""What the bot says, in English and Japanese (chosen from the candidate's message)."""

from __future__ import annotations

from datetime import time
from typing import Literal
from zoneinfo import ZoneInfo

from hireflow.negotiation.parsing.zones import abbreviation_on
from hireflow.negotiation.resolver import Interval, describe_interval

Language = Literal["en", "ja"]
_JA_WEEKDAYS = "月火水木金土日"

TEXTS: dict[Language, dict[str, str]] = {
    "en": {
        "contradiction": "I think I read that two ways: a day or time was both offered and "
        "ruled out. Which days and times do suit you?",
        "zone": "Which time zone are those times in (for example Europe/Berlin or CET)?",
        "past": "That date has already passed. Which upcoming days and times suit you?",
        "nothing": "Which days and times suit you? For example: 'Tuesday or Wednesday after "
        "2pm' or 'any morning next week except Friday'.",
        "partial": "I understood only {understood!r}. Could you give me the days and times "
        "that suit you, for example 'Thursday 10-12'?",
        "gone": "None of those times is still ahead of us. Which upcoming days and times suit you?",
        "person": "I'll pass this to the recruiter, who will get back to you personally.",
        "agreed": "Great, booking {label}.",
        "rounds": "We haven't found a time yet, so I've asked the recruiter to contact you and "
        "find one with you.",
        "no_match": "I understood: {shown}{note}. The recruiter has no free time then. ",
        "instead": "Would one of these work instead?{options}",
        "other": "Could you suggest other days or times?",
        "proposal": "I understood: {shown}{note}. These times are free:{options}\n"
        "Reply with {numbers}.",
        "or": " or ",
        "more": " and {count} more",
        "too_long": "That message is too long for me (over {limit} characters). Please just "
        "tell me which days and times suit you.",
        "flood": "That's a lot of messages in a short time; please wait a little and try again.",
        "zone_same": " (times in {zone})",
        "zone_differs": " (you wrote {written}; on that date {zone} is on {actual}, UTC{offset})",
    },
    "ja": {
        "contradiction": "同じ日時が「可能」とも「不可」とも読めました。ご都合の良い日時を"
        "教えてください。",
        "zone": "どのタイムゾーンの時間でしょうか（例：JST、Europe/Berlin）？",
        "past": "その日付は過ぎています。今後のご都合の良い日時を教えてください。",
        "nothing": "ご都合の良い曜日と時間を教えてください。例：「来週の火曜日の午後」"
        "「明日14時」。",
        "partial": "「{understood}」しか読み取れませんでした。ご都合の良い日時を教えて"
        "ください（例：「木曜日10時〜12時」）。",
        "gone": "その時間はすでに過ぎています。今後のご都合の良い日時を教えてください。",
        "person": "担当者に引き継ぎました。担当者から直接ご連絡いたします。",
        "agreed": "{label}で予約します。",
        "rounds": "まだ日時が決まらないため、担当者から直接ご連絡するよう依頼しました。",
        "no_match": "ご提示の時間：{shown}{note}。この時間は担当者の予定が空いていません。",
        "instead": "代わりに次の時間はいかがでしょうか？{options}",
        "other": "別の日時をご提案いただけますか？",
        "proposal": "ご提示の時間：{shown}{note}。空いている時間：{options}\n"
        "番号（{numbers}）でご返信ください。",
        "or": "、",
        "more": " ほか{count}件",
        "too_long": "メッセージが長すぎます（{limit}文字まで）。ご都合の良い日時だけを"
        "お知らせください。",
        "flood": "短時間にメッセージが多すぎます。少し時間をおいてからお試しください。",
        "zone_same": "（{zone}の時間）",
        "zone_differs": "（{written}とのことですが、その日の{zone}は{actual}、UTC{offset}です）",
    },
}


def language_of(message: str) -> Language:
    japanese = any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in message)
    return "ja" if japanese else "en"


def say(language: Language, key: str, **values: object) -> str:
    return TEXTS[language][key].format(**values)


def describe(interval: Interval, zone: str, language: Language) -> str:
    """The interval in the candidate's words: "Thu 17 Jun, 10:00–12:00 CEST" / "6月17日(木) …"."""
    if language == "en":
        return describe_interval(interval, zone)
    tz = ZoneInfo(zone)
    start, end = interval.start.astimezone(tz), interval.end.astimezone(tz)
    name = abbreviation_on(zone, start.date(), start.time())
    end_label = "24:00" if end.time() == time(0) and end.date() > start.date() else f"{end:%H:%M}"
    day = f"{start.month}月{start.day}日({_JA_WEEKDAYS[start.weekday()]})"
    return f"{day} {start:%H:%M}–{end_label} {name}"
