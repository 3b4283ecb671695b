"""The permission matrix: one explicit table of role x action x resource, used by every route.

Juniors act only on candidates assigned to them (and what hangs off those candidates); that
scope is enforced again by row-level security in PostgreSQL. Seniors see every candidate.
Admins do everything, plus users, prompts, settings and the audit log.
"""

from __future__ import annotations

from enum import StrEnum

from hireflow.auth.roles import Role


class Action(StrEnum):
    VIEW = "view"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    DOWNLOAD = "download"
    ASSIGN = "assign"
    EXPORT = "export"


class Resource(StrEnum):
    CANDIDATE = "candidate"
    RESUME = "resume"
    REVIEW = "review"
    ASSIGNMENT = "assignment"
    USER = "user"
    PROMPT = "prompt"
    SETTINGS = "settings"
    AUDIT_LOG = "audit_log"
    JOB = "job"
    APPLICATION = "application"
    OWN_ACCOUNT = "own_account"


J, S, A = Role.JUNIOR, Role.SENIOR, Role.ADMIN
_RECRUITERS = frozenset({J, S, A})
_SENIOR_UP = frozenset({S, A})
_ADMIN = frozenset({A})

MATRIX: dict[Resource, dict[Action, frozenset[Role]]] = {
    Resource.CANDIDATE: {
        Action.VIEW: _RECRUITERS,
        Action.CREATE: _RECRUITERS,
        Action.UPDATE: _RECRUITERS,
        Action.DELETE: _SENIOR_UP,
        Action.EXPORT: _SENIOR_UP,
    },
    Resource.RESUME: {
        Action.VIEW: _RECRUITERS,
        Action.CREATE: _RECRUITERS,
        Action.UPDATE: _RECRUITERS,
        Action.DELETE: _SENIOR_UP,
        Action.DOWNLOAD: _RECRUITERS,
    },
    Resource.REVIEW: {
        Action.VIEW: _RECRUITERS,
        Action.CREATE: _RECRUITERS,
        Action.UPDATE: _RECRUITERS,
        Action.DELETE: _SENIOR_UP,
    },
    Resource.ASSIGNMENT: {
        Action.VIEW: _RECRUITERS,
        Action.ASSIGN: _SENIOR_UP,
    },
    Resource.USER: {
        Action.VIEW: _ADMIN,
        Action.CREATE: _ADMIN,
        Action.UPDATE: _ADMIN,
    },
    Resource.PROMPT: {
        Action.VIEW: _SENIOR_UP,
        Action.CREATE: _ADMIN,
        Action.UPDATE: _ADMIN,
    },
    Resource.SETTINGS: {Action.VIEW: _ADMIN, Action.UPDATE: _ADMIN},
    Resource.AUDIT_LOG: {Action.VIEW: _ADMIN},
    Resource.JOB: {
        Action.VIEW: _RECRUITERS,
        Action.CREATE: _SENIOR_UP,
        Action.UPDATE: _RECRUITERS,
        Action.DELETE: _SENIOR_UP,
    },
    Resource.APPLICATION: {
        Action.VIEW: _RECRUITERS,
        Action.CREATE: _RECRUITERS,
        Action.UPDATE: _RECRUITERS,
    },
    Resource.OWN_ACCOUNT: {Action.VIEW: _RECRUITERS, Action.UPDATE: _RECRUITERS},
}


def is_allowed(role: Role | str, action: Action, resource: Resource) -> bool:
    try:
        role = Role(role)
    except ValueError:
        return False
    return role in MATRIX.get(resource, {}).get(action, frozenset())


def sees_all_candidates(role: Role | str) -> bool:
    """Seniors and admins see every candidate; juniors only their assigned ones."""
    return role in (Role.SENIOR, Role.ADMIN)
