"""Two resumes carrying one email, processed for two candidates at once: the first keeps the
email, the second leaves it out instead of failing (committed data, two real connections)."""

from __future__ import annotations

import asyncio
import time
import uuid

from sqlalchemy import text

from hireflow.candidates import blanks
from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, unit_of_work
from hireflow.resumes.document import ContactInfo, ResumeFields


async def test_a_concurrent_email_is_left_out_not_an_error(database: Database) -> None:
    first, second = uuid.uuid4(), uuid.uuid4()
    email = f"{uuid.uuid4().hex[:8]}@example.test"
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        for cid in (first, second):
            await session.execute(
                text("INSERT INTO candidates (id, first_name, last_name) VALUES (:id, 'C', 'T')"),
                {"id": cid},
            )
    fields = ResumeFields(contact=ContactInfo(email=email), current_company="Example Corp")
    try:
        async with unit_of_work(database.system_sessions, SYSTEM) as holder:
            assert "email" in await blanks.fill_from_resume(holder, first, fields)

            async def the_other() -> list[str]:
                async with unit_of_work(database.system_sessions, SYSTEM) as session:
                    return await blanks.fill_from_resume(session, second, fields)

            other = asyncio.create_task(the_other())
            # Commit only once the other transaction waits on this one's email.
            async with unit_of_work(database.system_sessions, SYSTEM) as probe:
                # A real lock wait between two connections: polled (up to 60 s on a loaded
                # machine, where the other connection may take seconds to start).
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    # pg_stat_activity is a snapshot taken at its first read in a
                    # transaction: clear it, or every poll sees that first instant.
                    await probe.execute(text("SELECT pg_stat_clear_snapshot()"))
                    waiting = await probe.scalar(
                        text(
                            "SELECT count(*) FROM pg_stat_activity "
                            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
                        )
                    )
                    if waiting:
                        break
                    await asyncio.sleep(0.01)
                assert waiting, "the other transaction never waited on the email"
        filled = await other
        assert "email" not in filled and "current_company" in filled
        async with unit_of_work(database.system_sessions, SYSTEM) as session:
            rows = dict(
                (
                    await session.execute(
                        text("SELECT id, email FROM candidates WHERE id = ANY(:ids)"),
                        {"ids": [first, second]},
                    )
                ).all()
            )
        assert rows == {first: email, second: None}
    finally:
        async with unit_of_work(database.system_sessions, SYSTEM) as session:
            await session.execute(
                text("DELETE FROM candidates WHERE id = ANY(:ids)"), {"ids": [first, second]}
            )
