"""Lists of households: rows from the caseload read model, each decided by the decision point (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.vocabulary import Role
from privacy.listing import facts_from_assignment, visible_assignments
from privacy.model import Principal
from privacy.register import current_register

TODAY = date(2026, 3, 1)


@dataclass(frozen=True)
class Row:  # the shape of projections.caseload_view.Assignment
    household_id: str
    team: str | None
    phase: str | None
    case_director: str | None
    tandem_workers: tuple[str, ...]
    process_director: str | None
    erased: bool = False


MINE = Row("00000000-0000-4000-8000-000000000001", "noord", "support", "cd-noord-01", (), None)
TANDEM = Row("00000000-0000-4000-8000-000000000002", "noord", "support", "cd-noord-02", ("cd-noord-01",), None)
COLLEAGUES = Row("00000000-0000-4000-8000-000000000003", "noord", "support", "cd-noord-02", (), None)
OTHER_TEAM = Row("00000000-0000-4000-8000-000000000004", "zuid", "support", "cd-zuid-01", (), None)
ERASED = Row("00000000-0000-4000-8000-000000000005", "noord", "erased", "cd-noord-01", (), None, erased=True)
ROWS = [MINE, TANDEM, COLLEAGUES, OTHER_TEAM, ERASED]


def shown(principal: Principal, purpose: str) -> list[str]:
    return [r.household_id for r in visible_assignments(principal, purpose, ROWS, TODAY, current_register())]


def test_a_case_director_lists_only_the_households_they_work_on() -> None:
    worker = Principal("cd-noord-01", Role.CASE_DIRECTOR, team="noord")
    assert shown(worker, "support") == [MINE.household_id, TANDEM.household_id]


def test_a_process_director_lists_the_own_teams_households_and_a_team_lead_too_for_steering() -> None:
    expected = [MINE.household_id, TANDEM.household_id, COLLEAGUES.household_id]
    assert shown(Principal("pd-noord-01", Role.PROCESS_DIRECTOR, team="noord"), "support") == expected
    assert shown(Principal("tl-noord-01", Role.TEAM_LEAD, team="noord"), "team_steering") == expected


def test_roles_without_overview_rights_list_nothing_and_erased_households_never_appear() -> None:
    assert shown(Principal("fd-noord-01", Role.FRONT_DESK_VOLUNTEER, team="noord"), "signal_intake") == []
    assert shown(Principal("ko-01", Role.COMPLAINT_OFFICER, team="noord"), "complaint_handling") == []
    assert facts_from_assignment(ERASED, TODAY).erased
