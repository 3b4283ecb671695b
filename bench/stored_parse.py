"""Fit scoring from the stored parse: the close of a job in PostgreSQL, timed both ways.

Runs the server's own path on a throw-away embedded PostgreSQL: ``--count`` generated
applications stored with their resumes, then the close of the job (score every unscored
application in one batch, rank, shortlist, write back, log) as one transaction, timed twice:
with each resume's stored parse (sections, fields, document: what a processed upload holds;
fit scoring reads it and parses nothing) and with the text only (the engine parses the text
again: every close did that before the stored parse was the contract). The candidates are
synthetic (generated here); quality is measured by ``bench/ranking.py`` on hand-graded data.

    .venv/bin/python bench/stored_parse.py [--count 10000] [--workers 2] [--seed 7]
"""

from __future__ import annotations

import argparse
import math
import random
import time
import uuid
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date

from hireflow.jobs.scoring import JobProfile
from hireflow.jobs.scoring.inputs import profile_from_text
from hireflow.jobs.scoring.profile import CandidateProfile

TODAY = date(2026, 11, 1)
FAMILIES: dict[str, dict[str, list[str]]] = {
    "backend": {
        "titles": ["Backend Engineer", "Software Engineer", "Platform Engineer"],
        "skills": [
            "Python",
            "Go",
            "Java",
            "PostgreSQL",
            "Kubernetes",
            "Docker",
            "Kafka",
            "AWS",
            "Terraform",
            "Redis",
            "Django",
            "gRPC",
            "GraphQL",
            "MySQL",
        ],
    },
    "frontend": {
        "titles": ["Frontend Engineer", "Web Developer", "UI Engineer"],
        "skills": [
            "JavaScript",
            "TypeScript",
            "React",
            "CSS",
            "HTML",
            "Vue.js",
            "Node.js",
            "GraphQL",
        ],
    },
    "data": {
        "titles": ["Data Engineer", "Data Scientist", "Machine Learning Engineer"],
        "skills": [
            "Python",
            "SQL",
            "Spark",
            "Airflow",
            "Pandas",
            "Machine Learning",
            "TensorFlow",
            "PyTorch",
            "scikit-learn",
            "Kafka",
            "AWS",
        ],
    },
    "design": {
        "titles": ["Product Designer", "UX Designer", "Visual Designer"],
        "skills": ["Figma", "Sketch"],
    },
}
RELATED = {
    ("backend", "data"),
    ("data", "backend"),
    ("backend", "frontend"),
    ("frontend", "backend"),
}
ALIASES = {
    "PostgreSQL": ["postgres", "Postgres", "PostgreSQL", "psql"],
    "Kubernetes": ["k8s", "Kubernetes", "K8s"],
    "Go": ["golang", "Go", "Golang"],
    "JavaScript": ["JS", "JavaScript", "ECMAScript"],
    "React": ["React.js", "ReactJS", "React"],
    "Node.js": ["NodeJS", "Node.js", "node.js"],
    "AWS": ["Amazon Web Services", "AWS"],
    "Kafka": ["Apache Kafka", "Kafka"],
    "Machine Learning": ["machine learning", "ML", "Machine Learning"],
    "scikit-learn": ["sklearn", "scikit-learn"],
    "Spark": ["PySpark", "Apache Spark", "Spark"],
    "Vue.js": ["Vue.js", "VueJS"],
    "Python": ["Python", "Python 3", "python3"],
}
LEVELS = [("Junior ", 1), ("", 2), ("Senior ", 3), ("Lead ", 4)]
DEGREES = [
    ("", 0),
    ("Diploma in Computing", 2),
    ("B.S. in Computer Science", 3),
    ("M.Sc. in Computer Science", 4),
    ("Ph.D. in Computer Science", 5),
]
EDU_REQUIRED = {"none": 0, "bachelor": 3, "master": 4}
FILLER = [
    "Collaborated with product managers and stakeholders on quarterly planning.",
    "Mentored new team members and ran onboarding sessions.",
    "Improved documentation and internal processes across teams.",
    "Presented results at internal demo days and company all-hands.",
    "Participated in hiring interviews and code reviews.",
    "Organised team offsites and knowledge-sharing lunches.",
]
FIRST = ["Alex", "Sam", "Maria", "Wei", "Aiko", "Omar", "Priya", "Lena", "Kofi", "Ines"]
LAST = ["Smith", "Garcia", "Chen", "Tanaka", "Haddad", "Patel", "Novak", "Mensah", "Silva"]
SCHOOLS = ["State University", "Institute of Technology", "City College", "Tech University"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@dataclass(frozen=True)
class Job:
    family: str
    profile: JobProfile


@dataclass(frozen=True)
class Candidate:
    text: str
    label: int


def make_job(rng: random.Random, family: str | None = None) -> Job:
    family = family or rng.choice(["backend", "frontend", "data"])
    skills = FAMILIES[family]["skills"][:]
    rng.shuffle(skills)
    must, nice = skills[:4], skills[4:7]
    level_prefix, _ = rng.choice(LEVELS[1:3])
    title = level_prefix + FAMILIES[family]["titles"][0]
    education = rng.choice(["none", "bachelor", "bachelor", "master"])
    years = rng.choice([2, 3, 4, 5, 6])
    description = (
        f"We are hiring a {title.lower()} to build and run our products. You will work with "
        f"{', '.join(must)} every day and own services end to end. Experience with "
        f"{', '.join(nice)} is a plus. Remote-friendly team."
    )
    profile = JobProfile(
        title=title,
        description=description,
        must_have_skills=must,
        nice_to_have_skills=nice,
        min_years_experience=years,
        education_level=education,
        location="Remote",
    )
    return Job(family, profile)


def _spell(rng: random.Random, skill: str) -> str:
    return rng.choice(ALIASES.get(skill, [skill]))


def _period(start_month: int, end_month: int | None) -> str:
    def fmt(month: int) -> str:
        return f"{MONTHS[month % 12]} {month // 12}"

    return f"{fmt(start_month)} - {'Present' if end_month is None else fmt(end_month)}"


def make_candidate(rng: random.Random, job: Job) -> Candidate:
    """A resume and its 0..3 relevance label from the latent facts that produced it."""
    roll = rng.random()
    family = job.family if roll < 0.55 else rng.choice([f for f in FAMILIES if f != job.family])
    must = job.profile.must_have_skills
    nice = job.profile.nice_to_have_skills
    if family == job.family:
        held_must = [s for s in must if rng.random() < rng.choice([0.3, 0.6, 0.9])]
        held_nice = [s for s in nice if rng.random() < 0.5]
    else:
        held_must = [s for s in must if s in FAMILIES[family]["skills"] and rng.random() < 0.5]
        held_nice = [s for s in nice if s in FAMILIES[family]["skills"] and rng.random() < 0.3]
    own = [s for s in FAMILIES[family]["skills"] if s not in must + nice and rng.random() < 0.4]
    skills = held_must + held_nice + own
    rng.shuffle(skills)
    years = round(rng.uniform(0.5, 14), 1)
    level_prefix, level = rng.choice(LEVELS)
    if years < 2:
        level_prefix, level = LEVELS[0]
    degree, degree_level = rng.choice(DEGREES)

    # Roles: the whole career in the candidate's family (skills used in the latest roles).
    now = TODAY.year * 12 + TODAY.month - 1
    start = now - int(years * 12)
    roles = []
    role_count = 1 if years < 3 else rng.choice([2, 3])
    bounds = sorted(rng.sample(range(start + 1, now), role_count - 1)) if role_count > 1 else []
    edges = [start, *bounds, None]
    for index in range(role_count):
        title = FAMILIES[family]["titles"][rng.randrange(3)]
        prefix = level_prefix if index == role_count - 1 else ""
        used = [_spell(rng, s) for s in skills if rng.random() < 0.6] or ["internal tools"]
        duties = [f"Built and maintained systems with {', '.join(used[:4])}."]
        duties += rng.sample(FILLER, rng.randint(1, 4))
        roles.append((f"{prefix}{title}", edges[index], edges[index + 1], duties))
    roles.reverse()
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    lines = [name, f"{name.split()[0].lower()}@example.test | +1 555 0100 | Springfield", ""]
    summary = f"{FAMILIES[family]['titles'][0]} with {int(years)} years of experience."
    if family != job.family and rng.random() < 0.5:
        # Off-target resume that talks about the job's world: fools word overlap.
        summary += (
            f" Worked closely with {job.profile.title.lower()} teams and "
            f"{job.family} engineers; interested in {job.profile.title.lower()} work."
        )
    lines += ["SUMMARY", summary, "", "WORK EXPERIENCE"]
    for index, (title, begin, end, duties) in enumerate(roles):
        lines += [f"{title}, Company {index + 1}", _period(begin, end), *duties]
    lines += ["", "EDUCATION", rng.choice(SCHOOLS)]
    if degree:
        lines.append(f"{degree}, 2008 - 2012")
    lines += ["", "SKILLS", ", ".join(_spell(rng, s) for s in skills) or "Communication"]

    # The rubric: what a recruiter would grade from the facts (not from the text).
    must_part = len(held_must) / len(must)
    nice_part = len(held_nice) / len(nice) if nice else 1.0
    relevant_years = (
        years if family == job.family else years * 0.3 if ((family, job.family) in RELATED) else 0.0
    )
    years_part = min(1.0, relevant_years / job.profile.min_years_experience)
    family_part = 1.0 if family == job.family else 0.4 if (family, job.family) in RELATED else 0
    wanted = 3 if job.profile.title.startswith("Senior") else 2
    level_part = 1.0 if level >= wanted else 0.5 if level == wanted - 1 else 0.0
    edu_ok = 1.0 if degree_level >= EDU_REQUIRED[job.profile.education_level] else 0.3
    utility = (
        0.40 * must_part
        + 0.10 * nice_part
        + 0.20 * years_part
        + 0.15 * family_part
        + 0.08 * level_part
        + 0.07 * edu_ok
    )
    label = 3 if utility >= 0.8 else 2 if utility >= 0.62 else 1 if utility >= 0.42 else 0
    return Candidate("\n".join(lines) + "\n", label)


def _profiles(texts: Sequence[str]) -> list[CandidateProfile | str]:
    return [profile_from_text(t, today=TODAY) for t in texts]


def profiles_parallel(texts: Sequence[str], workers: int) -> list[CandidateProfile | str]:
    if workers <= 1:
        return _profiles(texts)
    size = max(1, math.ceil(len(texts) / (workers * 8)))
    chunks = [texts[i : i + size] for i in range(0, len(texts), size)]
    with ProcessPoolExecutor(workers) as pool:
        return [p for part in pool.map(_profiles, chunks) for p in part]


def _stored_parse(texts: Sequence[str]) -> list[tuple[str, dict, dict, list[dict]]]:
    """What the upload and the background job store for each text: the extracted text, the
    document facts, the parsed fields and the sections (done once, before the timing)."""
    from hireflow.resumes.extraction import extract_document
    from hireflow.resumes.parsing import parse_resume
    from hireflow.resumes.serialization import document_to_json, fields_to_json

    stored = []
    for text_ in texts:
        parsed = parse_resume(extract_document(text_.encode("utf-8"), "cv.txt"), today=TODAY)
        sections = [
            {
                "section_type": s.section_type,
                "section_title": s.title,
                "content": s.content,
                "start_page": s.start_page,
                "end_page": s.end_page,
                "start_position": s.start,
                "end_position": s.end,
                "sequence_order": s.order,
                "confidence_score": s.confidence,
            }
            for s in parsed.sections
        ]
        stored.append(
            (
                parsed.document.text,
                document_to_json(parsed.document),
                fields_to_json(parsed.fields),
                sections,
            )
        )
    return stored


def stored_parses_parallel(
    texts: Sequence[str], workers: int
) -> list[tuple[str, dict, dict, list[dict]]]:
    size = max(1, math.ceil(len(texts) / (max(workers, 1) * 8)))
    chunks = [texts[i : i + size] for i in range(0, len(texts), size)]
    with ProcessPoolExecutor(max(workers, 1)) as pool:
        return [p for part in pool.map(_stored_parse, chunks) for p in part]


def database_path(count: int, seed: int, workers: int) -> None:
    """The server path on PostgreSQL: stored applications → close-and-shortlist, once with
    each resume's stored parse (what a processed upload has) and once with its text only
    (the engine then parses the text again, which is what every close did before the stored
    parse became the contract)."""
    import asyncio
    import json
    import shutil
    import tempfile
    from pathlib import Path

    from sqlalchemy import insert, text

    from hireflow.audit.service import RequestMeta
    from hireflow.auth import accounts
    from hireflow.auth.roles import Role
    from hireflow.auth.schemas import UserCreate
    from hireflow.automation.service import Trigger
    from hireflow.config import Settings
    from hireflow.db import migrate
    from hireflow.db.engine import Database
    from hireflow.db.server import resolve_database
    from hireflow.db.session import SYSTEM, unit_of_work
    from hireflow.jobs.shortlisting import service as shortlisting
    from hireflow.resumes.models import ResumeSectionRow

    rng = random.Random(seed)
    job = make_job(rng, "backend")
    texts = [make_candidate(rng, job).text for _ in range(count)]
    parses = stored_parses_parallel(texts, workers)
    tmp = Path(tempfile.mkdtemp(prefix="hireflow-bench-"))
    settings = Settings(
        data_dir=tmp,
        db_name="ranking_bench",
        load_demo_data=False,
        log_level="WARNING",
        _env_file=None,  # type: ignore[call-arg]
    )
    target = resolve_database(settings)

    async def seed_job(session: object, user_id: uuid.UUID, with_parse: bool) -> uuid.UUID:
        job_id = uuid.uuid4()
        p = job.profile
        await session.execute(  # type: ignore[attr-defined]
            text(
                "INSERT INTO jobs (id, title, description, must_have_skills, "
                "nice_to_have_skills, min_years_experience, education_level, "
                "number_of_openings, shortlisting_buffer) VALUES (:id, :t, :d, :m, "
                ":n, :y, :e, 10, 10)"
            ),
            {
                "id": job_id,
                "t": p.title,
                "d": p.description,
                "m": p.must_have_skills,
                "n": p.nice_to_have_skills,
                "y": p.min_years_experience,
                "e": p.education_level,
            },
        )
        candidates = [uuid.uuid4() for _ in texts]
        resumes = [uuid.uuid4() for _ in texts]
        await session.execute(  # type: ignore[attr-defined]
            text(
                "INSERT INTO candidates (id, first_name, last_name) "
                "SELECT id, 'Bench', 'Candidate' FROM unnest(CAST(:ids AS uuid[])) id"
            ),
            {"ids": candidates},
        )
        stored_texts = [p[0] for p in parses] if with_parse else texts
        documents = [json.dumps(p[1]) for p in parses] if with_parse else [None] * count
        fields = [json.dumps(p[2]) for p in parses] if with_parse else [None] * count
        await session.execute(  # type: ignore[attr-defined]
            text(
                "INSERT INTO resumes (id, candidate_id, uploaded_by_user_id, "
                "original_filename, stored_filename, file_hash, file_size, mime_type, "
                "status, extracted_text, document, fields) SELECT r, c, :u, 'cv.txt', r::text, "
                "md5(r::text), 1000, 'text/plain', 'completed', t, d::jsonb, f::jsonb FROM unnest("
                "CAST(:r AS uuid[]), CAST(:c AS uuid[]), CAST(:t AS text[]), "
                "CAST(:d AS text[]), CAST(:f AS text[])) AS x(r, c, t, d, f)"
            ),
            {
                "r": resumes,
                "c": candidates,
                "t": stored_texts,
                "d": documents,
                "f": fields,
                "u": user_id,
            },
        )
        if with_parse:
            rows = [
                {"id": uuid.uuid4(), "resume_id": rid, **section}
                for rid, parse in zip(resumes, parses, strict=True)
                for section in parse[3]
            ]
            for start in range(0, len(rows), 5000):
                await session.execute(  # type: ignore[attr-defined]
                    insert(ResumeSectionRow), rows[start : start + 5000]
                )
        await session.execute(  # type: ignore[attr-defined]
            text(
                "INSERT INTO applications (job_id, candidate_id, resume_id) "
                "SELECT :j, c, r FROM unnest(CAST(:c AS uuid[]), CAST(:r AS uuid[])) "
                "AS x(c, r)"
            ),
            {"j": job_id, "c": candidates, "r": resumes},
        )
        return job_id

    async def run() -> None:
        database = Database.connect(target, pool_size=2)
        try:
            async with unit_of_work(database.system_sessions, SYSTEM) as session:
                user, _ = await accounts.create_user(
                    session,
                    UserCreate(
                        email="bench@example.test",
                        first_name="B",
                        last_name="B",
                        role=Role.SENIOR,
                        password="correct-horse-battery-9",
                    ),
                    actor_id=None,
                    meta=RequestMeta(),
                )
                with_parse = await seed_job(session, user.id, with_parse=True)
                text_only = await seed_job(session, user.id, with_parse=False)
            print(f"database path: close-and-shortlist of {count} stored applications")
            print("  score + rank + shortlist + write + log, one transaction, 1 process")
            for label, job_id in (
                ("from the stored parse      ", with_parse),
                ("re-parsing the stored text ", text_only),
            ):
                started = time.perf_counter()
                async with unit_of_work(database.system_sessions, SYSTEM) as session:
                    outcome = await shortlisting.close_and_shortlist(
                        session, job_id, trigger=Trigger.MANUAL
                    )
                total = time.perf_counter() - started
                print(
                    f"  {label}{total:7.2f} s = {count / total:,.0f} applications/s "
                    f"(shortlisted {outcome.shortlisted}, buffer {outcome.buffer})"
                )
        finally:
            await database.dispose()

    try:
        migrate.upgrade(settings, target.migration_url, "head")
        asyncio.run(run())
    finally:
        if target.embedded is not None:
            target.embedded.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    database_path(args.count, args.seed, args.workers)


if __name__ == "__main__":
    main()
