"""Interview scheduler: one full set-based sweep over 100,000 open interviews, next to a
naive per-row loop (one transaction per interview, as the seed's scheduler did) over the
same data in the same run.

    .venv/bin/python bench/scheduler.py [--count 100000] [--naive-limit N] [--seed 7]

Data (throw-away embedded PostgreSQL): 20 recruiters, 500 jobs, ``--count`` interviews:
35 % invitations with confirmation deadlines from 6 h ago to 48 h ahead, 15 % slot
selections with deadlines from 3 h ago to 24 h ahead, 40 % booked interviews from 4 h ago
to 14 days ahead, 10 % finished; 2,000 short holds, half of them stale. The sweep expires
and queues refills, releases stale holds, writes reminder e-mails (rendered) for interviews
within 24 h and flags interviews past their end. The data is restored, then the naive loop
does the same work row by row (``--naive-limit`` times a sample and extrapolates, saying so).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from sqlalchemy import select, text

from hireflow.automation.service import Trigger, log_action
from hireflow.config import Settings
from hireflow.db import migrate
from hireflow.db.engine import Database, libpq_url
from hireflow.db.server import resolve_database
from hireflow.db.session import SYSTEM, unit_of_work
from hireflow.interviews import messages, scheduler
from hireflow.interviews.messages import Env
from hireflow.interviews.models import Interview
from hireflow.interviews.scheduler import People
from hireflow.notifications import outbox
from hireflow.notifications.service import notify

NOW = datetime(2027, 3, 29, 8, 0, tzinfo=UTC)

SEED_SQL = """
INSERT INTO users (id, email, password_hash, first_name, last_name, role)
SELECT ('00000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid,
       'recruiter' || g || '@example.test', 'x', 'Rec', 'Ruiter' || g, 'senior_recruiter'
  FROM generate_series(1, 20) g;
INSERT INTO interviewer_availability (user_id, zone)
SELECT id, 'Europe/Berlin' FROM users;
INSERT INTO jobs (id, title, shortlisting_buffer, owner_user_id)
SELECT ('10000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, 'Job ' || g, 1,
       ('00000000-0000-0000-0000-' || lpad((1 + g % 20)::text, 12, '0'))::uuid
  FROM generate_series(1, 500) g;
INSERT INTO candidates (id, first_name, last_name)
SELECT ('20000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, 'Cand', 'No' || g
  FROM generate_series(1, :count) g;
INSERT INTO applications (id, job_id, candidate_id)
SELECT ('30000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid,
       ('10000000-0000-0000-0000-' || lpad((1 + g % 500)::text, 12, '0'))::uuid,
       ('20000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid
  FROM generate_series(1, :count) g;
INSERT INTO interviews (id, application_id, job_id, candidate_id, status,
    confirmation_deadline, slot_selection_deadline, scheduled_time, scheduled_end,
    recruiter_user_id, interviewer_ids, candidate_name, candidate_email, candidate_zone)
SELECT ('40000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid,
       ('30000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid,
       ('10000000-0000-0000-0000-' || lpad((1 + g % 500)::text, 12, '0'))::uuid,
       ('20000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid,
       kind.status, kind.confirm, kind.slot, kind.start, kind.start + interval '1 hour',
       r.id, ARRAY[r.id], 'Cand No' || g, 'cand' || g || '@example.test', 'America/New_York'
  FROM generate_series(1, :count) g
  CROSS JOIN LATERAL (SELECT ('00000000-0000-0000-0000-' || lpad((1 + (g % 500) % 20)::text,
                              12, '0'))::uuid AS id) r
  CROSS JOIN LATERAL (SELECT random() + 0 * g AS p, random() + 0 * g AS q) x
  CROSS JOIN LATERAL (
      SELECT CASE WHEN x.p < 0.35 THEN 'invitation_sent'
                  WHEN x.p < 0.50 THEN 'slot_selection'
                  WHEN x.p < 0.90 THEN 'scheduled'
                  WHEN x.p < 0.95 THEN 'completed' ELSE 'cancelled' END AS status,
             CASE WHEN x.p < 0.35 THEN :now + (x.q * 54 - 6) * interval '1 hour'
                  ELSE :now - interval '30 hours' END AS confirm,
             CASE WHEN x.p >= 0.35 AND x.p < 0.50 THEN :now + (x.q * 27 - 3) * interval '1 hour'
                  END AS slot,
             CASE WHEN x.p >= 0.50 THEN :now + (x.q * 340 - 4) * interval '1 hour' END AS start
  ) kind;
INSERT INTO interview_bookings (interview_id, interviewer_id, during, state, hold_expires_at)
SELECT i.id, i.recruiter_user_id,
       tstzrange(:now + interval '20 days' + (row_number() OVER ()) * interval '1 hour',
                 :now + interval '20 days' + (row_number() OVER () + 1) * interval '1 hour'),
       'held', :now + CASE WHEN random() < 0.5 THEN interval '-5 minutes'
                                              ELSE interval '5 minutes' END
  FROM interviews i WHERE i.status = 'slot_selection' LIMIT 2000;
ANALYZE;
CREATE TABLE bench_interviews AS SELECT * FROM interviews;
CREATE TABLE bench_bookings AS SELECT * FROM interview_bookings;
"""

RESTORE_SQL = """
DELETE FROM automation_logs; DELETE FROM email_outbox; DELETE FROM notifications;
DELETE FROM procrastinate_jobs;
UPDATE interviews i SET status = b.status, version = b.version, updated_at = b.updated_at,
       reminder_sent_at = b.reminder_sent_at, outcome_flagged_at = b.outcome_flagged_at,
       promotion_pending = b.promotion_pending
  FROM bench_interviews b WHERE i.id = b.id;
UPDATE interview_bookings x SET state = b.state, released_at = b.released_at
  FROM bench_bookings b WHERE x.id = b.id;
VACUUM ANALYZE;
"""

COUNTS_SQL = """
SELECT (SELECT count(*) FROM interviews WHERE status = 'expired') AS expired,
       (SELECT count(*) FROM interviews WHERE reminder_sent_at IS NOT NULL) AS reminded,
       (SELECT count(*) FROM interviews WHERE outcome_flagged_at IS NOT NULL) AS flagged,
       (SELECT count(*) FROM interview_bookings WHERE state = 'released') AS released,
       (SELECT count(*) FROM email_outbox) AS emails,
       (SELECT count(*) FROM automation_logs) AS logs
"""


async def timed_sweep(database: Database, env: Env) -> dict[str, float]:
    """The set-based sweep, one part after the other, each part timed (one transaction)."""
    parts: dict[str, float] = {}
    started = time.perf_counter()
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        mark = time.perf_counter()
        await scheduler.expire_and_promote(session, NOW)
        parts["expire + queue refills"] = time.perf_counter() - mark
        mark = time.perf_counter()
        await scheduler.release_holds(session, NOW)
        parts["release stale holds"] = time.perf_counter() - mark
        mark = time.perf_counter()
        await scheduler.send_reminders(session, env, NOW)
        parts["reminders (render + outbox)"] = time.perf_counter() - mark
        mark = time.perf_counter()
        await scheduler.flag_overdue(session, NOW)
        parts["flag overdue"] = time.perf_counter() - mark
        mark = time.perf_counter()
    parts["commit"] = time.perf_counter() - mark
    parts["total"] = time.perf_counter() - started
    return parts


async def naive_loop(database: Database, env: Env, limit: int | None) -> tuple[float, int, int]:
    """The per-row way: read every open interview, then one transaction per row that locks
    it, decides in Python and writes what is due (status, log, e-mail, notification)."""
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        rows = (
            (
                await session.execute(
                    text(
                        "SELECT id FROM interviews WHERE status IN ('invitation_sent', "
                        "'confirmed', 'slot_selection', 'scheduled') ORDER BY id"
                    )
                )
            )
            .scalars()
            .all()
        )
        holds = (
            (await session.execute(text("SELECT id FROM interview_bookings WHERE state = 'held'")))
            .scalars()
            .all()
        )
    total = len(rows) + len(holds)
    sample = rows[:limit] if limit else rows
    started = time.perf_counter()
    for interview_id in sample:
        async with unit_of_work(database.system_sessions, SYSTEM) as session:
            interview = await session.scalar(
                select(Interview).where(Interview.id == interview_id).with_for_update()
            )
            assert interview is not None
            due = (
                interview.status == "invitation_sent" and interview.confirmation_deadline <= NOW
            ) or (
                interview.status in ("confirmed", "slot_selection")
                and interview.slot_selection_deadline is not None
                and interview.slot_selection_deadline <= NOW
            )
            if due:
                interview.status, interview.promotion_pending = "expired", True
                await log_action(
                    session,
                    job_id=interview.job_id,
                    application_id=interview.application_id,
                    action="interview_expired",
                    trigger=Trigger.SCHEDULED,
                    details={"interview_id": str(interview.id)},
                )
            elif interview.status == "scheduled" and interview.scheduled_time is not None:
                if (
                    interview.reminder_sent_at is None
                    and NOW < interview.scheduled_time <= NOW + timedelta(hours=24)
                ):
                    interview.reminder_sent_at = NOW
                    people = People(session)
                    assert interview.recruiter_user_id is not None
                    recruiter = await people.party(interview.recruiter_user_id)
                    mails = messages.scheduled_mail(
                        "reminder",
                        env,
                        interview,
                        await people.title(interview.job_id),
                        recruiter,
                        [recruiter],
                        now=NOW,
                        valid_days=7,
                    )
                    await outbox.enqueue(session, mails, now=NOW, wake=False)
                elif (
                    interview.scheduled_end is not None
                    and interview.scheduled_end < NOW
                    and interview.outcome_flagged_at is None
                ):
                    interview.outcome_flagged_at = NOW
                    await log_action(
                        session,
                        job_id=interview.job_id,
                        application_id=interview.application_id,
                        action="interview_needs_outcome",
                        trigger=Trigger.SCHEDULED,
                        details={"interview_id": str(interview.id)},
                    )
                    assert interview.recruiter_user_id is not None
                    await notify(
                        session,
                        interview.recruiter_user_id,
                        kind="interview_needs_outcome",
                        title="Did the interview take place?",
                    )
    for hold_id in holds if not limit else []:
        async with unit_of_work(database.system_sessions, SYSTEM) as session:
            await session.execute(
                text(
                    "UPDATE interview_bookings SET state = 'released', released_at = :now "
                    "WHERE id = :id AND state = 'held' AND hold_expires_at <= :now"
                ),
                {"id": hold_id, "now": NOW},
            )
    elapsed = time.perf_counter() - started
    return elapsed, len(sample), total


async def run(database: Database, count: int, naive_limit: int | None) -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    env = Env(settings, b"bench-secret-" * 4)
    await _owner_script(
        database,
        SEED_SQL.replace(":count", str(count)).replace(":now", f"'{NOW.isoformat()}'::timestamptz"),
    )
    print(f"{count:,} interviews, 500 jobs, 20 recruiters, 2,000 holds; sweep at {NOW.isoformat()}")
    parts = await timed_sweep(database, env)
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        counts = (await session.execute(text(COUNTS_SQL))).one()
    print("set-based sweep (one transaction):")
    for name, seconds in parts.items():
        print(f"  {name:32s} {seconds:7.3f} s")
    print(
        f"  changed: {counts.expired:,} expired, {counts.released:,} holds released, "
        f"{counts.reminded:,} reminded ({counts.emails:,} e-mails), {counts.flagged:,} flagged, "
        f"{counts.logs:,} log entries"
    )
    await _owner_script(database, RESTORE_SQL)
    elapsed, done, total = await naive_loop(database, env, naive_limit)
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        again = (await session.execute(text(COUNTS_SQL))).one()
    if done + 2000 >= total and not naive_limit:
        print(f"naive per-row loop ({total:,} rows, one transaction each): {elapsed:7.2f} s")
        print(
            f"  changed: {again.expired:,} expired, {again.released:,} holds released, "
            f"{again.reminded:,} reminded, {again.flagged:,} flagged"
        )
    else:
        projected = elapsed / max(done, 1) * total
        print(
            f"naive per-row loop: {done:,} of {total:,} rows took {elapsed:.2f} s; "
            f"projected for all rows: {projected:,.0f} s (extrapolated, not measured)"
        )
    print(f"speed-up: {((elapsed / max(done, 1)) * total) / parts['total']:,.0f}x")


async def _owner_script(database: Database, sql: str) -> None:
    """Run a multi-statement script as the owner (acting as the system for RLS)."""
    async with await psycopg.AsyncConnection.connect(
        libpq_url(database.target.migration_url), autocommit=True
    ) as conn:
        await conn.execute("SELECT set_config('hireflow.role', 'system', false)")
        for statement in filter(str.strip, sql.split(";\n")):
            await conn.execute(statement)  # type: ignore[call-overload]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument(
        "--naive-limit",
        type=int,
        default=10_000,
        help="rows the naive loop runs (then extrapolated); 0 = all of them",
    )
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="hireflow-bench-"))
    settings = Settings(
        data_dir=tmp,
        db_name="scheduler_bench",
        load_demo_data=False,
        log_level="WARNING",
        _env_file=None,  # type: ignore[call-arg]
    )
    target = resolve_database(settings)

    async def go() -> None:
        database = Database.connect(target, pool_size=2)
        try:
            await run(database, args.count, args.naive_limit or None)
        finally:
            await database.dispose()

    try:
        migrate.upgrade(settings, target.migration_url, "head")
        asyncio.run(go())
    finally:
        if target.embedded is not None:
            target.embedded.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
