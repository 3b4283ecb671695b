"""Candidate search: full text, fuzzy names, filters, sorting, keyset pages, junior scope."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.auth.roles import Role
from hireflow.db.session import ANONYMOUS, SYSTEM, Actor, switch_actor
from hireflow.resumes import service as resumes_service
from tests.factories import SignedIn
from tests.jobs.test_pipeline_pages import named_candidate

PEOPLE = [
    ("Aiko", "Tanaka", "aiko@example.test", "Rakuten", "Data Engineer"),
    ("Benjamin", "Okafor", "ben@example.test", "Stripe", "Backend Engineer"),
    ("Chloé", "Martin", "chloe@example.test", "Doctolib", "Product Manager"),
    ("Dmitri", "Ivanov", None, "JetBrains", "Kotlin Developer"),
    ("Elena", "Rossi", None, "Stripe", "Data Scientist"),
]


async def _seed(client: httpx.AsyncClient, who: SignedIn) -> dict[str, str]:
    ids = {}
    for first, last, email, company, position in PEOPLE:
        body = {
            "first_name": first,
            "last_name": last,
            "current_company": company,
            "current_position": position,
        }
        if email:
            body["email"] = email
        ids[first] = (await client.post("/api/candidates", headers=who.headers, json=body)).json()[
            "id"
        ]
    return ids


async def _names(client: httpx.AsyncClient, who: SignedIn, **params: object) -> list[str]:
    response = await client.get("/api/candidates", headers=who.headers, params=params)
    assert response.status_code == 200, response.text
    return [c["first_name"] for c in response.json()["items"]]


async def test_search_full_text_fuzzy_and_filters(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    senior = people["senior"]
    ids = await _seed(client, senior)
    assert set(await _names(client, senior, q="stripe")) == {"Benjamin", "Elena"}
    assert await _names(client, senior, q="data eng") == ["Aiko"]
    assert await _names(client, senior, q="Okafr Benjamn") == ["Benjamin"], "typos still match"
    assert await _names(client, senior, q="chloe@example.test") == ["Chloé"]
    await client.patch(
        f"/api/candidates/{ids['Dmitri']}", headers=senior.headers, json={"status": "placed"}
    )
    assert "Dmitri" in await _names(client, senior, status="placed")
    assert "Dmitri" not in await _names(client, senior, status="active")
    by_name = await _names(client, senior, sort="name", limit=200)
    assert by_name == sorted(by_name, key=str.lower)


async def test_keyset_pages_cover_everything_once(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    senior = people["senior"]
    await _seed(client, senior)
    for sort in ("newest", "name", "oldest"):
        seen: list[str] = []
        cursor = None
        while True:
            params: dict[str, object] = {"limit": 2, "sort": sort}
            if cursor:
                params["cursor"] = cursor
            page = (
                await client.get("/api/candidates", headers=senior.headers, params=params)
            ).json()
            seen += [c["id"] for c in page["items"]]
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert len(seen) == len(set(seen)) >= len(PEOPLE), sort


async def test_juniors_search_only_their_candidates(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    await _seed(client, people["senior"])
    junior = people["junior"]
    await client.post(
        "/api/candidates",
        headers=junior.headers,
        json={"first_name": "Own", "last_name": "Stripe-Person", "current_company": "Stripe"},
    )
    assert await _names(client, junior, q="stripe") == ["Own"]
    mine = await _names(client, junior, assigned_to=str(junior.user.id))
    assert mine == ["Own"]


async def test_query_operators_are_just_text(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    senior = people["senior"]
    await _seed(client, senior)
    for q in ("&Z", "stripe & | !", "a:*", "((", "'", "\\", "!!!"):
        response = await client.get("/api/candidates", headers=senior.headers, params={"q": q})
        assert response.status_code == 200, (q, response.text)
    assert set(await _names(client, senior, q="stripe & | !")) == {"Benjamin", "Elena"}


async def test_resume_text_finds_only_the_candidates_the_searcher_may_see(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    """Resume text is matched by a security function (so its index can serve it under RLS):
    it must answer exactly what the resumes policy lets the identity see."""
    senior, junior = people["senior"], people["junior"]
    shown = await named_candidate(session, senior.user.id, "Grace", "Hopper")
    hidden = await named_candidate(session, senior.user.id, "Alan", "Turing")
    await session.execute(
        text(
            "INSERT INTO user_candidate_assignments (user_id, candidate_id, assigned_by_user_id)"
            " VALUES (:junior, :candidate, :senior)"
        ),
        {"junior": junior.user.id, "candidate": shown, "senior": senior.user.id},
    )
    await session.flush()

    async def found(who: SignedIn) -> set[str]:
        response = await client.get(
            "/api/candidates", headers=who.headers, params={"q": "kubernetes", "limit": 200}
        )
        assert response.status_code == 200, response.text
        return {c["id"] for c in response.json()["items"]}

    assert {str(shown), str(hidden)} <= await found(senior)
    assert str(shown) in await found(junior)
    assert str(hidden) not in await found(junior)

    words = text(
        "SELECT hireflow_security.candidates_with_resume_words("
        "to_tsquery('simple', 'kubernetes'), NULL)"
    )
    one_by_one = text(
        "SELECT c, hireflow_security.resume_has_words(c, to_tsquery('simple', 'kubernetes'))"
        " FROM unnest(CAST(:ids AS uuid[])) c"
    )
    # The planner's estimate of how common the words are: only for those who see every resume.
    estimate = text(
        "SELECT hireflow_security.resume_words_estimate(to_tsquery('simple', 'kubernetes:*'))"
    )
    for actor, expected in (
        (Actor(junior.user.id, Role.JUNIOR.value), {shown}),
        (Actor(people["junior2"].user.id, Role.JUNIOR.value), set()),
        (ANONYMOUS, set()),
    ):
        await switch_actor(session, actor)
        assert set((await session.scalars(words)).all()) & {shown, hidden} == expected, actor
        # The row-by-row check answers only identities that see every resume.
        checked = await session.execute(one_by_one, {"ids": [shown, hidden]})
        assert not any(has for _c, has in checked.all()), actor
        assert await session.scalar(estimate) is None, actor
    for actor in (SYSTEM, Actor(senior.user.id, Role.SENIOR.value)):
        await switch_actor(session, actor)
        assert set((await session.scalars(words)).all()) >= {shown, hidden}
        checked = await session.execute(one_by_one, {"ids": [shown, hidden]})
        assert all(has for _c, has in checked.all()), actor
        assert (await session.scalar(estimate) or 0) >= 1, actor
    await switch_actor(session, SYSTEM)


async def test_a_word_in_too_many_resumes_is_checked_row_by_row_with_the_same_answer(
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    session: AsyncSession,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    senior = people["senior"]
    ids = {await named_candidate(session, senior.user.id, "Ada", f"Lovelace{n}") for n in range(3)}
    await session.flush()

    async def found(q: str) -> set[uuid.UUID]:
        response = await client.get(
            "/api/candidates", headers=senior.headers, params={"q": q, "limit": 200}
        )
        assert response.status_code == 200, response.text
        return {uuid.UUID(c["id"]) for c in response.json()["items"]}

    listed = await found("kubernetes")
    monkeypatch.setattr(resumes_service, "RESUME_MATCHES_LISTED", 1)
    assert await found("kubernetes") == listed and ids <= listed
    assert not ids & await found("cobol"), "no resume says it"
