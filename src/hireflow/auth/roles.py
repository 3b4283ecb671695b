"""The three recruiter roles."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    JUNIOR = "junior_recruiter"
    SENIOR = "senior_recruiter"
    ADMIN = "admin"


ALL_ROLES = frozenset(Role)
