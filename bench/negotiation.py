"""Negotiation bot reply time: the offline bot on a few hundred availability messages against
a generated recruiter calendar, with a baseline parse of the same messages in the same run.

The bot's path is the production one (``negotiation.bot.reply_offline``: length and injection
guards, grammar, resolver, intersection with free slots, proposals spread over days, reply
text). The baseline is ``dateparser.parse`` of each message when dateparser is installed
(it is not a hireflow dependency), else a naive weekday-and-hour regex. Target: p95 under
100 ms on 2 cores (the seed's system allowed 5 s).

    .venv/bin/python bench/negotiation.py [--count 400] [--seed 13]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hireflow.negotiation.bot import NegotiationState, reply_offline
from hireflow.negotiation.resolver import Interval

ZONE = "Europe/Berlin"
NOW = datetime(2027, 6, 10, 9, 0, tzinfo=ZoneInfo(ZONE))
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Mon", "Tue", "Thu"]
TEMPLATES = [
    "next {day} after {h}pm",
    "any morning next week except {day}",
    "{day} {a}-{b} CET",
    "tomorrow at {h}",
    "{day} or {day2} afternoon",
    "between {h} and {h2} pm next week",
    "weekdays after {h}",
    "I'm free all of next week but not {day}",
    "the {d}th or {d2}th in the morning",
    "{day} 9-5",
    "Hi, sorry for the late answer! {day} works, ideally around {a}am, otherwise {day2}.",
    "Could we do {day} at {a}:30 EST?",
    "I can't do mornings, any afternoon next week except {day}",
    "来週の火曜日の午後",
    "明日{a}時",
    "{day} between {a} and {b}",
    "no idea yet, maybe later",
    "can I talk to someone?",
]


def messages(count: int, rng: random.Random) -> list[str]:
    out = []
    for _ in range(count):
        h = rng.randint(1, 5)
        a = rng.randint(8, 11)
        out.append(
            rng.choice(TEMPLATES).format(
                day=rng.choice(DAYS), day2=rng.choice(DAYS), h=h, h2=h + 2, a=a,
                b=a + rng.randint(1, 3), d=rng.randint(14, 18), d2=rng.randint(19, 24),
            )
        )  # fmt: skip
    return out


def recruiter_calendar(rng: random.Random, days: int = 28) -> list[Interval]:
    """Bookable hours on weekdays 09–17, about 40% already taken."""
    slots = []
    for k in range(days):
        day = NOW + timedelta(days=k)
        if day.weekday() >= 5:
            continue
        for hour in range(9, 17):
            if rng.random() < 0.4:
                continue
            start = day.replace(hour=hour, minute=0).astimezone(UTC)
            slots.append(Interval(start, start + timedelta(hours=1)))
    return slots


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(run: Callable[[str], object], texts: list[str]) -> list[float]:
    elapsed = []
    for text in texts:
        started = time.perf_counter()
        run(text)
        elapsed.append((time.perf_counter() - started) * 1000)
    return elapsed


def baseline() -> tuple[str, Callable[[str], object]]:
    try:
        import dateparser  # type: ignore[import-not-found]
    except ImportError:
        pattern = re.compile(r"(monday|tuesday|wednesday|thursday|friday)\D*(\d{1,2})", re.I)
        return "naive weekday+hour regex", pattern.search
    settings = {
        "RELATIVE_BASE": NOW.replace(tzinfo=None),
        "TIMEZONE": ZONE,
        "RETURN_AS_TIMEZONE_AWARE": True,
    }

    def parse(text: str) -> object:
        return dateparser.parse(text, settings=settings)  # type: ignore[arg-type]

    parse("warm up")
    return f"dateparser {dateparser.__version__} parse()", parse


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    texts = messages(args.count, rng)
    free = recruiter_calendar(rng)
    kinds: Counter[str] = Counter()

    def bot(text: str) -> object:
        answer = reply_offline(
            NegotiationState(), text, now=NOW, zone=ZONE, free_slots=free,
            slot_length=timedelta(hours=1),
        )  # fmt: skip
        kinds[answer.kind] += 1
        return answer

    bot("warm up Monday")
    kinds.clear()
    bot_ms = timed(bot, texts)
    name, run_baseline = baseline()
    base_ms = timed(run_baseline, texts)
    print(f"{len(texts)} messages, {len(free)} free recruiter slots over 4 weeks")
    print(f"{'':34} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'mean ms':>8}")
    for label, values in (("offline negotiation bot (reply)", bot_ms), (name, base_ms)):
        print(
            f"{label:34} {statistics.median(values):8.2f} {percentile(values, 0.95):8.2f} "
            f"{max(values):8.2f} {statistics.fmean(values):8.2f}"
        )
    print("bot replies: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))


if __name__ == "__main__":
    main()
