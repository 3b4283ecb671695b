"""Fit scoring quality on a hand-graded set, and throughput of scoring stored profiles.

Quality: ``bench/data/fit_eval/`` (see its README): job postings as people write them,
20-25 resumes per job graded 0..3 from the posting, the resume and a rubric alone, before
any engine output was seen, trap pairs (a better and a worse resume), and a tune/held-out
split of the jobs. For each job it prints NDCG@10 of

- the current engine (``fit-2``), job read from the posting text (``--job-text``'s parser);
- the previous engine (``fit-1``, this repository at commit ``PREVIOUS_COMMIT``, extracted
  from git history into a temp dir and run in a subprocess), given the same parsed fields
  (its education an enumerated level, which was all it accepted);
- a TF-IDF cosine baseline (scikit-learn, fitted per job on the posting and its resumes);

and the trap-pair accuracy (share of pairs where the better resume scores strictly higher).

Throughput: builds the candidate profiles of ``--count`` resumes (the set's resumes,
repeated) once, as stored profiles, then times scoring them against one job.

    .venv/bin/python bench/ranking.py [--count 10000] [--no-previous]
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
from datetime import date
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from hireflow.jobs.scoring import JobProfile, score_batch
from hireflow.jobs.scoring.inputs import profile_from_text
from hireflow.jobs.scoring.posting import parse_posting
from hireflow.jobs.scoring.profile import CandidateProfile

DATA = Path(__file__).parent / "data" / "fit_eval"
ROOT = Path(__file__).resolve().parent.parent
PREVIOUS_COMMIT = "5b6df7e"  # main before issue 14: the fit-1 engine
TODAY = date(2026, 11, 1)
_PREVIOUS_RUNNER = """
import json, sys
from datetime import date
from hireflow.jobs.scoring import JobProfile, score_batch
from hireflow.jobs.scoring.inputs import profile_from_text
request = json.load(sys.stdin)
out = {}
for job_id, item in request.items():
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


def load_set() -> tuple[
    dict[str, str],
    dict[str, dict[str, str]],
    dict[str, dict[str, int]],
    list[dict[str, str]],
    dict[str, str],
]:
    jobs = {p.stem: p.read_text(encoding="utf-8") for p in sorted((DATA / "jobs").glob("*.txt"))}
    resumes = {
        job: {
            p.stem: p.read_text(encoding="utf-8")
            for p in sorted((DATA / "resumes" / job).glob("*.txt"))
        }
        for job in jobs
    }
    labels: dict[str, dict[str, int]] = {}
    with (DATA / "labels.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            labels.setdefault(row["job"], {})[row["resume"]] = int(row["grade"])
    with (DATA / "pairs.csv").open(encoding="utf-8") as handle:
        pairs = list(csv.DictReader(handle))
    split: dict[str, str] = {}
    with (DATA / "split.csv").open(encoding="utf-8") as handle:
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


def previous_scores(request: dict[str, dict[str, object]]) -> dict[str, list[float]] | None:
    with tempfile.TemporaryDirectory(prefix="hireflow-fit1-") as tmp:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", PREVIOUS_COMMIT, "src"],
            capture_output=True,
            check=False,
        )
        if archive.returncode != 0:
            print(f"  previous engine unavailable: {archive.stderr.decode().strip()}")
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
            print(f"  previous engine failed: {done.stderr.decode()[-500:]}")
            return None
        result: dict[str, list[float]] = json.loads(done.stdout)
        return result


def tfidf_scores(posting: str, texts: list[str]) -> list[float]:
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    matrix = vectorizer.fit_transform([posting, *texts])
    return [float(x) for x in np.asarray((matrix[1:] @ matrix[0].T).toarray()).ravel()]


def _part(split: dict[str, str], job_id: str) -> str:
    value = split.get(job_id, "tune")
    return "held-out" if value.startswith("held") or value == "test" else "tune"


def quality(use_previous: bool, tune_only: bool) -> None:
    jobs, resumes, labels, pairs, split = load_set()
    if tune_only:  # while changing the engine: never look at the held-out jobs
        jobs = {j: t for j, t in jobs.items() if _part(split, j) == "tune"}
        pairs = [p for p in pairs if p["job"] in jobs]
    engines = ["fit-2", "fit-1", "tfidf"] if use_previous else ["fit-2", "tfidf"]
    scores: dict[str, dict[str, dict[str, float]]] = {e: {} for e in engines}
    request: dict[str, dict[str, object]] = {}
    for job_id, posting in jobs.items():
        names = sorted(labels.get(job_id, {}))
        texts = [resumes[job_id][n] for n in names]
        profile = job_profile(posting)
        results = score_batch(profile, [profile_from_text(t, today=TODAY) for t in texts])
        scores["fit-2"][job_id] = {
            n: (r.fit_score if r.fit_score is not None else -1.0)
            for n, r in zip(names, results, strict=True)
        }
        scores["tfidf"][job_id] = dict(zip(names, tfidf_scores(posting, texts), strict=True))
        request[job_id] = {
            "job": previous_fields(profile),
            "texts": texts,
            "today": TODAY.isoformat(),
        }
    if use_previous:
        previous = previous_scores(request)
        if previous is None:
            engines.remove("fit-1")
        else:
            for job_id, values in previous.items():
                names = sorted(labels.get(job_id, {}))
                scores["fit-1"][job_id] = dict(zip(names, values, strict=True))
    graded = sum(len(labels.get(j, {})) for j in jobs)
    print(f"quality: {len(jobs)} hand-graded jobs, {graded} resumes (grades 0..3)")
    print(f"  {'job':32} {'split':9} " + " ".join(f"{e:>7}" for e in engines))
    means: dict[str, dict[str, list[float]]] = {e: {"tune": [], "held-out": []} for e in engines}
    for job_id in jobs:
        graded = labels.get(job_id, {})
        names = sorted(graded)
        row = []
        part = _part(split, job_id)
        for engine in engines:
            values = scores[engine][job_id]
            order = sorted(names, key=lambda n: (-values[n], n))
            value = ndcg_at([graded[n] for n in order], list(graded.values()))
            means[engine][part].append(value)
            row.append(f"{value:7.3f}")
        print(f"  {job_id:32} {part:9} " + " ".join(row))
    for part in ("tune", "held-out"):
        cells = [
            f"{np.mean(means[e][part]):7.3f}" if means[e][part] else "      —" for e in engines
        ]
        print(f"  {'mean ' + part:32} {'':9} " + " ".join(cells))
    print(f"trap pairs: {len(pairs)} (better resume must score strictly higher)")
    for engine in engines:
        right = {"tune": [0, 0], "held-out": [0, 0]}
        for pair in pairs:
            part = _part(split, pair["job"])
            values = scores[engine][pair["job"]]
            right[part][0] += values[pair["better"]] > values[pair["worse"]]
            right[part][1] += 1
        cells = ", ".join(f"{p} {r[0]}/{r[1]}" for p, r in right.items() if r[1])
        total = sum(r[0] for r in right.values()) / max(1, sum(r[1] for r in right.values()))
        print(f"  {engine:7} {total:6.1%}  ({cells})")


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
    parser.add_argument("--no-previous", action="store_true", help="skip the fit-1 engine")
    parser.add_argument("--tune-only", action="store_true", help="only the tune jobs")
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    quality(not args.no_previous, args.tune_only)
    throughput(args.count)


if __name__ == "__main__":
    main()
