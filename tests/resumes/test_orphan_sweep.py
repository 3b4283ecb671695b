"""L5: files with no resume row (rolled-back imports, failed applications, crashes) go."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, switch_actor
from hireflow.resumes.storage import LocalStorage, storage_key
from hireflow.resumes.tasks import run_sweep_orphans
from tests.factories import SignedIn

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def _put(storage: LocalStorage, name: str, written: datetime) -> str:
    key = storage_key(name * 32)
    storage.put(key, name.encode())
    stamp = written.timestamp()
    os.utime(storage.root / key, (stamp, stamp))
    return key


async def test_sweep_removes_only_old_files_no_resume_names(
    tmp_path: Path, session: AsyncSession, test_database: Database, people: dict[str, SignedIn]
) -> None:
    storage = LocalStorage(tmp_path / "files")
    kept = _put(storage, "aa", NOW - timedelta(days=2))
    orphan = _put(storage, "bb", NOW - timedelta(days=2))
    in_flight = _put(storage, "cc", NOW - timedelta(minutes=5))
    await switch_actor(session, SYSTEM)
    candidate = uuid.uuid4()
    await session.execute(
        text("INSERT INTO candidates (id, first_name, last_name) VALUES (:id, 'K', 'Ept')"),
        {"id": candidate},
    )
    await session.execute(
        text(
            "INSERT INTO resumes (id, candidate_id, uploaded_by_user_id, original_filename, "
            "stored_filename, storage_key, file_hash, file_size, mime_type, status) "
            "VALUES (gen_random_uuid(), :c, :u, 'cv.txt', :f, :k, :h, 2, 'text/plain', "
            "'completed')"
        ),
        {"c": candidate, "u": people["senior"].user.id, "k": kept, "f": kept, "h": "aa" * 32},
    )
    await session.flush()
    assert await run_sweep_orphans(test_database, storage, now=NOW) == 1
    assert storage.exists(kept) and storage.exists(in_flight)
    assert not storage.exists(orphan)
