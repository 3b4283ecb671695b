"""Password hashing and policy (unit)."""

from __future__ import annotations

import bcrypt

from hireflow.auth import passwords


def test_argon2id_round_trip() -> None:
    hashed = passwords.hash_password("a long passphrase 42")
    assert hashed.startswith("$argon2id$")
    assert passwords.verify_password("a long passphrase 42", hashed)
    assert not passwords.verify_password("a long passphrase 43", hashed)
    assert not passwords.needs_rehash(hashed)


def test_legacy_bcrypt_verifies_and_asks_for_rehash() -> None:
    legacy = bcrypt.hashpw(b"legacy-password", bcrypt.gensalt(rounds=4)).decode()
    assert passwords.verify_password("legacy-password", legacy)
    assert not passwords.verify_password("wrong", legacy)
    assert passwords.needs_rehash(legacy)


def test_malformed_hashes_never_verify() -> None:
    assert not passwords.verify_password("x", "$2b$12$x")  # the real v1.0 data has these
    assert not passwords.verify_password("x", "not a hash")
    assert not passwords.verify_password("x", None)


def test_policy_explains_every_problem() -> None:
    assert passwords.password_problems("short") == ["Use at least 12 characters."]
    problems = passwords.password_problems("aaaaaaaaaaaa")
    assert "Use more different characters." in problems
    assert "This password is too common." in passwords.password_problems("password1234")
    assert "Do not include your email name." in passwords.password_problems(
        "maria-secure-2026", email="maria@example.com"
    )
    assert passwords.password_problems("violet kettle 93 harbor") == []
