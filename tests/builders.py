"""Small builders for dossiers in a known state, shared by unit and integration tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from domain.assessment import ZRM_2013_DOMAINS
from domain.attribution import Attribution

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=timezone.utc)

PROCESS_DIRECTOR = "pd-noord-01"
CASE_DIRECTOR = "cd-noord-01"
OTHER_CASE_DIRECTOR = "cd-noord-02"
CONSULTANT = "mc-noord-01"
ADULT = "person-anna"
PARTNER = "person-bert"
CHILD = "person-chris"


def by(actor: str, role: str, day: float = 0, reason: str = "uitvoering Wmo 2015 art. 2.3.2") -> Attribution:
    return Attribution(actor_id=actor, actor_role=role, reason=reason, occurred_at=T0 + timedelta(days=day))


def pd(day: float = 0) -> Attribution:
    return by(PROCESS_DIRECTOR, "process_director", day)


def cd(day: float = 0) -> Attribution:
    return by(CASE_DIRECTOR, "case_director", day)


def client(day: float = 0, person: str = ADULT) -> Attribution:
    return by(person, "client", day, reason="eigen verzoek cliënt")


def full_zrm(level: int = 3, **overrides: int) -> dict[str, int]:
    scores = {domain: level for domain in ZRM_2013_DOMAINS}
    scores.update(overrides)
    return scores


def simple_plan(**overrides: Any) -> dict[str, Any]:
    plan: dict[str, Any] = {
        "problems": ["Ik kan mijn administratie niet bijhouden."],
        "goals": [{"goal_id": "g1", "text": "Ik wil mijn eigen administratie doen.", "member_ids": [ADULT]}],
        "results": ["Administratie op orde en zo gehouden."],
        "solutions": ["Beter Nederlands leren lezen", "Ondersteuning bij de administratie"],
        "actions": [
            {"action_id": "a1", "description": "Taalles in het buurthuis", "owner_kind": "client",
             "owner_name": "Anna", "due_on": "2025-06-01", "goal_id": "g1"},
            {"action_id": "a2", "description": "Administreren leren met een vrijwilliger", "owner_kind": "volunteer",
             "owner_name": "Vrijwilliger Schuldhulp", "due_on": "2025-07-01", "goal_id": "g1"},
        ],
    }
    plan.update(overrides)
    return plan
