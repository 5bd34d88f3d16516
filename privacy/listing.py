"""Lists of households, decided row by row by the same decision point, from a read model.

A list read is ONE access (Action.SEARCH, one access-log line, by the guard); which rows
appear is then decided per household with `decide()` on facts built from the caseload read
model's assignment (team, phase, case director, tandem workers, process director). Those
facts hold no members, so only sections that need no member data (the overview) can be
decided this way, which is all a list shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any
from uuid import UUID

from domain.vocabulary import Phase
from privacy.decision import decide
from privacy.facts import HouseholdFacts
from privacy.model import Action, Principal, Resource, Section
from privacy.register import ProcessingRegister


def facts_from_assignment(assignment: Any, today: date) -> HouseholdFacts:
    """Facts from a caseload `Assignment` (no members, consents or complaints: overview decisions only)."""
    return HouseholdFacts(
        household_id=UUID(str(assignment.household_id)),
        team=assignment.team or "",
        phase=Phase.ERASED if assignment.erased else Phase(assignment.phase or Phase.SIGNAL.value),
        today=today,
        case_director=assignment.case_director,
        tandem_workers=frozenset(assignment.tandem_workers),
        process_director=assignment.process_director,
    )


def visible_assignments(
    principal: Principal, purpose: str, assignments: Iterable[Any], today: date, register: ProcessingRegister,
) -> list[Any]:
    """The assignments whose overview this principal may read, in the order given."""
    shown = []
    for assignment in assignments:
        if assignment.erased:
            continue
        facts = facts_from_assignment(assignment, today)
        resource = Resource(section=Section.OVERVIEW, household_id=facts.household_id)
        if decide(principal, Action.READ, resource, purpose, facts, register=register).permitted:
            shown.append(assignment)
    return shown
