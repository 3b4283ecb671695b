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
        """The profile named by the industry, else by the role, else generic.

        Free text naming several industries ("fintech", "healthcare / SaaS") resolves to a
        merged profile of each (see ``COMPOUND_INDUSTRIES``), the one whose roles match the
        target role first.
        """
        found = self.resolve_all(target_industry, target_role)
        return found[0] if len(found) == 1 else _merge(found, target_role)

    def resolve_all(
        self, target_industry: str | None, target_role: str | None
    ) -> list[IndustryProfile]:
        industry = (target_industry or "").strip().lower()
        found: list[IndustryProfile] = []
        if industry:
            for profile in self.profiles.values():
                named = industry == profile.id or industry in profile.aliases
                if named and industry not in COMPOUND_INDUSTRIES:
                    return [profile]
            pieces = _PIECES_RE.split(industry)
            for piece in pieces if len(pieces) > 1 else [industry]:
                piece = piece.strip()
                names = COMPOUND_INDUSTRIES.get(piece)
                if names is None:
                    names = tuple(
                        profile_id
                        for key, ids in COMPOUND_INDUSTRIES.items()
                        if _contains_word(piece, key)
                        for profile_id in ids
                    )
                    alias = self._by_alias(piece) if not names else None
                    names = names or ((alias.id,) if alias else ())
                for name in names:
                    if name in self.profiles and self.profiles[name] not in found:
                        found.append(self.profiles[name])
            if found:
                return found
        role = (target_role or "").lower()
        if role:
            for profile in self.profiles.values():
                if any(title in role for family in profile.roles for title in family.titles):
                    return [profile]
        return [self.profiles["generic"]]

    def _by_alias(self, industry: str) -> IndustryProfile | None:
        for profile in self.profiles.values():
            if industry == profile.id or industry in profile.aliases:
                return profile
        for profile in self.profiles.values():
            if any(_contains_word(industry, alias) for alias in profile.aliases):
                return profile
        return None


# Industries people name that span two profiles: each maps to both, in this order.
COMPOUND_INDUSTRIES: dict[str, tuple[str, ...]] = {
    "fintech": ("technology", "finance"),
    "insurtech": ("technology", "finance"),
    "regtech": ("technology", "finance"),
    "wealthtech": ("technology", "finance"),
    "payments": ("technology", "finance"),
    "crypto": ("technology", "finance"),
    "healthtech": ("technology", "healthcare"),
    "health tech": ("technology", "healthcare"),
    "healthcare it": ("technology", "healthcare"),
    "medtech": ("technology", "healthcare"),
    "digital health": ("technology", "healthcare"),
    "adtech": ("technology", "sales_marketing"),
    "martech": ("technology", "sales_marketing"),
    "e-commerce platform": ("technology", "sales_marketing"),
    "industrial iot": ("technology", "manufacturing"),
    "industry 4.0": ("technology", "manufacturing"),
}
_PIECES_RE = re.compile(r"\s*(?:/|,|&|\+|\band\b|;)\s*")


def _merge(profiles: list[IndustryProfile], target_role: str | None) -> IndustryProfile:
    """One profile of several: the one whose roles match the target role first."""
    role = (target_role or "").lower()
    ordered = sorted(
        profiles,
        key=lambda p: not any(t in role for f in p.roles for t in f.titles) if role else False,
    )
    skills: dict[str, Skill] = {}
    for profile in ordered:
        for name, skill in profile.skills.items():
            skills.setdefault(name, skill)
    return IndustryProfile(
        id="+".join(p.id for p in ordered),
        name_en=" + ".join(p.name_en for p in ordered),
        name_ja=" + ".join(p.name_ja for p in ordered),
        aliases=tuple(a for p in ordered for a in p.aliases),
        skills=skills,
        roles=tuple(r for p in ordered for r in p.roles),
        appeal_points=tuple(a for p in ordered for a in p.appeal_points),
    )


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
