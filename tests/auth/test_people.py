"""Choosing a colleague by typing (pure functions): matching, what a typed value names, and
the @handle that mentions exactly one colleague."""

from __future__ import annotations

import uuid

from hireflow.auth import people
from hireflow.auth.models import User
from hireflow.candidates.notes import handle_of, mentioned


def _user(first: str, last: str, email: str, *, active: bool = True) -> User:
    return User(id=uuid.uuid4(), first_name=first, last_name=last, email=email,
                role="junior_recruiter", is_active=active)  # fmt: skip


def test_matching_holds_every_word_and_puts_name_starts_first() -> None:
    ada = _user("Ada", "Lovelace", "ada@example.test")
    grace = _user("Grace", "Hopper", "grace@example.test")
    adam = _user("Adam", "Smith", "asmith@example.test")
    canada = _user("Bob", "Canada", "bob@example.test")
    gone = _user("Ada", "Gone", "gone@example.test", active=False)
    everyone = [canada, grace, adam, ada, gone]
    assert people.matching(everyone, "ada") == [ada, adam, canada]
    assert people.matching(everyone, "ada love") == [ada]
    assert people.matching(everyone, "HOPPER") == [grace]
    assert people.matching(everyone, "  ") == []
    assert len(people.matching([ada, adam, canada], "a", limit=2)) == 2


def test_pick_takes_an_id_an_exact_name_or_email_or_the_only_match() -> None:
    ada = _user("Ada", "Lovelace", "ada@example.test")
    adam = _user("Adam", "Smith", "asmith@example.test")
    gone = _user("Grace", "Gone", "grace@example.test", active=False)
    everyone = [ada, adam, gone]
    assert people.pick(everyone, str(adam.id)) == (adam, [])
    assert people.pick(everyone, str(gone.id)) == (None, []), "a deactivated id names nobody"
    assert people.pick(everyone, "ada lovelace") == (ada, [])
    assert people.pick(everyone, "ASMITH@example.test") == (adam, [])
    assert people.pick(everyone, "asmith") == (adam, [])
    assert people.pick(everyone, "smi") == (adam, [])
    assert people.pick(everyone, "ad") == (None, [ada, adam])
    assert people.pick(everyone, "grace") == (None, [])


def test_a_handle_mentions_exactly_its_colleague() -> None:
    sam = _user("Sam", "Senior", "s.senior@example.test")
    other = _user("Pat", "Other", "sam@example.test")  # an email whose local part is "sam"
    mae_a = _user("Mae", "Jemison", "mae.j@example.test")
    mae_b = _user("Mae", "Carol", "mae.c@example.test")
    team = [sam, other, mae_a, mae_b]
    assert handle_of(sam, team) == "s.senior", "'@sam' would mention Pat (an email first)"
    assert handle_of(other, team) == "pat"
    assert handle_of(mae_a, team) == "mae.j", "a shared first name is no handle"
    for user in team:
        handle = handle_of(user, team)
        assert handle is not None and mentioned(f"Hi @{handle}.", team) == [user]
