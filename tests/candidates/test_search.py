"""Candidate search: full text, fuzzy names, filters, sorting, keyset pages, junior scope."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
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
        # The row-by-row check answers only for the candidates the identity sees.
        checked = await session.execute(one_by_one, {"ids": [shown, hidden]})
        assert {c for c, has in checked.all() if has} == expected, actor
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


async def test_company_matches_and_one_candidate_checks_answer_only_within_the_visible_set(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    """The company trigram list and ``sees_candidate`` run as the system role (so the index
    serves them under RLS): a junior learns nothing through them about candidates they do not
    see, not even through the "too many to list" answer."""
    senior, junior = people["senior"], people["junior"]
    shown = await named_candidate(session, senior.user.id, "Grace", "Hopper")
    hidden = await named_candidate(session, senior.user.id, "Alan", "Turing")
    await session.execute(
        text("UPDATE candidates SET current_company = 'Zyxwvut Foundry' WHERE id = ANY(:ids)"),
        {"ids": [shown, hidden]},
    )
    await session.execute(
        text(
            "INSERT INTO user_candidate_assignments (user_id, candidate_id, assigned_by_user_id)"
            " VALUES (:junior, :candidate, :senior)"
        ),
        {"junior": junior.user.id, "candidate": shown, "senior": senior.user.id},
    )
    await session.flush()

    async def found(who: SignedIn, q: str) -> set[uuid.UUID]:
        response = await client.get(
            "/api/candidates", headers=who.headers, params={"q": q, "limit": 200}
        )
        assert response.status_code == 200, response.text
        return {uuid.UUID(c["id"]) for c in response.json()["items"]}

    for q in ("zyxwvut foundry", "Zyxwvtu Fonudry"):  # the second one misspelt
        assert {shown, hidden} <= await found(senior, q), q
        assert await found(junior, q) == {shown}, q
        assert await found(people["junior2"], q) == set(), q

    company = text("SELECT hireflow_security.candidates_with_company_like(:q, :at_most)")
    sees = text("SELECT c, hireflow_security.sees_candidate(c) FROM unnest(CAST(:ids AS uuid[])) c")
    await session.execute(text("SELECT set_config('pg_trgm.similarity_threshold', '0.25', true)"))
    cases: list[tuple[Actor, set[uuid.UUID]]] = [
        (Actor(junior.user.id, Role.JUNIOR.value), {shown}),
        (Actor(people["junior2"].user.id, Role.JUNIOR.value), set()),
        (ANONYMOUS, set()),
        (Actor(senior.user.id, Role.SENIOR.value), {shown, hidden}),
        (SYSTEM, {shown, hidden}),
    ]
    for actor, expected in cases:
        await switch_actor(session, actor)
        listed = set((await session.scalars(company, {"q": "Zyxwvut", "at_most": 100})).all())
        assert listed & {shown, hidden} == expected and None not in listed, actor
        # Past at_most the answer is a single NULL, and only when the identity's own visible
        # set holds more than at_most matches.
        over = list((await session.scalars(company, {"q": "Zyxwvut", "at_most": 1})).all())
        assert over == ([None] if len(expected) > 1 else sorted(expected)), actor
        none = list((await session.scalars(company, {"q": "Zyxwvut", "at_most": 0})).all())
        assert none == ([None] if expected else []), actor
        checked = await session.execute(sees, {"ids": [shown, hidden]})
        assert {c for c, yes in checked.all() if yes} == expected, actor
    # The planner's estimate the functions use inside is not the runtime role's to call.
    await switch_actor(session, Actor(junior.user.id, Role.JUNIOR.value))
    with pytest.raises(DBAPIError, match="permission denied"):
        async with session.begin_nested():
            await session.execute(
                text("SELECT hireflow_security.estimated_rows('SELECT 1 FROM candidates')")
            )
    await switch_actor(session, SYSTEM)


async def test_a_juniors_resume_words_past_the_list_are_checked_row_by_row(
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    session: AsyncSession,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    senior, junior = people["senior"], people["junior"]
    mine = {await named_candidate(session, senior.user.id, "Ada", f"Lovelace{n}") for n in range(3)}
    other = await named_candidate(session, senior.user.id, "Alan", "Turing")
    for candidate in mine:
        await session.execute(
            text(
                "INSERT INTO user_candidate_assignments"
                " (user_id, candidate_id, assigned_by_user_id) VALUES (:junior, :c, :senior)"
            ),
            {"junior": junior.user.id, "c": candidate, "senior": senior.user.id},
        )
    await session.flush()

    async def found(q: str) -> set[uuid.UUID]:
        response = await client.get(
            "/api/candidates", headers=junior.headers, params={"q": q, "limit": 200}
        )
        assert response.status_code == 200, response.text
        return {uuid.UUID(c["id"]) for c in response.json()["items"]}

    listed = await found("kubernetes")
    assert mine <= listed and other not in listed
    monkeypatch.setattr(resumes_service, "VISIBLE_MATCHES_LISTED", 1)
    assert await found("kubernetes") == listed
    assert not mine & await found("cobol"), "no resume says it"
