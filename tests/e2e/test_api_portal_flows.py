"""The portal's flows over GraphQL: choices in Dutch, consent by enum, workers by name, complaints by route,
and "Mijn klachten en verzoeken" with the status of each."""

from __future__ import annotations

import pytest

from api.graphql.portal_choices import ConsentPurpose, ZrmDomain
from domain.assessment import ZRM_VERSIONS
from tests.app_support import prepare_environment, running_app
from tests.e2e.test_api_graphql import gql
from tests.e2e.test_api_privacy_path import lines_written
from tests.e2e.test_api_rest import household_in_support

GRANT = """mutation($h: String!, $partner: String!, $purpose: ConsentPurpose!, $s: [ShareableSection!]!,
                   $z: [ZrmDomain!]) {
  grantConsent(householdId: $h, personId: "person-anna", consent: {partner: $partner, purpose: $purpose, sections: $s,
               validUntil: "2099-12-31", zrmDomains: $z}) { __typename ... on Error { code message field } } }"""
COMPLAINT = """mutation($h: String!, $w: String!, $subject: ComplaintSubjectChoice!, $route: ComplaintRouteChoice) {
  fileComplaint(householdId: $h, personId: "person-anna", aboutWorkerId: $w, description: "Niet gehoord.",
                subject: $subject, route: $route) { __typename ... on Success { complaintId } ... on Error { code message } } }"""


@pytest.fixture
def client(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    prepare_environment(monkeypatch)
    with running_app(tmp_path) as c:
        yield c


def test_the_consent_purposes_are_the_registers_consent_purposes_in_dutch(client):  # type: ignore[no-untyped-def]
    household_in_support(client)
    anna = client.token("client", "person-anna")
    choices = gql(client, anna, "{ consentChoices { purposes { purpose name } partners { ref name } } }")["data"]
    purposes = choices["consentChoices"]["purposes"]
    register = client.app.state.services.guard.register
    in_register = sorted(a.purpose for a in register.activities if a.legal_basis == "dpv:Consent")
    assert sorted(p.value for p in ConsentPurpose) == in_register  # the enum cannot drift from the register
    assert [p["purpose"] for p in purposes] == ["CARE_COORDINATION", "EVICTION_PREVENTION"]
    assert all(" " in p["name"] and "_" not in p["name"] for p in purposes)
    assert {"ref": "partner-woning-01", "name": "Woningcorporatie Thuisvast"} in choices["consentChoices"]["partners"]


def test_a_consent_is_stored_with_the_partner_and_purpose_chosen_and_a_wrong_value_is_refused_in_dutch(
        client):  # type: ignore[no-untyped-def]
    hid, pd, cd = household_in_support(client)
    anna = client.token("client", "person-anna")
    ok = gql(client, anna, GRANT, h=hid, partner="partner-woning-01", purpose="EVICTION_PREVENTION", s=["PLAN"])
    assert ok["data"]["grantConsent"] == {"__typename": "Success"}
    stored = list(client.app.state.services.dossiers.get_dossier(hid).consents.values())
    assert [(c.partner, c.purpose, list(c.sections)) for c in stored] == [
        ("partner-woning-01", "eviction_prevention", ["plan"])]
    wrong = gql(client, anna, GRANT, h=hid, partner="partner-woning-01", purpose="eviction_prevention", s=["PLAN"])
    message = wrong["errors"][0]["message"]
    assert message.startswith("Het veld purpose heeft geen geldige keuze. Kies uit: afstemming van zorg")
    assert "voorkomen van huisuitzetting" in message and "enum" not in message
    unknown = gql(client, anna, GRANT, h=hid, partner="De buurman", purpose="CARE_COORDINATION", s=["PLAN"])
    assert unknown["data"]["grantConsent"]["field"] == "consent.partner"


def test_valid_until_is_a_date_and_a_value_that_is_not_one_is_refused_in_dutch(client):  # type: ignore[no-untyped-def]
    # The portal sends the consent as one ConsentInput variable; validUntil is a Date, so a value that is not
    # one never reaches the domain: the schema names the field and the form in Dutch.
    hid, _pd, _cd = household_in_support(client)
    anna = client.token("client", "person-anna")
    grant = """mutation($h: String!, $consent: ConsentInput!) {
      grantConsent(householdId: $h, personId: "person-anna", consent: $consent) { __typename } }"""
    consent = {"partner": "partner-woning-01", "purpose": "CARE_COORDINATION", "sections": ["PLAN"]}
    for wrong in ("31-12-2099", "2099-02-30", "altijd"):
        body = gql(client, anna, grant, h=hid, consent={**consent, "validUntil": wrong})
        [error] = body["errors"]
        assert error["message"] == ("Geldig tot en met (validUntil): dit is geen geldige datum. Schrijf de datum als "
                                    "JJJJ-MM-DD, bijvoorbeeld 2026-03-01."), error
        assert error["extensions"] == {"field": "validUntil", "code": "invalid_date"}
    assert not client.app.state.services.dossiers.get_dossier(hid).consents
    ok = gql(client, anna, grant, h=hid, consent={**consent, "validUntil": "2099-12-31"})
    assert ok["data"]["grantConsent"] == {"__typename": "Success"}
    [stored] = client.app.state.services.dossiers.get_dossier(hid).consents.values()
    assert stored.valid_until.isoformat() == "2099-12-31"


def test_zrm_domains_are_an_enum_of_both_matrices_and_a_wrong_one_is_refused_in_dutch(client):  # type: ignore[no-untyped-def]
    assert {d.value for d in ZrmDomain} == {d for domains in ZRM_VERSIONS.values() for d in domains}
    hid, pd, cd = household_in_support(client)
    anna = client.token("client", "person-anna")
    ok = gql(client, anna, GRANT, h=hid, partner="partner-huisarts-01", purpose="CARE_COORDINATION", s=["ZRM"],
             z=["FINANCES", "HOUSING"])
    assert ok["data"]["grantConsent"] == {"__typename": "Success"}, ok
    [stored] = client.app.state.services.dossiers.get_dossier(hid).consents.values()
    assert sorted(stored.zrm_domains) == ["finances", "housing"]
    wrong = gql(client, anna, GRANT, h=hid, partner="partner-huisarts-01", purpose="CARE_COORDINATION", s=["ZRM"],
                z=["finances"])
    message = wrong["errors"][0]["message"]
    assert message.startswith("Het veld zrmDomains heeft geen geldige keuze. Kies uit: financiën; dagbesteding")
    assert "enum" not in message and "finances" not in message


def test_the_workers_are_named_with_how_to_reach_them_and_reading_them_is_logged(client):  # type: ignore[no-untyped-def]
    hid, pd, cd = household_in_support(client)
    anna = client.token("client", "person-anna")
    written = lines_written(client, lambda: client.post("/graphql", headers=anna, json={
        "query": "{ myWorkers { ref name role phone email caseDirector } }"}))
    assert [(line.entry.section, line.entry.outcome) for line in written] == [("overview", "permit")]
    workers = gql(client, anna, "{ myWorkers { ref name role phone email caseDirector } }")["data"]["myWorkers"]
    director = next(w for w in workers if w["caseDirector"])
    assert director["ref"] == "cd-noord-01" and director["name"] and director["phone"].startswith("071")
    assert "@" in director["email"]


def test_a_complaint_by_route_shows_in_my_requests_and_an_outcome_points_to_bezwaar(client):  # type: ignore[no-untyped-def]
    hid, pd, cd = household_in_support(client)
    anna = client.token("client", "person-anna")
    filed = gql(client, anna, COMPLAINT, h=hid, w="cd-noord-01", subject="CONDUCT", route="MEDIATION")
    complaint_id = filed["data"]["fileComplaint"]["complaintId"]
    complaint = client.app.state.services.dossiers.get_complaint(complaint_id)
    assert (complaint.about_worker_id, complaint.route, str(complaint.stage)) == ("cd-noord-01", "mediation", "mediation")
    to_commission = gql(client, anna, COMPLAINT, h=hid, w="cd-noord-01", subject="CONDUCT", route="COMMISSION")
    assert str(client.app.state.services.dossiers.get_complaint(
        to_commission["data"]["fileComplaint"]["complaintId"]).stage) == "commission"
    outcome = gql(client, anna, COMPLAINT, h=hid, w="cd-noord-01", subject="DECISION_OUTCOME", route=None)
    assert outcome["data"]["fileComplaint"]["__typename"] == "Error"
    assert "bezwaar" in outcome["data"]["fileComplaint"]["message"] and "zes weken" in outcome["data"]["fileComplaint"]["message"]
    stranger = gql(client, anna, COMPLAINT, h=hid, w="cd-zuid-05", subject="CONDUCT", route=None)
    assert "uit de lijst" in stranger["data"]["fileComplaint"]["message"]

    item = client.get(f"/api/v1/households/{hid}/zrm", headers=cd).json()["items"][0]["version"]
    gql(client, anna, """mutation($h: String!, $v: Int!) { requestCorrection(householdId: $h, personId: "person-anna",
        itemVersion: $v, correction: "Mijn financiën zijn op orde.") { __typename } }""", h=hid, v=item)
    gql(client, anna, """mutation($h: String!) { requestOtherWorker(householdId: $h, personId: "person-anna",
        motivation: "Het klikt niet.") { __typename } }""", h=hid)
    mine = gql(client, anna, "{ myRequests { kind status route itemVersion text } }")["data"]["myRequests"]
    assert sorted((r["kind"], r["status"], r["route"]) for r in mine) == [
        ("complaint", "commission", "commission"), ("complaint", "mediation", "mediation"),
        ("correction", "requested", None), ("worker_change", "requested", None)]
    assert next(r for r in mine if r["kind"] == "correction")["itemVersion"] == item


def test_a_representative_sees_the_lines_about_whom_they_represent_and_none_of_other_households(
        client):  # type: ignore[no-untyped-def]
    hid, pd, cd = household_in_support(client)
    other, _pd, other_cd = household_in_support(client)  # a second household, read by its own case director
    assert client.get(f"/api/v1/households/{other}/plan", headers=other_cd).status_code == 200
    mother = client.token("legal_representative", "person-mother", represents=["person-anna"])
    lines = gql(client, mother, "{ myAccessLog { userRole section byYou bySubject } }")["data"]["myAccessLog"]
    households = {s.entry.household_id for s in client.app.state.services.access_log.query() if s.entry.household_id}
    assert len(households) >= 2
    mine = [s for s in client.app.state.services.access_log.query(person_id="person-anna")] + \
        [s for s in client.app.state.services.access_log.query(household_id=hid) if s.entry.person_id is None]
    assert len(lines) == len({s.position for s in mine})  # its own read included, nothing of the other household
    anna = client.token("client", "person-anna")
    gql(client, anna, "{ myPlan { section } }")
    lines = gql(client, mother, "{ myAccessLog { userRole section byYou bySubject } }")["data"]["myAccessLog"]
    assert any(line["bySubject"] and line["section"] == "plan" for line in lines)  # Anna looked herself
    assert any(line["byYou"] for line in lines)
