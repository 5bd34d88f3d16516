"""Zelfredzaamheid-Matrix (ZRM) and Participatieladder: the assessment instruments."""

from __future__ import annotations

from collections.abc import Mapping

from domain.errors import IncompleteAssessmentError, InvalidValueError

# The 11 domains of the 2013 matrix, as named in the seeds (004).
ZRM_2013_DOMAINS: tuple[str, ...] = (
    "finances",
    "daytime_activities",
    "housing",
    "domestic_relations",
    "mental_health",
    "physical_health",
    "addiction",
    "adl",
    "social_network",
    "community_participation",
    "justice",
)

# The 13 domains of the 2017 matrix, the configured alternative.
ZRM_2017_DOMAINS: tuple[str, ...] = (
    "finances",
    "work_and_education",
    "time_use",
    "housing",
    "domestic_relations",
    "mental_health",
    "physical_health",
    "substance_use",
    "basic_adl",
    "instrumental_adl",
    "social_network",
    "community_participation",
    "justice",
)

ZRM_VERSIONS: dict[str, tuple[str, ...]] = {"2013": ZRM_2013_DOMAINS, "2017": ZRM_2017_DOMAINS}
DEFAULT_ZRM_VERSION = "2013"

ZRM_LEVELS = {
    1: "acute problematiek",
    2: "niet zelfredzaam",
    3: "beperkt zelfredzaam",
    4: "voldoende zelfredzaam",
    5: "volledig zelfredzaam",
}

PARTICIPATION_LADDER = {
    1: "geïsoleerd",
    2: "sociale contacten buiten de deur",
    3: "deelname georganiseerde activiteiten",
    4: "onbetaald werk",
    5: "betaald werk met ondersteuning",
    6: "betaald werk",
}


def zrm_domains(version: str) -> tuple[str, ...]:
    try:
        return ZRM_VERSIONS[version]
    except KeyError:
        raise InvalidValueError(
            f"zrm_version: {version!r} is not a ZRM version; use one of {', '.join(ZRM_VERSIONS)}",
            field="zrm_version",
        ) from None


def validated_zrm_scores(version: str, scores: Mapping[str, int]) -> dict[str, int]:
    """Every domain of the matrix at a level 1-5, nothing else; a new dict in matrix order."""
    domains = zrm_domains(version)
    missing = [d for d in domains if d not in scores]
    if missing:
        raise IncompleteAssessmentError(
            f"scores: the ZRM {version} needs every domain scored; missing: {', '.join(missing)}",
            field="scores",
        )
    unknown = sorted(set(scores) - set(domains))
    if unknown:
        raise IncompleteAssessmentError(
            f"scores: {', '.join(unknown)} is not a domain of the ZRM {version}; "
            f"its domains are {', '.join(domains)}",
            field="scores",
        )
    result: dict[str, int] = {}
    for domain in domains:
        level = scores[domain]
        if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 5:
            raise IncompleteAssessmentError(
                f"scores.{domain}: level {level!r} is outside the ZRM scale; use 1 (acute problems) "
                "to 5 (fully self-sufficient)",
                field=f"scores.{domain}",
            )
        result[domain] = level
    return result


def validated_ladder_level(level: int) -> int:
    if isinstance(level, bool) or not isinstance(level, int) or level not in PARTICIPATION_LADDER:
        raise InvalidValueError(
            f"level: {level!r} is not a step of the participation ladder; use 1 (isolated) to 6 (paid work)",
            field="level",
        )
    return level
