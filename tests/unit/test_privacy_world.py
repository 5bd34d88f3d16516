"""Shared world for the privacy unit tests: a household's facts in a known state (no I/O, no tests here)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone
from uuid import UUID

from domain.vocabulary import ComplaintStage, Phase, Relation, Role
from privacy.facts import ComplaintFacts, ConsentFacts, HouseholdFacts, MemberFacts, WithholdingFacts
from privacy.model import Principal

HOUSEHOLD = UUID("00000000-0000-4000-8000-000000000001")
COMMISSION_COMPLAINT = UUID("00000000-0000-4000-8000-0000000000c1")
OMBUDSMAN_COMPLAINT = UUID("00000000-0000-4000-8000-0000000000c2")
TODAY = date(2026, 3, 1)
GP = "Huisartsenpraktijk De Linde"


def born_years_ago(years: int, *, days_before_birthday: int = 0) -> date:
    """A date of birth that makes someone exactly `years` old on TODAY."""
    return date(TODAY.year - years, TODAY.month, TODAY.day)


def facts(**changes) -> HouseholdFacts:  # type: ignore[no-untyped-def]
    base = HouseholdFacts(
        household_id=HOUSEHOLD,
        team="noord",
        phase=Phase.SUPPORT,
        today=TODAY,
        case_director="cd-noord-01",
        tandem_workers=frozenset({"sw-noord-01"}),
        process_director="pd-noord-01",
        members=(
            MemberFacts("p-anna", date(1980, 5, 1), Relation.APPLICANT),
            MemberFacts("p-bert", date(1982, 6, 1), Relation.PARTNER),
            MemberFacts("p-chris", born_years_ago(7), Relation.CHILD),
        ),
        consents=(
            ConsentFacts("c1", "p-anna", GP, "care_coordination", frozenset({"plan", "contacts"}),
                         frozenset({"finances"}), date(2026, 12, 31)),
        ),
        complaints=(
            ComplaintFacts(COMMISSION_COMPLAINT, "p-anna", ComplaintStage.COMMISSION,
                           datetime(2026, 2, 1, 10, tzinfo=timezone.utc), None, date(2026, 2, 1),
                           commission_id="kc-01"),
            ComplaintFacts(OMBUDSMAN_COMPLAINT, "p-anna", ComplaintStage.OMBUDSMAN,
                           datetime(2025, 11, 1, 10, tzinfo=timezone.utc), None, date(2025, 11, 1),
                           commission_id="kc-02", ombudsman_id="om-01"),
        ),
    )
    return replace(base, **changes)


PRINCIPALS: dict[Role, Principal] = {
    Role.CLIENT: Principal("p-anna", Role.CLIENT, person_id="p-anna"),
    Role.LEGAL_REPRESENTATIVE: Principal("voogd-01", Role.LEGAL_REPRESENTATIVE, represents=("p-chris",)),
    Role.FRONT_DESK_VOLUNTEER: Principal("fd-noord-01", Role.FRONT_DESK_VOLUNTEER, team="noord"),
    Role.SOCIAL_WORKER: Principal("sw-noord-01", Role.SOCIAL_WORKER, team="noord"),  # tandem worker
    Role.CASE_DIRECTOR: Principal("cd-noord-01", Role.CASE_DIRECTOR, team="noord"),
    Role.PROCESS_DIRECTOR: Principal("pd-noord-01", Role.PROCESS_DIRECTOR, team="noord"),
    Role.MUNICIPAL_CONSULTANT: Principal("mc-noord-01", Role.MUNICIPAL_CONSULTANT, team="noord"),  # not assigned
    Role.ADMINISTRATIVE_OFFICER: Principal("ao-noord-01", Role.ADMINISTRATIVE_OFFICER, team="noord"),
    Role.TEAM_LEAD: Principal("tl-noord-01", Role.TEAM_LEAD, team="noord"),
    Role.COMPLAINT_OFFICER: Principal("ko-01", Role.COMPLAINT_OFFICER, organisation="gemeente"),
    Role.COMPLAINT_COMMISSION: Principal("kc-01", Role.COMPLAINT_COMMISSION),
    Role.OMBUDSMAN: Principal("om-01", Role.OMBUDSMAN),
    Role.PRIVACY_OFFICER: Principal("fg-01", Role.PRIVACY_OFFICER, organisation="gemeente"),
    Role.PARTNER: Principal("partner-huisarts-01", Role.PARTNER, organisation=GP),
    Role.SYSTEM: Principal("import-job", Role.SYSTEM, on_behalf_of="fg-01"),
}
