"""Demo: the reads a resident finds in "Wie heeft mijn dossier bekeken".

Without them the list in the portal only shows the resident's own visits. Each is a real read
through the privacy layer's guard, decided and logged exactly as a request over the API would
be: the case director reading the plan and the contacts, the process director the overview, the
housing corporation the plan under the client's consent (scenario 4), and the complaint
commission the history of the complaint it holds (scenario 5). A read the guard refuses is
logged as a refusal and not counted. Idempotent: a read already in the log (same user,
household and section) is not made again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.vocabulary import Role
from demo.scenarios import KLACHT, MANTELZORG, ZORGFORMULIER, ZORGMIJDER, Scenario
from demo.staff import central_staff, partner, staff_by_id
from privacy.guard import AccessDeniedError, PrivacyGuard
from privacy.model import Action, Channel, Principal, Resource, Section

COMMISSION_ID = "klachtencommissie-sociaal-domein"  # the commission the scenario complaint is referred to


@dataclass(frozen=True)
class DemoRead:
    scenario: Scenario
    who: str  # case_director, process_director, housing_corporation, commission
    section: Section
    purpose: str


DEMO_READS: tuple[DemoRead, ...] = (
    DemoRead(MANTELZORG, "case_director", Section.PLAN, "support"),
    DemoRead(MANTELZORG, "case_director", Section.CONTACTS, "support"),
    DemoRead(ZORGFORMULIER, "case_director", Section.CHILD_SAFETY, "support"),
    DemoRead(ZORGFORMULIER, "process_director", Section.OVERVIEW, "support"),
    DemoRead(ZORGMIJDER, "housing_corporation", Section.PLAN, "eviction_prevention"),
    DemoRead(ZORGMIJDER, "process_director", Section.CONTACTS, "support"),
    DemoRead(KLACHT, "case_director", Section.PLAN, "support"),
    DemoRead(KLACHT, "commission", Section.HISTORY, "complaint_handling"),
)


def _staff_principal(worker_id: str | None) -> Principal | None:
    member = staff_by_id().get(worker_id or "")
    if member is None:
        return None
    return Principal(user_id=member.id, role=member.role, organisation=member.organisation, team=member.team)


def _principal(app: Any, read: DemoRead) -> tuple[Principal, UUID | None] | None:
    dossier = app.get_dossier(read.scenario.household_id)
    if read.who == "case_director":
        found = _staff_principal(dossier.case_director)
        return (found, None) if found else None
    if read.who == "process_director":
        found = _staff_principal(dossier.process_director)
        return (found, None) if found else None
    if read.who == "housing_corporation":
        corporation = partner("housing_corporation")
        return Principal(user_id=corporation.id, role=Role.PARTNER, organisation=corporation.organisation), None
    if read.who == "commission":
        member = central_staff(Role.COMPLAINT_COMMISSION)[0]
        return Principal(user_id=member.id, role=Role.COMPLAINT_COMMISSION, organisation=COMMISSION_ID), \
            read.scenario.complaint_id
    raise ValueError(f"demo read by {read.who!r}: unknown reader")


def record_demo_reads(app: Any, guard: PrivacyGuard, access_log: Any) -> int:
    """Make the demo's reads by others through `guard` (skipping those already in `access_log`);
    returns how many were added."""
    known = {str(h) for h in app.household_ids()}
    added = 0
    for read in DEMO_READS:
        household = str(read.scenario.household_id)
        if household not in known:
            continue
        found = _principal(app, read)
        if found is None:
            continue
        principal, complaint_id = found
        done = access_log.query(household_id=household)
        if any(s.entry.user_id == principal.user_id and s.entry.section == read.section.value for s in done):
            continue
        resource = Resource(section=read.section, household_id=read.scenario.household_id, complaint_id=complaint_id)
        try:
            # Only the decision and its log line matter to the demo: the read itself returns nothing.
            guard.read(principal, Action.READ, resource, read.purpose, Channel.API, lambda _decision: None)
        except AccessDeniedError:
            continue  # logged as a refusal, as any refused request is
        added += 1
    return added
