"""Offline review throughput: comprehensive reviews per second on 1 and 2 processes, and the
share of time each agent takes. Deterministic generated set (default 240 resumes), parsed by
the real resume parser first (parsing is not part of the timed review).

    .venv/bin/python bench/review.py [--count 240] [--rounds 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.ai.generator import generated_set

from hireflow.ai import review_offline
from hireflow.resumes.parsing import parse_resume


def _review_chunk(bounds: tuple[int, int, int]) -> tuple[int, float, dict[str, float]]:
    """Review resumes [start, stop) ``rounds`` times; returns count, seconds, agent ms."""
    start, stop, rounds = bounds
    # The generated texts go through the real parser, so sections are what uploads produce.
    items = [
        (parse_resume(resume.document), spec)
        for resume, spec in generated_set(stop - start, offset=start)
    ]
    review_offline(*items[0])  # warm caches (profiles, regexes)
    agents: dict[str, float] = {}
    began = time.perf_counter()
    for _ in range(rounds):
        for resume, spec in items:
            outcome = review_offline(resume, spec)
            for agent, ms in outcome.agent_timings_ms.items():
                agents[agent] = agents.get(agent, 0.0) + ms
    return len(items) * rounds, time.perf_counter() - began, agents


def run(count: int, rounds: int, processes: int) -> tuple[float, dict[str, float], float]:
    step = -(-count // processes)
    chunks = [(i, min(count, i + step), rounds) for i in range(0, count, step)]
    began = time.perf_counter()
    if processes == 1:
        results = [_review_chunk(chunks[0])]
    else:
        with ProcessPoolExecutor(max_workers=processes) as pool:
            results = list(pool.map(_review_chunk, chunks))
    wall = time.perf_counter() - began
    reviewed = sum(r[0] for r in results)
    busiest = max(r[1] for r in results)
    agents: dict[str, float] = {}
    for _, _, per_agent in results:
        for agent, ms in per_agent.items():
            agents[agent] = agents.get(agent, 0.0) + ms
    return reviewed / busiest, agents, reviewed / wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=240)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.count < 200:
        parser.error("use at least 200 resumes")
    print(f"offline comprehensive reviews: {args.count} generated resumes x {args.rounds} rounds")
    print(f"{'processes':>9}  {'reviews/s':>10}  {'incl. start-up':>14}")
    shares: dict[str, float] = {}
    for processes in (1, 2):
        rate, agents, wall_rate = run(args.count, args.rounds, processes)
        print(f"{processes:>9}  {rate:>10.1f}  {wall_rate:>14.1f}")
        if processes == 1:
            shares = agents
    total = sum(shares.values()) or 1.0
    print("\nshare of agent time (1 process)")
    print(f"{'agent':<16} {'ms total':>10} {'share':>7}")
    for agent, ms in sorted(shares.items(), key=lambda kv: -kv[1]):
        print(f"{agent:<16} {ms:>10.1f} {100 * ms / total:>6.1f}%")


if __name__ == "__main__":
    main()
