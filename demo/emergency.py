"""Demo: three emergency accesses ("break the glass") for the privacy officer's review queue.

Each is a real read through the privacy layer's guard, by a professional of the household's
team who is not assigned to it, with a reason: the decision point permits it as emergency
access and the guard writes the line (flagged for review) exactly as for a worker's request
over the API. Deterministic: the same households, sections and reasons every time, and the
worker is the first of the team (social workers, then case directors) not assigned there.
Idempotent: a household that already has a demo emergency line with the same reason is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain.vocabulary import Role
from demo.scenarios import MANTELZORG, ZORGFORMULIER, ZORGMIJDER, Scenario
from demo.staff import StaffMember, team_staff
from privacy.guard import PrivacyGuard
from privacy.model import Action, Channel, Principal, Resource, Section
from privacy.rules import EMERGENCY_PURPOSE


@dataclass(frozen=True)
class DemoEmergency:
    scenario: Scenario
    section: Section
    reason: str


DEMO_EMERGENCIES: tuple[DemoEmergency, ...] = (
    DemoEmergency(ZORGFORMULIER, Section.CHILD_SAFETY,
                  "Politie belt 's avonds: de jongere is niet thuisgekomen en de casusregisseur is niet bereikbaar."),
    DemoEmergency(ZORGMIJDER, Section.CONTACTS,
                  "Buren melden dat de man al dagen niet buiten is geweest; de casusregisseur is met verlof."),
    DemoEmergency(MANTELZORG, Section.MEMBERS,
                  "De mantelzorger is opgenomen in het ziekenhuis: wie zorgt er vandaag voor haar moeder?"),
)


def _worker_not_assigned(app: Any, scenario: Scenario) -> StaffMember:
    dossier = app.get_dossier(scenario.household_id)
    assigned = {dossier.case_director, *dossier.tandem_workers}
    for role in (Role.SOCIAL_WORKER, Role.CASE_DIRECTOR):
        for member in team_staff(scenario.team, role):
            if member.id not in assigned:
                return member
    raise LookupError(f"demo: no unassigned worker in team {scenario.team}")


def record_demo_emergencies(app: Any, guard: PrivacyGuard, access_log: Any) -> int:
    """Make the demo's emergency reads through `guard` (skipping those already made, as `access_log`
    shows); returns how many were added."""
    known = set(str(h) for h in app.household_ids())
    added = 0
    for emergency in DEMO_EMERGENCIES:
        household = str(emergency.scenario.household_id)
        if household not in known:
            continue
        done = access_log.query(household_id=household, emergency=True)
        if any(s.entry.reason == emergency.reason for s in done):
            continue
        worker = _worker_not_assigned(app, emergency.scenario)
        principal = Principal(user_id=worker.id, role=worker.role, organisation=worker.organisation,
                              team=worker.team, emergency_reason=emergency.reason)
        resource = Resource(section=emergency.section, household_id=emergency.scenario.household_id)
        # The read itself returns nothing here: only the decision and its log line matter to the demo.
        guard.read(principal, Action.READ, resource, EMERGENCY_PURPOSE, Channel.API, lambda _decision: None)
        added += 1
    return added
