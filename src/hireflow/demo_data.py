"""The demo's generated content: ~60 candidates with text resumes in several industries and
languages, six jobs in every stage, interviews in several states, one escalated negotiation
and a backdated automation history for the analytics. Deterministic (a seeded generator),
inserted in a handful of multi-row statements (fast: well under a second of SQL)."""

from __future__ import annotations

import hashlib
import json
import random
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from hireflow.resumes.storage import storage_key

FIRST = {
    "en": ["Olivia", "James", "Amelia", "Noah", "Grace", "Ethan", "Chloe", "Liam", "Maya", "Owen"],
    "de": ["Lena", "Jonas", "Mia", "Felix", "Hannah", "Lukas", "Emma", "Paul", "Lea", "Finn"],
    "fr": ["Chloé", "Louis", "Manon", "Hugo", "Camille", "Jules", "Léa", "Gabriel", "Inès"],
    "es": ["Lucía", "Mateo", "Sofía", "Hugo", "Martina", "Pablo", "Valeria", "Diego", "Elena"],
}
LAST = {
    "en": ["Carter", "Nguyen", "Patel", "Brooks", "Hughes", "Okafor", "Reid", "Walsh", "Kim"],
    "de": ["Müller", "Schmidt", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann", "Koch"],
    "fr": ["Martin", "Bernard", "Dubois", "Laurent", "Moreau", "Lefèvre", "Girard", "Roux"],
    "es": ["García", "Martínez", "López", "Sánchez", "Romero", "Navarro", "Torres", "Ruiz"],
}
HEADINGS = {
    "en": ("SUMMARY", "EXPERIENCE", "EDUCATION", "SKILLS"),
    "de": ("PROFIL", "BERUFSERFAHRUNG", "AUSBILDUNG", "KENNTNISSE"),
    "fr": ("PROFIL", "EXPÉRIENCE PROFESSIONNELLE", "FORMATION", "COMPÉTENCES"),
    "es": ("PERFIL", "EXPERIENCIA", "FORMACIÓN", "HABILIDADES"),
}
INDUSTRIES: dict[str, dict[str, Any]] = {
    "technology": {
        "titles": ["Backend Engineer", "Site Reliability Engineer", "Data Engineer"],
        "companies": ["Cloudway", "Datapine", "Streamly"],
        "skills": ["Python", "PostgreSQL", "Docker", "Kubernetes", "AWS", "Go", "Terraform"],
    },
    "healthcare": {
        "titles": ["ICU Nurse", "Registered Nurse", "Charge Nurse"],
        "companies": ["St. Mary Hospital", "Klinikum Nord", "CHU Lyon"],
        "skills": ["ICU", "BLS", "ACLS", "Patient assessment", "Ventilator care", "Triage"],
    },
    "finance": {
        "titles": ["Financial Analyst", "FP&A Analyst", "Controller"],
        "companies": ["Northbank", "Ledgerly", "Banco Sol"],
        "skills": ["Excel", "Financial modelling", "SQL", "IFRS", "Forecasting", "Power BI"],
    },
    "sales_marketing": {
        "titles": ["Account Executive", "Sales Manager", "Marketing Specialist"],
        "companies": ["Brightsales", "Vendo", "Marketa"],
        "skills": ["Salesforce", "Negotiation", "Pipeline management", "B2B sales", "CRM"],
    },
    "manufacturing": {
        "titles": ["Production Planner", "Process Engineer", "Quality Engineer"],
        "companies": ["Metallwerk", "Fabrika", "Acier SA"],
        "skills": ["SAP PP", "Lean", "Six Sigma", "MRP", "Kanban", "Root cause analysis"],
    },
    "consulting": {
        "titles": ["Strategy Consultant", "Management Consultant", "Business Analyst"],
        "companies": ["Meridian Partners", "Conseil & Co", "Brightline"],
        "skills": ["Strategy", "Market analysis", "Stakeholder management", "PowerPoint"],
    },
}
ZONES = {"en": "Europe/London", "de": "Europe/Berlin", "fr": "Europe/Paris", "es": "Europe/Madrid"}

# (title, industry, language, stage, openings, days since the job opened)
JOBS = (
    ("Backend Engineer", "technology", "en", "open", 2, 12),
    ("ICU Nurse", "healthcare", "en", "open", 3, 6),
    ("Financial Analyst", "finance", "en", "done", 2, 80),
    ("Account Executive", "sales_marketing", "es", "interviewing", 2, 30),
    ("Produktionsplaner (m/w/d)", "manufacturing", "de", "shortlisted", 1, 20),
    ("Consultant en stratégie", "consulting", "fr", "done", 1, 60),
)


def resume(rng: random.Random, name: str, email: str, industry: str, language: str) -> str:
    info = INDUSTRIES[industry]
    summary, experience, education, skills = HEADINGS[language]
    picked = rng.sample(info["skills"], k=rng.randint(2, len(info["skills"])))
    title = rng.choice(info["titles"])
    years = rng.randint(1, 15)
    start = 2026 - years
    return (
        f"{name}\n{email} | +44 20 7946 {rng.randint(1000, 9999)}\n\n"
        f"{summary}\n{title} with {years} years of experience.\n\n"
        f"{experience}\n{title}, {rng.choice(info['companies'])}, {start} – present\n"
        f"- Delivered results with {', '.join(picked[:2])}; improved key figures by "
        f"{rng.randint(10, 45)}%.\n\n"
        f"{education}\nBSc, State University, {start - 4}\n\n"
        f"{skills}\n{', '.join(picked)}\n"
    )


def _rows(conn: Connection, sql: str, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(text(sql), rows)


def insert_demo_world(
    conn: Connection,
    users: dict[str, uuid.UUID],
    now: datetime,
    store: Callable[[str, bytes], None],
) -> int:
    """Insert the demo world (resume files through ``store``); returns how many candidates
    it made."""
    rng = random.Random(2026)  # noqa: S311 (demo content, not security)
    senior, junior = users["senior_recruiter"], users["junior_recruiter"]
    candidates: list[dict[str, Any]] = []
    resumes: list[dict[str, Any]] = []
    assignments: list[dict[str, Any]] = []
    jobs: list[dict[str, Any]] = []
    team: list[dict[str, Any]] = []
    applications: list[dict[str, Any]] = []
    interviews: list[dict[str, Any]] = []
    logs: list[dict[str, Any]] = []
    negotiations: list[dict[str, Any]] = []
    used: set[str] = set()
    for index, (title, industry, language, stage, openings, age) in enumerate(JOBS):
        job_id = uuid.uuid4()
        opened = now - timedelta(days=age)
        closed = stage != "open"
        closed_at = opened + timedelta(days=age // 2) if closed else None
        info = INDUSTRIES[industry]
        jobs.append(
            {
                "id": job_id,
                "title": title,
                "description": f"{title} at the demo company.",
                "must": info["skills"][:2],
                "nice": info["skills"][2:4],
                "language": language,
                "status": "closed" if stage == "done" else "open",
                "owner": senior,
                "created": opened,
                "closing": closed_at or now + timedelta(days=14),
                "openings": openings,
                "buffer": openings,
                "closed": closed,
                "closed_at": closed_at,
                "shortlisted_at": closed_at,
            }
        )
        if index in (0, 3):  # the junior works on two jobs (and sees only those)
            team.append({"job": job_id, "user": junior})
        count = 10
        ranked: list[dict[str, Any]] = []
        for n in range(count):
            lang = language if n % 3 else rng.choice(list(FIRST))
            first, last = rng.choice(FIRST[lang]), rng.choice(LAST[lang])
            email = f"{first}.{last}.{index}{n}@demo-candidates.test".lower()
            if email in used:
                continue
            used.add(email)
            candidate_id, resume_id, application_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
            applied = opened + timedelta(hours=rng.randint(2, max(age // 2, 1) * 24))
            body = resume(rng, f"{first} {last}", email, industry, lang)
            data = body.encode()
            digest = hashlib.sha256(data).hexdigest()
            store(storage_key(digest), data)
            candidates.append(
                {
                    "id": candidate_id,
                    "first": first,
                    "last": last,
                    "email": email,
                    "company": rng.choice(info["companies"]),
                    "position": rng.choice(info["titles"]),
                    "created": applied,
                    "by": senior,
                    "meta": json.dumps({"source": "demo", "language": lang, "industry": industry}),
                }
            )
            resumes.append(
                {
                    "id": resume_id,
                    "candidate": candidate_id,
                    "by": senior,
                    "name": f"{first}_{last}_cv.txt",
                    "stored": f"demo/{resume_id}.txt",
                    "size": len(data),
                    "hash": digest,
                    "key": storage_key(digest),
                    "text": body,
                    "words": len(body.split()),
                    "at": applied,
                }
            )
            assignments.append(
                {
                    "user": junior if index in (0, 3) else senior,
                    "candidate": candidate_id,
                    "by": senior,
                    "at": applied,
                }
            )
            fit = None if (stage == "open" and n == count - 1) else round(rng.uniform(35, 95), 2)
            ranked.append(
                {
                    "id": application_id,
                    "job": job_id,
                    "candidate": candidate_id,
                    "resume": resume_id,
                    "source": rng.choice(["careers", "careers", "recruiter", "bulk"]),
                    "applied": applied,
                    "fit": fit,
                    "status": "pending",
                    "rank": None,
                    "position": None,
                    "dropout": None,
                    "processed": fit is not None,
                    "summary": f"{rng.randint(2, 4)} of the requirements met." if fit else None,
                    "name": f"{first} {last}",
                    "email": email,
                    "zone": ZONES[lang],
                }
            )
        ranked.sort(key=lambda a: -(a["fit"] or 0))
        if closed:
            _shortlist(ranked, openings)
            _interviews(
                rng, ranked, stage, job_id, senior, closed_at, now, interviews, negotiations
            )
            logs += _history(job_id, ranked, closed_at)
        applications += ranked
    _insert(
        conn,
        candidates,
        resumes,
        assignments,
        jobs,
        team,
        applications,
        interviews,
        logs,
        negotiations,
    )
    return len(candidates)


def _shortlist(ranked: list[dict[str, Any]], openings: int) -> None:
    for rank, application in enumerate(ranked, start=1):
        application["rank"] = rank
        if rank <= openings:
            application["status"] = "shortlisted"
        elif rank <= 2 * openings:
            application["status"] = "buffer"
            application["position"] = rank - openings
        else:
            application["status"] = "rejected"


def _interview(
    application: dict[str, Any],
    job_id: uuid.UUID,
    recruiter: uuid.UUID,
    status: str,
    invited: datetime,
    start: datetime | None,
) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "application": application["id"],
        "job": job_id,
        "candidate": application["candidate"],
        "status": status,
        "confirm_by": invited + timedelta(hours=48),
        "pick_by": invited + timedelta(hours=72),
        "start": start,
        "end": start + timedelta(hours=1) if start else None,
        "recruiter": recruiter,
        "rank": application["rank"],
        "name": application["name"],
        "email": application["email"],
        "zone": application["zone"],
        "created": invited,
    }


def _interviews(
    rng: random.Random,
    ranked: list[dict[str, Any]],
    stage: str,
    job_id: uuid.UUID,
    recruiter: uuid.UUID,
    closed_at: datetime | None,
    now: datetime,
    out: list[dict[str, Any]],
    negotiations: list[dict[str, Any]],
) -> None:
    assert closed_at is not None
    invited = closed_at + timedelta(hours=1)
    shortlisted = [a for a in ranked if a["status"] == "shortlisted"]
    if stage == "done":  # held interviews, one no-show, the buffer promoted once
        for n, application in enumerate(shortlisted):
            start = invited + timedelta(days=4 + n, hours=9)
            out.append(
                _interview(
                    application,
                    job_id,
                    recruiter,
                    "no_show" if n == 1 else "completed",
                    invited,
                    start,
                )
            )
        if len(shortlisted) > 1:
            shortlisted[1]["status"], shortlisted[1]["dropout"] = "withdrawn", "no_show"
            promoted = next(a for a in ranked if a["status"] == "buffer")
            promoted["status"], promoted["position"] = "shortlisted", None
            start = invited + timedelta(days=8, hours=10)
            out.append(
                _interview(
                    promoted, job_id, recruiter, "completed", invited + timedelta(days=5), start
                )
            )
    elif stage == "interviewing":  # one booked ahead, one declined and its stand-in invited
        start = now + timedelta(days=2, hours=rng.randint(1, 6))
        out.append(
            _interview(
                shortlisted[0],
                job_id,
                recruiter,
                "scheduled",
                invited,
                start.replace(minute=0, second=0, microsecond=0),
            )
        )
        declined = _interview(shortlisted[1], job_id, recruiter, "declined", invited, None)
        out.append(declined)
        shortlisted[1]["status"], shortlisted[1]["dropout"] = "withdrawn", "declined"
        promoted = next(a for a in ranked if a["status"] == "buffer")
        promoted["status"], promoted["position"] = "shortlisted", None
        out.append(
            _interview(
                promoted, job_id, recruiter, "invitation_sent", now - timedelta(hours=5), None
            )
        )
    else:  # shortlisted two days ago: picking a time, and a negotiation that escalated
        picking = _interview(
            shortlisted[0], job_id, recruiter, "slot_selection", now - timedelta(hours=20), None
        )
        out.append(picking)
        said = [
            "Only Saturday evening, please",
            "Sunday at 23:00?",
            "early morning at 6",
            "none of these work for me",
        ]
        conversation: list[dict[str, Any]] = []
        for n, message in enumerate(said):
            conversation.append({"role": "candidate", "text": message})
            last = n == len(said) - 1
            conversation.append(
                {
                    "role": "bot",
                    "text": "A recruiter will contact you personally."
                    if last
                    else "Those times are not free. Would another time suit you?",
                    **({"escalation_reason": "no_agreement_after_max_rounds"} if last else {}),
                }
            )
        negotiations.append(
            {
                "id": uuid.uuid4(),
                "interview": picking["id"],
                "rounds": 3,
                "conversation": json.dumps(conversation),
                "at": now - timedelta(hours=3),
            }
        )


def _history(
    job_id: uuid.UUID, ranked: list[dict[str, Any]], closed_at: datetime | None
) -> list[dict[str, Any]]:
    assert closed_at is not None

    def log(action: str, at: datetime, application: uuid.UUID | None = None) -> dict[str, Any]:
        return {"job": job_id, "application": application, "action": action, "at": at}

    rows = [
        log("applications_closed", closed_at),
        log("ranked", closed_at),
        log("shortlisted", closed_at),
    ]
    for application in ranked:
        if application["status"] in ("shortlisted", "withdrawn"):
            rows.append(log("interview_invited", closed_at + timedelta(hours=1), application["id"]))
        if application["dropout"]:
            rows.append(log("dropout", closed_at + timedelta(days=3), application["id"]))
            rows.append(log("promoted_from_buffer", closed_at + timedelta(days=3)))
    return rows


def _insert(
    conn: Connection,
    candidates: list[dict[str, Any]],
    resumes: list[dict[str, Any]],
    assignments: list[dict[str, Any]],
    jobs: list[dict[str, Any]],
    team: list[dict[str, Any]],
    applications: list[dict[str, Any]],
    interviews: list[dict[str, Any]],
    logs: list[dict[str, Any]],
    negotiations: list[dict[str, Any]],
) -> None:
    _rows(
        conn,
        "INSERT INTO candidates (id, first_name, last_name, email, current_company, "
        "current_position, created_by_user_id, created_at, updated_at, metadata) VALUES "
        "(:id, :first, :last, :email, :company, :position, :by, :created, :created, "
        "CAST(:meta AS jsonb))",
        candidates,
    )
    _rows(
        conn,
        "INSERT INTO resumes (id, candidate_id, uploaded_by_user_id, original_filename, "
        "stored_filename, file_size, file_hash, storage_key, mime_type, status, progress, "
        "extracted_text, word_count, uploaded_at, processed_at) VALUES (:id, :candidate, :by, "
        ":name, :stored, :size, :hash, :key, 'text/plain', 'completed', 100, :text, :words, "
        ":at, :at)",
        resumes,
    )
    _rows(
        conn,
        "INSERT INTO user_candidate_assignments (user_id, candidate_id, assigned_by_user_id, "
        "assigned_at) VALUES (:user, :candidate, :by, :at)",
        assignments,
    )
    _rows(
        conn,
        "INSERT INTO jobs (id, title, description, must_have_skills, nice_to_have_skills, "
        "language, status, owner_user_id, created_by_user_id, created_at, updated_at, "
        "closing_date, number_of_openings, shortlisting_buffer, applications_closed, "
        "applications_closed_at, shortlisted_at) VALUES (:id, :title, :description, :must, "
        ":nice, :language, :status, :owner, :owner, :created, :created, :closing, :openings, "
        ":buffer, :closed, :closed_at, :shortlisted_at)",
        jobs,
    )
    _rows(conn, "INSERT INTO job_team_members (job_id, user_id) VALUES (:job, :user)", team)
    _rows(
        conn,
        "INSERT INTO applications (id, job_id, candidate_id, resume_id, source, "
        "applied_at, updated_at, fit_score, rank, summary, shortlist_status, ai_processed, "
        "buffer_position, dropout_reason, scored_at) VALUES (:id, :job, :candidate, :resume, "
        ":source, :applied, :applied, :fit, :rank, :summary, :status, :processed, :position, "
        ":dropout, CASE WHEN :processed THEN CAST(:applied AS timestamptz) END)",
        applications,
    )
    _rows(
        conn,
        "INSERT INTO interviews (id, application_id, job_id, candidate_id, status, "
        "confirmation_deadline, slot_selection_deadline, scheduled_time, scheduled_end, "
        "recruiter_user_id, interviewer_ids, rank_at_invitation, candidate_name, "
        "candidate_email, candidate_zone, created_at, updated_at) VALUES (:id, :application, "
        ":job, :candidate, :status, :confirm_by, :pick_by, :start, :end, :recruiter, "
        "ARRAY[CAST(:recruiter AS uuid)], :rank, :name, :email, :zone, :created, :created)",
        interviews,
    )
    _rows(
        conn,
        "INSERT INTO negotiation_sessions (id, interview_id, status, round_count, "
        "conversation, escalated_at, created_at, updated_at) VALUES (:id, :interview, "
        "'escalated', :rounds, CAST(:conversation AS jsonb), :at, :at, :at)",
        negotiations,
    )
    _rows(
        conn,
        "INSERT INTO automation_logs (job_id, application_id, action_type, "
        "trigger_source, created_at) VALUES (:job, :application, :action, 'auto', :at)",
        logs,
    )
    conn.execute(text(_STAGE_HISTORY))


# Each application's path through the stages, as the demo's story had it: arrival, the move
# at ranking (a dropout was shortlisted first; a promoted candidate waited in the buffer),
# then the dropout and the promotion at the job's dropout — so "time in stage" has history.
_STAGE_HISTORY = """
WITH a AS (
    SELECT a.id, a.job_id, a.candidate_id, a.applied_at, a.shortlist_status AS status,
           a.dropout_reason, a.rank, j.number_of_openings,
           coalesce(j.shortlisted_at, a.applied_at + interval '1 day') AS ranked_at,
           (SELECT min(l.created_at) FROM automation_logs l
             WHERE l.job_id = a.job_id AND l.action_type = 'dropout') AS dropout_at
      FROM applications a JOIN jobs j ON j.id = a.job_id
)
INSERT INTO application_stage_history (application_id, job_id, candidate_id, from_status,
                                       to_status, changed_at, trigger_source)
SELECT id, job_id, candidate_id, NULL, 'pending', applied_at, 'auto' FROM a
UNION ALL
SELECT id, job_id, candidate_id, 'pending',
       CASE WHEN status = 'withdrawn' AND dropout_reason IS NOT NULL THEN 'shortlisted'
            WHEN status = 'shortlisted' AND rank > number_of_openings
                 AND dropout_at IS NOT NULL THEN 'buffer'
            ELSE status END,
       ranked_at, 'auto'
  FROM a WHERE status <> 'pending'
UNION ALL
SELECT id, job_id, candidate_id, 'shortlisted', status, dropout_at, 'auto'
  FROM a WHERE status = 'withdrawn' AND dropout_reason IS NOT NULL AND dropout_at IS NOT NULL
UNION ALL
SELECT id, job_id, candidate_id, 'buffer', 'shortlisted', dropout_at, 'auto'
  FROM a WHERE status = 'shortlisted' AND rank > number_of_openings AND dropout_at IS NOT NULL
"""
