"""Fit scoring quality on hand-graded sets, and throughput of scoring stored profiles.

Quality: hand-graded sets (see their READMEs): job postings as people write them, 14-25
resumes per job graded 0..3 from the posting, the resume and a rubric alone, before any
engine output was seen, trap pairs (a better and a worse resume).

Every ``bench/data/fit_eval*/`` directory is a set; its ``split.csv`` says which jobs are
``tune`` and which ``heldout``. The sets in ``SPENT`` had their held-out figures seen, and
the engine was then tuned on them: their held-out jobs count as tune, shown ``tune*``.

For each job it prints NDCG@10 of

- the current engine (``fit-3``), job read from the posting text (``--job-text``'s parser);
- previous engines, extracted from git history into a temp dir and run in a subprocess:
  ``fit-3@main`` (commit ``FIT3_COMMIT``, main's fit-3 as frozen by the last round) and ``fit-3@r4``
  (``FIT3_R4_COMMIT``, after round 4), both given the posting text, and ``fit-1`` (commit
  ``FIT1_COMMIT``, given the fields the current parser read, its education an enumerated
  level, which was all it accepted);
- a TF-IDF cosine baseline (scikit-learn, fitted per job on the posting and its resumes);

and the trap-pair accuracy (share of pairs where the better resume scores strictly higher).

Throughput: builds the candidate profiles of ``--count`` resumes (the sets' resumes,
repeated) once, as stored profiles, then times scoring them against one job.

    .venv/bin/python bench/ranking.py [--count 10000] [--no-previous] [--tune-only|--heldout-only]
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from hireflow.jobs.scoring import JobProfile, score_batch
from hireflow.jobs.scoring.inputs import profile_from_text
from hireflow.jobs.scoring.posting import parse_posting
from hireflow.jobs.scoring.profile import CandidateProfile

SETS = Path(__file__).parent / "data"
DATA = SETS / "fit_eval"  # the first tune set (also the throughput resumes)
SPENT = frozenset(
    {"fit_eval", "fit_eval2", "fit_eval3", "fit_eval4", "fit_eval5", "fit_eval6"}
    | {"fit_eval7", "fit_eval8", "fit_eval9", "fit_eval10", "fit_eval11", "fit_eval12"}
    | {"fit_eval13", "fit_eval14", "fit_eval15", "fit_eval16", "fit_eval17"}
    | {"fit_eval18", "fit_eval19", "fit_eval20", "fit_eval21", "fit_eval22", "fit_eval23"}
    | {"fit_eval24", "fit_eval25", "fit_eval26", "fit_eval27", "fit_eval28", "fit_eval29"}
)  # held-out figures seen, then tuned on
ROOT = Path(__file__).resolve().parent.parent
FIT1_COMMIT = "5b6df7e"  # main before issue 14: the fit-1 engine
FIT3_COMMIT = "6b02ce7"  # main before round 14: fit-3 as frozen in round 13
FIT3_R4_COMMIT = "8e108e6"  # fit-3 after round 4 (better than round 5 on round 5's held-out)
PREVIOUS = {"fit-3@main": FIT3_COMMIT, "fit-3@r4": FIT3_R4_COMMIT, "fit-1": FIT1_COMMIT}
TODAY = date(2026, 11, 1)
_PREVIOUS_RUNNER = """
import json, sys
from datetime import date
from hireflow.jobs.scoring import JobProfile, score_batch
from hireflow.jobs.scoring.inputs import profile_from_text
request = json.load(sys.stdin)
out = {}
for job_id, item in request.items():
    if "posting" in item:
        from hireflow.jobs.scoring.posting import parse_posting
        job = JobProfile.model_validate(parse_posting(item["posting"]).as_job_fields())
    else:
        job = JobProfile.model_validate(item["job"])
    today = date.fromisoformat(item["today"])
    profiles = [profile_from_text(t, today=today) for t in item["texts"]]
    results = score_batch(job, profiles)
    out[job_id] = [r.fit_score if r.fit_score is not None else -1.0 for r in results]
json.dump(out, sys.stdout)
"""


def ndcg_at(labels_in_rank_order: Sequence[int], ideal: Sequence[int], k: int = 10) -> float:
    def dcg(values: Sequence[int]) -> float:
        return sum((2**v - 1) / math.log2(i + 2) for i, v in enumerate(values[:k]))

    best = dcg(sorted(ideal, reverse=True))
    return dcg(labels_in_rank_order) / best if best else 1.0


def load_set(
    data: Path = DATA,
) -> tuple[
    dict[str, str],
    dict[str, dict[str, str]],
    dict[str, dict[str, int]],
    list[dict[str, str]],
    dict[str, str],
]:
    jobs = {p.stem: p.read_text(encoding="utf-8") for p in sorted((data / "jobs").glob("*.txt"))}
    resumes = {
        job: {
            p.stem: p.read_text(encoding="utf-8")
            for p in sorted((data / "resumes" / job).glob("*.txt"))
        }
        for job in jobs
    }
    labels: dict[str, dict[str, int]] = {}
    with (data / "labels.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            labels.setdefault(row["job"], {})[row["resume"]] = int(row["grade"])
    with (data / "pairs.csv").open(encoding="utf-8") as handle:
        pairs = list(csv.DictReader(handle))
    split: dict[str, str] = {}
    if (data / "split.csv").exists():
        with (data / "split.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                split[row["job"]] = row["split"]
    return jobs, resumes, labels, pairs, split


def job_profile(posting: str) -> JobProfile:
    return JobProfile.model_validate(parse_posting(posting).as_job_fields())


def previous_fields(profile: JobProfile) -> dict[str, object]:
    """The same job for fit-1: skills as lines, education an enumerated level."""
    return {
        "title": profile.title,
        "description": profile.description,
        "must_have_skills": profile.must_have_skills,
        "nice_to_have_skills": profile.nice_to_have_skills,
        "min_years_experience": profile.min_years_experience,
        "education_level": profile.education_level,
    }


def previous_scores(
    name: str, commit: str, request: dict[str, dict[str, object]]
) -> dict[str, list[float]] | None:
    with tempfile.TemporaryDirectory(prefix=f"hireflow-{name}-") as tmp:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", commit, "src"],
            capture_output=True,
            check=False,
        )
        if archive.returncode != 0:
            print(f"  {name} unavailable: {archive.stderr.decode().strip()}")
            return None
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        env = {**os.environ, "PYTHONPATH": str(Path(tmp) / "src")}
        done = subprocess.run(
            [sys.executable, "-c", _PREVIOUS_RUNNER],
            input=json.dumps(request).encode(),
            capture_output=True,
            env=env,
            check=False,
        )
        if done.returncode != 0:
            print(f"  {name} failed: {done.stderr.decode()[-500:]}")
            return None
        result: dict[str, list[float]] = json.loads(done.stdout)
        return result


def tfidf_scores(posting: str, texts: list[str]) -> list[float]:
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    matrix = vectorizer.fit_transform([posting, *texts])
    return [float(x) for x in np.asarray((matrix[1:] @ matrix[0].T).toarray()).ravel()]


def _held(value: str) -> bool:
    return value.startswith("held") or value == "test"


@dataclass
class _Set:
    """The jobs of the sets chosen, keyed "set/job", each with its part of the evaluation."""

    postings: dict[str, str] = field(default_factory=dict)
    resumes: dict[str, dict[str, str]] = field(default_factory=dict)
    labels: dict[str, dict[str, int]] = field(default_factory=dict)
    pairs: list[dict[str, str]] = field(default_factory=list)
    part: dict[str, str] = field(default_factory=dict)  # "tune" | "held-out"
    formerly: set[str] = field(default_factory=set)  # tune jobs once held out (figures seen)


def load_sets(which: str) -> _Set:
    """Every ``fit_eval*`` set's jobs, each in its part ("tune" or "held-out")."""
    chosen = _Set()
    for data in sorted(SETS.glob("fit_eval*")):
        if not (data / "labels.csv").exists():
            continue
        jobs, resumes, labels, pairs, split = load_set(data)
        kept: set[str] = set()
        for job_id, posting in jobs.items():
            # A job a new set's split.csv does not name is held out (never tuned on).
            held = _held(split.get(job_id, "tune" if data.name in SPENT else "heldout"))
            part = "held-out" if held and data.name not in SPENT else "tune"
            if which not in ("all", "tune" if part == "tune" else "heldout"):
                continue
            key = f"{data.name}/{job_id}"
            kept.add(job_id)
            chosen.postings[key] = posting
            chosen.resumes[key] = resumes[job_id]
            chosen.labels[key] = labels.get(job_id, {})
            chosen.part[key] = part
            if part == "tune" and held:
                chosen.formerly.add(key)
        chosen.pairs.extend(
            {**p, "job": f"{data.name}/{p['job']}"} for p in pairs if p["job"] in kept
        )
    return chosen


def quality(use_previous: bool, which: str) -> None:
    chosen = load_sets(which)
    engines = ["fit-3", *(PREVIOUS if use_previous else ()), "tfidf"]
    scores: dict[str, dict[str, dict[str, float]]] = {e: {} for e in engines}
    requests: dict[str, dict[str, dict[str, object]]] = {e: {} for e in PREVIOUS}
    for key, posting in chosen.postings.items():
        names = sorted(chosen.labels[key])
        texts = [chosen.resumes[key][n] for n in names]
        profile = job_profile(posting)
        results = score_batch(profile, [profile_from_text(t, today=TODAY) for t in texts])
        scores["fit-3"][key] = {
            n: (r.fit_score if r.fit_score is not None else -1.0)
            for n, r in zip(names, results, strict=True)
        }
        scores["tfidf"][key] = dict(zip(names, tfidf_scores(posting, texts), strict=True))
        today = TODAY.isoformat()
        for name in ("fit-3@main", "fit-3@r4"):
            requests[name][key] = {"posting": posting, "texts": texts, "today": today}
        requests["fit-1"][key] = {"job": previous_fields(profile), "texts": texts, "today": today}
    if use_previous:
        for name, commit in PREVIOUS.items():
            previous = previous_scores(name, commit, requests[name])
            if previous is None:
                engines.remove(name)
                continue
            for key, values in previous.items():
                names = sorted(chosen.labels[key])
                scores[name][key] = dict(zip(names, values, strict=True))
    graded = sum(len(v) for v in chosen.labels.values())
    print(f"quality: {len(chosen.postings)} hand-graded jobs, {graded} resumes (grades 0..3)")
    print(f"  {'set/job':44} {'part':9} " + " ".join(f"{e:>10}" for e in engines))
    means: dict[str, dict[str, list[float]]] = {e: {"tune": [], "held-out": []} for e in engines}
    for key in chosen.postings:
        graded_set = chosen.labels[key]
        names = sorted(graded_set)
        row = []
        part = chosen.part[key]
        for engine in engines:
            values = scores[engine][key]
            order = sorted(names, key=lambda n: (-values[n], n))
            value = ndcg_at([graded_set[n] for n in order], list(graded_set.values()))
            means[engine][part].append(value)
            row.append(f"{value:10.3f}")
        shown = part + ("*" if key in chosen.formerly else "")
        print(f"  {key:44} {shown:9} " + " ".join(row))
    for part in ("tune", "held-out"):
        cells = [
            f"{np.mean(means[e][part]):10.3f}" if means[e][part] else f"{'—':>10}" for e in engines
        ]
        print(f"  {'mean ' + part:44} {'':9} " + " ".join(cells))
    if chosen.formerly:
        print("  * once held out: its figures were seen, then the engine was tuned on it")
    print(f"trap pairs: {len(chosen.pairs)} (better resume must score strictly higher)")
    for engine in engines:
        right = {"tune": [0, 0], "held-out": [0, 0]}
        for pair in chosen.pairs:
            part = chosen.part[pair["job"]]
            values = scores[engine][pair["job"]]
            right[part][0] += values[pair["better"]] > values[pair["worse"]]
            right[part][1] += 1
        cells = ", ".join(f"{p} {r[0]}/{r[1]}" for p, r in right.items() if r[1])
        total = sum(r[0] for r in right.values()) / max(1, sum(r[1] for r in right.values()))
        print(f"  {engine:10} {total:6.1%}  ({cells})")


def throughput(count: int) -> None:
    jobs, resumes, _, _, _ = load_set()
    texts = [t for job in resumes.values() for t in job.values()]
    if not texts:
        print("throughput: no resumes")
        return
    texts = [texts[i % len(texts)] for i in range(count)]
    started = time.perf_counter()
    profiles: list[CandidateProfile | str] = [profile_from_text(t, today=TODAY) for t in texts]
    built = time.perf_counter()
    job = job_profile(next(iter(jobs.values())))
    best, best_cpu = math.inf, math.inf
    for _ in range(3):
        wall, cpu = time.perf_counter(), time.process_time()
        score_batch(job, profiles)
        best = min(best, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    load = os.getloadavg()[0]
    print(f"throughput: {count} stored candidate profiles scored against one job, 1 process")
    print(f"  scoring, wall clock   {best:7.2f} s = {count / best:,.0f} applications/s")
    print(f"  scoring, CPU time     {best_cpu:7.2f} s = {count / best_cpu:,.0f} applications/s")
    print(f"  (machine load average {load:.1f} on {os.cpu_count()} cores during the run)")
    rate = count / (built - started)
    print(f"  profile building      {built - started:7.2f} s = {rate:,.0f} resumes/s")
    print("  (a profile is built once per resume, when it is parsed, and stored)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--no-previous", action="store_true", help="skip the previous engines (git history)"
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--tune-only", action="store_true", help="only the tune jobs")
    which.add_argument("--heldout-only", action="store_true", help="only the held-out jobs")
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    quality(
        not args.no_previous,
        "tune" if args.tune_only else "heldout" if args.heldout_only else "all",
    )
    throughput(args.count)


if __name__ == "__main__":
    main()
