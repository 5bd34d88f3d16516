"""The complaint's routes, terms and the conduct/outcome distinction (001 Amaryllis, Wkkgz)."""

from __future__ import annotations

import uuid

import pytest

from domain.complaint import Complaint
from domain.errors import NotAComplaintError, NotPermittedError, WrongPhaseError
from domain.vocabulary import ComplaintStage
from tests.builders import ADULT, CASE_DIRECTOR, by, client

HOUSEHOLD = uuid.uuid4()


def filed(**kwargs) -> Complaint:  # type: ignore[no-untyped-def]
    args = dict(household_id=HOUSEHOLD, complainant_person_id=ADULT, about_worker_id=CASE_DIRECTOR,
                subject="conduct", description="Ik voelde me niet serieus genomen", by=client(0))
    args.update(kwargs)
    return Complaint.file(**args)


def test_a_complaint_about_a_decisions_outcome_is_refused_with_a_pointer_to_bezwaar_en_beroep() -> None:
    with pytest.raises(NotAComplaintError) as caught:
        filed(subject="decision_outcome")
    assert "bezwaar en beroep" in str(caught.value)
    assert caught.value.field == "subject"


def test_only_a_client_or_legal_representative_files_a_complaint() -> None:
    with pytest.raises(NotPermittedError):
        filed(by=by("cd-1", "case_director"))
    assert filed(by=by("rep-1", "legal_representative")).stage == ComplaintStage.FILED


def test_the_full_route_intake_mediation_commission_advice_decision_within_the_extended_term() -> None:
    complaint = filed()
    complaint.acknowledge(contact_kind="phone", by=by("tl-zuid", "team_lead", 0.1))
    complaint.choose_route(route="intake", by=client(1))
    complaint.conclude_mediation(resolved=False, summary="Niet opgelost", by=by("tl-zuid", "team_lead", 7))
    complaint.choose_route(route="mediation", by=client(8))
    complaint.conclude_mediation(resolved=False, summary="Niet opgelost", by=by("tl-oost", "team_lead", 20))
    complaint.refer_to_commission(commission_id="klachtencommissie", by=client(21))
    complaint.extend_term(notice="Brief: termijn verlengd met 4 weken", by=by("co-1", "complaint_officer", 35))
    complaint.give_advice(well_founded=True, advice="Gegrond", by=by("kc-1", "complaint_commission", 55))
    complaint.decide(well_founded=True, decision="Gegrond; excuses", by=by("tl-zuid", "team_lead", 60))
    assert complaint.stage == ComplaintStage.DECIDED
    assert complaint.decision == {"well_founded": True, "at": complaint.decision["at"], "within_term": True}
    assert complaint.routes_taken == ["intake", "mediation", "commission"]
    complaint.forward_to_ombudsman(ombudsman_id="ombudsman-1", by=client(70))
    assert complaint.stage == ComplaintStage.OMBUDSMAN


def test_a_decision_after_six_weeks_without_extension_is_recorded_as_late() -> None:
    complaint = filed()
    complaint.refer_to_commission(commission_id="kc", by=client(1))
    complaint.give_advice(well_founded=False, advice="Ongegrond", by=by("kc-1", "complaint_commission", 40))
    complaint.decide(well_founded=False, decision="Ongegrond", by=by("tl", "team_lead", 43))
    assert complaint.decision is not None and complaint.decision["within_term"] is False


def test_only_the_commission_gives_advice() -> None:
    complaint = filed()
    complaint.refer_to_commission(commission_id="kc", by=client(1))
    with pytest.raises(NotPermittedError):
        complaint.give_advice(well_founded=True, advice="x", by=by("tl", "team_lead", 2))


def test_the_complainant_chooses_the_route_or_it_is_recorded_on_their_behalf() -> None:
    complaint = filed()
    with pytest.raises(NotPermittedError):
        complaint.choose_route(route="mediation", by=by("co-1", "complaint_officer", 1))
    from domain.attribution import Attribution
    from tests.builders import T0

    complaint.choose_route(route="mediation", by=Attribution(actor_id="co-1", actor_role="complaint_officer",
                                                             reason="telefonisch doorgegeven", on_behalf_of=ADULT,
                                                             occurred_at=T0))
    assert complaint.stage == ComplaintStage.MEDIATION


def test_a_decision_before_the_commissions_advice_is_refused() -> None:
    complaint = filed()
    with pytest.raises(WrongPhaseError):
        complaint.decide(well_founded=True, decision="x", by=by("tl", "team_lead", 3))
