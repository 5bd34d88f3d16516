"""Every role × action × section against an explicit expectation table.

The expectations are written out by hand from DOMAIN.md and issue 4 (not derived from
`privacy.rules`), for a standard situation: each principal has the relationship their
role can have (the tandem worker and case director are assigned, the commission holds an
open complaint, the partner has a consent for plan, contacts and one ZRM domain, the
client is an adult member, the representative acts for a 7-year-old) and asks for the
purpose that belongs to their work.
"""

from __future__ import annotations

import pytest

from domain.vocabulary import Role
from privacy.decision import decide
from privacy.model import Action, Resource, Section
from tests.unit.test_privacy_world import HOUSEHOLD, PRINCIPALS, facts

PURPOSE = {
    Role.CLIENT: "client_rights",
    Role.LEGAL_REPRESENTATIVE: "client_rights",
    Role.FRONT_DESK_VOLUNTEER: "signal_intake",
    Role.SOCIAL_WORKER: "support",
    Role.CASE_DIRECTOR: "support",
    Role.PROCESS_DIRECTOR: "support",
    Role.MUNICIPAL_CONSULTANT: "support",
    Role.ADMINISTRATIVE_OFFICER: "decision_processing",
    Role.TEAM_LEAD: "team_steering",
    Role.COMPLAINT_OFFICER: "complaint_handling",
    Role.COMPLAINT_COMMISSION: "complaint_handling",
    Role.OMBUDSMAN: "complaint_handling",
    Role.PRIVACY_OFFICER: "access_log_audit",
    Role.PARTNER: "care_coordination",
    Role.SYSTEM: "support",
}
PURPOSE_FOR_SECTION = {
    (Role.PROCESS_DIRECTOR, Section.CASELOAD): "team_steering",
    (Role.PROCESS_DIRECTOR, Section.FIGURES): "team_steering",
    (Role.PARTNER, Section.SIGNALS): "signal_intake",
    (Role.TEAM_LEAD, Section.COMPLAINTS): "complaint_handling",
}

# r read, c create, u update, d delete, e export, p print, s search. Absent: denied.
_ASSIGNED_PROFESSIONAL = {
    "overview": "rups",
    "members": "rcups", "signals": "rcups", "contacts": "rcups", "zrm": "rcups", "participation": "rcups",
    "child_safety": "rcups", "plan": "rcups", "referrals": "rcups", "evaluation": "rcups",
    "consents": "rcups", "decision_data": "rcups",
    "statements": "rps",
    "history": "rp",
}
_CLIENT = {
    "overview": "rcesp",  # create: a request for another worker (keuzevrijheid); search: my households
    "members": "rep", "signals": "rep", "contacts": "rep", "zrm": "rep",
    "participation": "rep", "child_safety": "rep", "referrals": "rep", "evaluation": "rep",
    "history": "rep", "decision_data": "rep", "access_log": "rep",
    "plan": "rupe",
    "statements": "rcuep",
    "consents": "rcuep",
    "complaints": "rcuep",  # update: the complainant chooses the route (to the commission, the ombudsman)
}
_REVIEWER = {
    "overview": "rps", "members": "rps", "signals": "rps", "contacts": "rps", "zrm": "rps",
    "participation": "rps", "child_safety": "rps", "plan": "rps", "referrals": "rps", "evaluation": "rps",
    "consents": "rps", "statements": "rps", "history": "rps", "complaints": "rps", "decision_data": "rps",
    "verification": "re",
}
EXPECTED: dict[Role, dict[str, str]] = {
    Role.CLIENT: _CLIENT,
    Role.LEGAL_REPRESENTATIVE: _CLIENT,
    # the standard household is in support: the front desk adds nothing to it (a new signal needs no
    # household, and a household still in phase signal is covered in test_privacy_decision_cases)
    Role.FRONT_DESK_VOLUNTEER: {},
    Role.SOCIAL_WORKER: _ASSIGNED_PROFESSIONAL,
    Role.CASE_DIRECTOR: _ASSIGNED_PROFESSIONAL,
    # delete on the overview: recording the erasure of a closed dossier of the own team
    Role.PROCESS_DIRECTOR: {**_ASSIGNED_PROFESSIONAL, "overview": "rupsd", "caseload": "rsep", "figures": "rep"},
    Role.MUNICIPAL_CONSULTANT: {"overview": "rps", "referrals": "rps", "decision_data": "rps", "zrm": "rps"},
    Role.ADMINISTRATIVE_OFFICER: {"decision_data": "rps"},
    # complaints: the intake (klachtopvang) with the worker's team lead, for the own team's households
    Role.TEAM_LEAD: {"overview": "rups", "caseload": "rsep", "figures": "rep", "complaints": "rus"},
    Role.COMPLAINT_OFFICER: {"complaints": "rcusp"},
    Role.COMPLAINT_COMMISSION: _REVIEWER,
    Role.OMBUDSMAN: _REVIEWER,
    Role.PRIVACY_OFFICER: {"access_log": "rsepc", "verification": "re"},
    Role.PARTNER: {"plan": "rp", "contacts": "rp", "zrm": "rp", "signals": "c"},
    Role.SYSTEM: {},
}
LETTER = {Action.READ: "r", Action.CREATE: "c", Action.UPDATE: "u", Action.DELETE: "d", Action.EXPORT: "e",
          Action.PRINT: "p", Action.SEARCH: "s"}

CASES = [(role, action, section) for role in Role for section in Section for action in Action]


def test_the_expectation_table_names_every_role_and_only_real_sections() -> None:
    assert set(EXPECTED) == set(Role)
    for table in EXPECTED.values():
        assert set(table) <= {s.value for s in Section}


@pytest.mark.parametrize(("role", "action", "section"), CASES, ids=[f"{r}-{a}-{s}" for r, a, s in CASES])
def test_each_role_action_and_section_gets_the_expected_decision(role: Role, action: Action, section: Section) -> None:
    purpose = PURPOSE_FOR_SECTION.get((role, section), PURPOSE[role])
    decision = decide(PRINCIPALS[role], action, Resource(section, household_id=HOUSEHOLD), purpose, facts())
    expected = LETTER[action] in EXPECTED[role].get(section.value, "")
    assert decision.permitted is expected, f"{decision.rule}: {decision.explanation}"
    assert decision.rule and decision.explanation


def test_only_the_process_director_may_delete_and_only_by_erasing_the_dossier() -> None:
    deleters = {(role, section) for role, table in EXPECTED.items() for section, actions in table.items() if "d" in actions}
    assert deleters == {(Role.PROCESS_DIRECTOR, "overview")}
