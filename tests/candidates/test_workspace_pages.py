"""The candidate page as a workspace: notes with @mentions, tags, duplicates with merge,
export and erasure, editing, and an expected conflict (assigning twice) shown inline."""

from __future__ import annotations

import io
import json
import re
import uuid
import zipfile

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.db.session import Actor, switch_actor
from tests.factories import SignedIn
from tests.jobs.test_pipeline_pages import named_candidate


async def test_notes_mention_a_colleague_who_is_notified(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior, admin = people["senior"], people["admin"]
    cid = await named_candidate(session, senior.user.id, "Mary", "Jackson")
    local = admin.user.email.split("@")[0]
    added = await client.post(
        f"/candidates/{cid}/notes",
        headers=senior.headers,
        data={"body": f"Strong on PostgreSQL; @{local} please have a look. @nobody-at-all"},
    )
    assert added.status_code == 303 and "flash=note-added" in added.headers["location"]
    page = await client.get(f"/candidates/{cid}", headers=senior.headers)
    assert "Strong on PostgreSQL" in page.text
    assert f'<span class="mention">{admin.user.full_name}</span>' in page.text
    home = await client.get("/", headers=admin.headers)
    assert f"{senior.user.full_name} mentioned you on Mary Jackson" in home.text
    mine = await client.get("/", headers=senior.headers)
    assert "mentioned you" not in mine.text, "the author is not notified of their own note"
    empty = await client.post(
        f"/candidates/{cid}/notes", headers=senior.headers, data={"body": " "}
    )
    assert empty.status_code == 422 and "Write something" in empty.text


async def test_tags_are_added_once_and_removed(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior = people["senior"]
    cid = await named_candidate(session, senior.user.id, "Dorothy", "Vaughan")
    first = await client.post(
        f"/candidates/{cid}/tags", headers=senior.headers, data={"tag": "Fortran"}
    )
    assert first.status_code == 303
    again = await client.post(
        f"/candidates/{cid}/tags",
        headers={**senior.headers, "accept": "text/html"},
        data={"tag": "fortran"},
    )
    assert again.status_code == 409 and "already has the tag" in again.text
    assert "Sign out" in again.text, "the conflict is shown on the candidate page itself"
    page = await client.get(f"/candidates/{cid}", headers=senior.headers)
    tag_id = re.search(rf"/candidates/{cid}/tags/([0-9a-f-]{{36}})/remove", page.text)
    assert tag_id and "<li>Fortran" in page.text
    removed = await client.post(
        f"/candidates/{cid}/tags/{tag_id.group(1)}/remove", headers=senior.headers
    )
    assert removed.status_code == 303
    assert (
        "<li>Fortran" not in (await client.get(f"/candidates/{cid}", headers=senior.headers)).text
    )


async def test_duplicates_warning_and_merge_from_the_page(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior, junior = people["senior"], people["junior"]
    keep = await named_candidate(session, senior.user.id, "Katherine", "Johnson")
    dupe = await named_candidate(
        session, senior.user.id, "Katherine", "Johnson", email="kj@example.test"
    )
    await session.execute(  # a similar name at the same company: a likely duplicate
        text("UPDATE candidates SET current_company = 'NASA Langley' WHERE id IN (:a, :b)"),
        {"a": keep, "b": dupe},
    )
    await client.post(f"/candidates/{dupe}/tags", headers=senior.headers, data={"tag": "NASA"})
    page = await client.get(f"/candidates/{keep}", headers=senior.headers)
    assert "Possible duplicates" in page.text and "kj@example.test" in page.text
    assert f'name="duplicate_id" value="{dupe}"' in page.text
    refused = await client.post(
        f"/candidates/{keep}/merge", headers=junior.headers, data={"duplicate_id": str(dupe)}
    )
    assert refused.status_code == 403
    merged = await client.post(
        f"/candidates/{keep}/merge", headers=senior.headers, data={"duplicate_id": str(dupe)}
    )
    assert merged.status_code == 303 and "flash=merged" in merged.headers["location"]
    after = await client.get(merged.headers["location"], headers=senior.headers)
    assert "The duplicate was merged" in after.text and "Possible duplicates" not in after.text
    assert "<li>NASA" in after.text, "the duplicate's tags moved to the kept candidate"


async def test_edit_export_and_erase_from_the_page(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior, junior = people["senior"], people["junior"]
    cid = await named_candidate(session, senior.user.id, "Annie", "Easley")
    edited = await client.post(
        f"/candidates/{cid}/edit",
        headers=senior.headers,
        data={"first_name": "Annie J.", "last_name": "Easley", "current_company": "NASA",
              "email": "annie@example.test", "status": "active"},
    )  # fmt: skip
    assert edited.status_code == 303
    page = await client.get(f"/candidates/{cid}", headers=senior.headers)
    assert "Annie J. Easley" in page.text and "annie@example.test" in page.text
    bad = await client.post(
        f"/candidates/{cid}/edit", headers=senior.headers, data={"first_name": "", "last_name": "E"}
    )
    assert bad.status_code == 422 and 'role="alert"' in bad.text
    await client.post(
        f"/candidates/{cid}/notes", headers=senior.headers, data={"body": "Call back"}
    )
    assert (await client.get(f"/candidates/{cid}/export", headers=junior.headers)).status_code in (
        403,
        404,
    )
    exported = await client.get(f"/candidates/{cid}/export", headers=senior.headers)
    assert exported.status_code == 200 and exported.headers["content-type"] == "application/zip"
    payload = json.loads(zipfile.ZipFile(io.BytesIO(exported.content)).read("candidate.json"))
    assert payload["candidate"]["first_name"] == "Annie J."
    assert [n["body"] for n in payload["notes"]] == ["Call back"]
    wrong = await client.post(
        f"/candidates/{cid}/erase", headers=senior.headers, data={"confirm": "x"}
    )
    assert wrong.status_code == 422 and "to confirm the erasure" in wrong.text
    erased = await client.post(
        f"/candidates/{cid}/erase", headers=senior.headers, data={"confirm": "annie j. easley"}
    )
    assert erased.status_code == 303 and erased.headers["location"] == "/candidates?flash=erased"
    left = await session.scalar(text("SELECT count(*) FROM candidates WHERE id = :c"), {"c": cid})
    assert left == 0


async def test_assigning_the_same_recruiter_twice_answers_inline(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior, junior = people["senior"], people["junior"]
    cid = await named_candidate(session, senior.user.id, "Evelyn", "Boyd")
    form = {"user_id": str(junior.user.id), "assignment_type": "primary"}
    first = await client.post(f"/candidates/{cid}/assignments", headers=senior.headers, data=form)
    assert "flash=assigned" in first.headers["location"]
    second = await client.post(f"/candidates/{cid}/assignments", headers=senior.headers, data=form)
    assert second.status_code == 303 and "flash=already-assigned" in second.headers["location"]
    page = await client.get(second.headers["location"], headers=senior.headers)
    assert page.status_code == 200
    assert "This recruiter is already assigned to the candidate." in page.text
    assert 'class="flash error" role="alert"' in page.text
    assert uuid.UUID(str(cid))


async def test_notes_and_tags_follow_the_candidates_row_level_security(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior, junior = people["senior"], people["junior"]
    hidden = await named_candidate(session, senior.user.id, "Hedy", "Lamarr")
    await client.post(
        f"/candidates/{hidden}/notes", headers=senior.headers, data={"body": "Secret"}
    )
    await client.post(f"/candidates/{hidden}/tags", headers=senior.headers, data={"tag": "radio"})
    await switch_actor(session, Actor(junior.user.id, junior.user.role))
    for table in ("candidate_notes", "candidate_tags"):
        seen = await session.scalar(
            text(f"SELECT count(*) FROM {table} WHERE candidate_id = :c"), {"c": hidden}
        )
        assert seen == 0, table
    refused = await client.post(
        f"/candidates/{hidden}/notes", headers=junior.headers, data={"body": "Can I?"}
    )
    assert refused.status_code == 404
    await switch_actor(session, Actor(senior.user.id, senior.user.role))
    assert (
        await session.scalar(
            text("SELECT count(*) FROM candidate_notes WHERE candidate_id = :c"), {"c": hidden}
        )
        == 1
    )
