"""Skill names to canonical vocabulary names: aliases, case and spelling variants.

Reuses the resume parser's skills vocabulary (``skills_vocabulary.json``); a name the
vocabulary does not know is kept as written, compared by its folded spelling.
"""

from __future__ import annotations

import re
from functools import cache

from hireflow.resumes.parsing import load_skill_entries

_FOLD_RE = re.compile(r"[\s._\-]+")


def fold(name: str) -> str:
    """Spelling-insensitive key: "Node.js", "nodejs", "node js" and "NODE-JS" agree."""
    return _FOLD_RE.sub("", name.strip().lower())


@cache
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for entry in load_skill_entries():
        for form in (entry.name, *entry.aliases):
            index.setdefault(fold(form), entry.name)
    return index


def canonical_skill(name: str) -> str:
    """The vocabulary name of ``name`` (through aliases and spelling variants), else itself."""
    return _index().get(fold(name), name.strip())


def skill_key(name: str) -> str:
    """A comparison key: the folded canonical name."""
    return fold(canonical_skill(name))
