"""Industry profiles: editable JSON data (one file per industry) and their compiled matchers.

A profile lists key skills with aliases, role families with the skills they need, and appeal
points with keywords, in English and Japanese. ``_levels.json`` holds seniority signals and
expected years/pages per experience level. A directory of the same shape can replace the
shipped one (``Settings.ai_profiles_dir``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from hireflow.ai.schemas import ExperienceLevel
from hireflow.kit.errors import Unprocessable

DEFAULT_PROFILES_DIR = Path(__file__).parent / "profiles"


class Matcher:
    """Finds any of a set of aliases in text: Latin aliases on word boundaries, short
    acronyms case-sensitively (``Go``, ``SQL``), Japanese aliases as substrings."""

    __slots__ = ("_cased", "_folded")

    def __init__(self, aliases: list[str], display: str) -> None:
        cased: list[str] = []
        folded: list[str] = []
        for raw in dict.fromkeys(a.strip() for a in aliases if a.strip()):
            alias = raw.lower()
            body = re.escape(alias)
            if not alias.isascii():
                folded.append(body)
                continue
            left = r"(?<![a-z0-9])" if alias[0].isalnum() else ""
            right = r"(?![a-z0-9])" if alias[-1].isalnum() else ""
            if alias.isalpha() and len(alias) <= 3:
                form = display if display.lower() == alias else alias.upper()
                cased.append(rf"(?<![A-Za-z0-9]){re.escape(form)}(?![A-Za-z0-9])")
            else:
                folded.append(f"{left}{body}{right}")
        self._folded = re.compile("|".join(folded)) if folded else None
        self._cased = re.compile("|".join(cased)) if cased else None

    def find(self, text: str, lower: str) -> tuple[int, int] | None:
        """First match as (start, end); ``lower`` is ``text.lower()`` (same offsets)."""
        hits: list[tuple[int, int]] = []
        if self._folded is not None and (m := self._folded.search(lower)):
            hits.append(m.span())
        if self._cased is not None and (m := self._cased.search(text)):
            hits.append(m.span())
        return min(hits) if hits else None


@dataclass(frozen=True, slots=True)
class Skill:
    name: str
    matcher: Matcher


@dataclass(frozen=True, slots=True)
class RoleFamily:
    titles: tuple[str, ...]
    skills: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AppealPoint:
    id: str
    label_en: str
    label_ja: str
    matcher: Matcher


@dataclass(frozen=True, slots=True)
class IndustryProfile:
    id: str
    name_en: str
    name_ja: str
    aliases: tuple[str, ...]
    skills: dict[str, Skill]
    roles: tuple[RoleFamily, ...]
    appeal_points: tuple[AppealPoint, ...]

    def target_skills(self, target_role: str | None) -> tuple[tuple[str, ...], RoleFamily | None]:
        """Skills the target role needs: its role family's, else the profile's first ten."""
        role = (target_role or "").lower()
        if role:
            for family in self.roles:
                if any(title in role for title in family.titles):
                    return family.skills, family
        return tuple(list(self.skills)[:10]), None


@dataclass(frozen=True, slots=True)
class LevelExpectation:
    signals: tuple[tuple[str, Matcher], ...]
    years: tuple[float, float]
    pages: tuple[int, int]


@dataclass(frozen=True, slots=True)
class ProfileLibrary:
    profiles: dict[str, IndustryProfile]
    levels: dict[ExperienceLevel, LevelExpectation]

    def resolve(self, target_industry: str | None, target_role: str | None) -> IndustryProfile:
        """The profile named by the industry (alias match), else by the role, else generic."""
        industry = (target_industry or "").strip().lower()
        if industry:
            for profile in self.profiles.values():
                if industry == profile.id or industry in profile.aliases:
                    return profile
            for profile in self.profiles.values():
                if any(_contains_word(industry, alias) for alias in profile.aliases):
                    return profile
        role = (target_role or "").lower()
        if role:
            for profile in self.profiles.values():
                if any(title in role for family in profile.roles for title in family.titles):
                    return profile
        return self.profiles["generic"]


def _contains_word(text: str, alias: str) -> bool:
    if not alias.isascii():
        return alias in text
    return re.search(rf"(?<![a-z0-9]){re.escape(alias)}(?![a-z0-9])", text) is not None


def _profile_from_json(data: dict[str, object], source: Path) -> IndustryProfile:
    try:
        names = data["names"]
        assert isinstance(names, dict)
        skills_raw = data["key_skills"]
        assert isinstance(skills_raw, list)
        skills = {
            s["name"]: Skill(s["name"], Matcher([s["name"], *s.get("aliases", [])], s["name"]))
            for s in skills_raw
        }
        roles_raw = data.get("roles", [])
        assert isinstance(roles_raw, list)
        roles = tuple(
            RoleFamily(tuple(t.lower() for t in r["titles"]), tuple(r["skills"])) for r in roles_raw
        )
        for family in roles:
            unknown = set(family.skills) - set(skills)
            if unknown:
                raise Unprocessable(f"{source.name}: role skills not among key skills: {unknown}")
        points_raw = data.get("appeal_points", [])
        assert isinstance(points_raw, list)
        points = tuple(
            AppealPoint(p["id"], p["label_en"], p["label_ja"], Matcher(p["keywords"], p["id"]))
            for p in points_raw
        )
        aliases = data.get("aliases", [])
        assert isinstance(aliases, list)
        return IndustryProfile(
            id=str(data["id"]),
            name_en=str(names["en"]),
            name_ja=str(names["ja"]),
            aliases=tuple(str(a).lower() for a in aliases),
            skills=skills,
            roles=roles,
            appeal_points=points,
        )
    except (KeyError, TypeError, AssertionError) as exc:
        raise Unprocessable(f"Industry profile {source.name} is malformed: {exc!r}") from exc


@lru_cache(maxsize=8)
def load_profiles(directory: Path = DEFAULT_PROFILES_DIR) -> ProfileLibrary:
    """Load every ``*.json`` profile of a directory (cached per directory)."""
    profiles: dict[str, IndustryProfile] = {}
    for path in sorted(directory.glob("*.json")):
        if path.name.startswith("_"):
            continue
        profile = _profile_from_json(json.loads(path.read_text(encoding="utf-8")), path)
        profiles[profile.id] = profile
    if "generic" not in profiles:
        raise Unprocessable(f"{directory} has no generic.json fallback profile")
    levels_raw = json.loads((directory / "_levels.json").read_text(encoding="utf-8"))
    levels: dict[ExperienceLevel, LevelExpectation] = {}
    for level in ("entry", "mid", "senior", "executive"):
        entry = levels_raw[level]
        levels[level] = LevelExpectation(
            signals=tuple((word, Matcher([word], word)) for word in entry["signals"]),
            years=(float(entry["years"][0]), float(entry["years"][1])),
            pages=(int(entry["pages"][0]), int(entry["pages"][1])),
        )
    return ProfileLibrary(profiles, levels)
