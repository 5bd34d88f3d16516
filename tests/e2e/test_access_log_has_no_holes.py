"""Every decision leaves its line before data leaves, tied to the request and naming whose data it was.

Found from outside: GraphQL role refusals and `me` wrote no line; client mutations logged under a
fresh trace id; partner reads named no client. Each is shown here through the public API.
"""

from __future__ import annotations

import pytest

from tests.app_support import prepare_environment, running_app
from tests.e2e.test_api_privacy_path import lines_written
from tests.e2e.test_api_rest import household_in_support

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT = "00f067aa0ba902b7"
TRACEPARENT = {"traceparent": f"00-{TRACE}-{PARENT}-01"}


@pytest.fixture
def client(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    prepare_environment(monkeypatch)
    with running_app(tmp_path) as c:
        yield c


def gql(client, headers, query):  # type: ignore[no-untyped-def]
    return lines_written(client, lambda: client.post("/graphql", json={"query": query},
                                                     headers={**headers, **TRACEPARENT}))


def test_a_professional_in_the_portal_and_a_client_in_the_review_each_leave_one_refusal(client):  # type: ignore[no-untyped-def]
    hid, pd, cd = household_in_support(client)
    [line] = gql(client, cd, "{ myDossier { householdId } }")
    assert (line.entry.outcome, line.entry.decision_rule, line.entry.user_id) == (
        "deny", "surface.portal_only", "cd-noord-01")
    anna = client.token("client", "person-anna")
    [line] = gql(client, anna, '{ verificationBundle(householdId: "%s") }' % hid)
    assert (line.entry.outcome, line.entry.decision_rule) == ("deny", "surface.review_only")
    assert line.entry.trace_id == TRACE and line.entry.parent_span_id == PARENT


def test_me_is_a_logged_search_naming_the_person(client):  # type: ignore[no-untyped-def]
    household_in_support(client)
    [line] = gql(client, client.token("client", "person-anna"), "{ me { householdIds } }")
    assert (line.entry.action, line.entry.outcome) == ("search", "permit")
    assert line.entry.data_subject_ids == "person-anna"


def test_client_mutations_log_under_the_requests_trace_with_the_ldv_fields(client):  # type: ignore[no-untyped-def]
    hid, pd, cd = household_in_support(client)
    anna = client.token("client", "person-anna")
    mutations = [
        'mutation { addStatement(householdId: "%s", personId: "person-anna", itemVersion: 2, text: "Klopt.") '
        '{ __typename } }' % hid,
        'mutation { requestCorrection(householdId: "%s", personId: "person-anna", itemVersion: 2, '
        'correction: "Anders.") { __typename } }' % hid,
    ]
    for mutation in mutations:
        [line] = gql(client, anna, mutation)
        entry = line.entry
        assert entry.trace_id == TRACE and entry.parent_span_id == PARENT and entry.span_id != PARENT
        assert entry.start_time and entry.start_time <= entry.time.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        assert entry.legal_basis == "dpv:LegalObligation" and entry.legal_reference
        assert entry.data_subject_ids == "person-anna" and entry.foreign_entity is None


def test_a_rest_read_of_a_household_names_every_member_whose_data_was_in_it(client):  # type: ignore[no-untyped-def]
    hid, pd, cd = household_in_support(client)
    written = lines_written(client, lambda: client.get(f"/api/v1/households/{hid}/history",
                                                       headers={**cd, **TRACEPARENT}))
    [line] = written
    assert line.entry.person_id is None and "person-anna" in line.entry.data_subject_ids.split()
    assert line.entry.trace_id == TRACE
    officer = client.token("privacy_officer", "fg-1", team=None)
    csv_text = client.get("/api/v1/access-log/export.csv", headers=officer, params={"person": "person-anna"}).text
    assert line.hash in csv_text  # the privacy officer's per-person export finds the household-level read


def test_a_partners_reads_under_consent_and_after_revocation_name_the_client(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from infra.access_log_store import open_access_log
    from infra.store import open_application
    from infra.settings import StoreSettings
    from privacy.facts import ApplicationFacts
    from privacy.guard import AccessDeniedError, PrivacyGuard
    from privacy.model import Action, Channel, Resource, Section
    from privacy.rights import ClientRights
    from tests.integration.test_privacy_guard import ANNA, GP_PARTNER, build_household

    prepare_environment(monkeypatch)
    settings = StoreSettings(kind="sqlite", sqlite_path=tmp_path / "w.sqlite")
    app, log = open_application(settings), open_access_log(settings)
    try:
        hid = build_household(app)["household"]
        guard = PrivacyGuard(log, ApplicationFacts(app))
        plan = Resource(Section.PLAN, household_id=hid)
        guard.read(GP_PARTNER, Action.READ, plan, "care_coordination", Channel.API, lambda d: "ok")
        ClientRights(app, guard, log).revoke_consent(ANNA, hid, consent_id="c1", person_id="p-anna")
        with pytest.raises(AccessDeniedError):
            guard.read(GP_PARTNER, Action.READ, plan, "care_coordination", Channel.API, lambda d: "ok")
        permit, _revoke, deny = (s.entry for s in log.query()[-3:])
        assert (permit.outcome, permit.data_subject_ids) == ("permit", "p-anna")
        assert permit.legal_basis == "dpv:Consent" and "consent:c1" in permit.legal_reference
        assert deny.outcome == "deny" and "p-anna" in deny.data_subject_ids.split()
        assert {s.position for s in log.query(person_id="p-anna")} >= {s.position for s in log.query()[-3:]}
    finally:
        log.close()
        app.close()


def test_an_unknown_complaint_is_one_refusal_for_every_role_that_reads_complaints(client):  # type: ignore[no-untyped-def]
    # The complaint officer reads complaints without a household condition: an unknown id must still be
    # one deny line (naming an unknown subject), never a permit line followed by a 403.
    unknown = "00000000-0000-4000-8000-0000000000bb"
    for token in (client.token("complaint_officer", "ko-1", team=None), client.token("client", "person-anna")):
        written = lines_written(client, lambda: client.get(f"/api/v1/complaints/{unknown}",
                                                           headers={**token, **TRACEPARENT}))
        [line] = written
        assert (line.entry.outcome, line.entry.decision_rule) == ("deny", "household.unknown")
        assert line.entry.data_subject_ids and line.entry.trace_id == TRACE


def test_a_refused_token_names_an_unknown_data_subject(client):  # type: ignore[no-untyped-def]
    from privacy.access_log import UNKNOWN_SUBJECT

    [line] = lines_written(client, lambda: client.get("/api/v1/households", headers=TRACEPARENT))
    assert (line.entry.event, line.entry.data_subject_ids) == ("authentication_refused", UNKNOWN_SUBJECT)
    officer = client.token("privacy_officer", "fg-1", team=None)
    csv_text = client.get("/api/v1/access-log/export.csv", headers=officer, params={"person": UNKNOWN_SUBJECT}).text
    assert line.hash in csv_text  # the officer can ask for exactly the lines whose subject is not known


def test_a_list_of_households_names_the_members_of_the_households_on_it(client):  # type: ignore[no-untyped-def]
    hid, pd, cd = household_in_support(client)
    assert client.app.state.services.runners.wait_until_current()  # the list is read from the caseload view
    [line] = lines_written(client, lambda: client.get("/api/v1/households", headers={**cd, **TRACEPARENT}))
    assert (line.entry.action, line.entry.outcome) == ("search", "permit")
    assert "person-anna" in line.entry.data_subject_ids.split() and line.entry.trace_id == TRACE
    # Another team's worker gets an empty list: it names no one, and says so.
    from privacy.access_log import UNKNOWN_SUBJECT

    stranger = client.token("case_director", "cd-zuid-07", team="zuid")
    [line] = lines_written(client, lambda: client.get("/api/v1/households", headers=stranger))
    assert client.get("/api/v1/households", headers=stranger).json()["households"] == []
    assert line.entry.data_subject_ids == UNKNOWN_SUBJECT


def test_a_read_with_a_section_withheld_is_one_permit_line_naming_the_reader_and_shows_it_withheld(client):  # type: ignore[no-untyped-def]
    from tests.e2e.test_api_rest import post

    hid, pd, cd = household_in_support(client)
    assert post(client, f"/households/{hid}/withholdings", cd, withholding_id="w-1", from_person_id="person-anna",
                section="contacts").status_code == 200
    anna = client.token("client", "person-anna")
    answers = []
    [line] = lines_written(client, lambda: answers.append(
        client.get(f"/api/v1/households/{hid}/contacts", headers={**anna, **TRACEPARENT})))
    assert answers[0].status_code == 200 and "withheld" in answers[0].text
    assert (line.entry.outcome, line.entry.section, line.entry.trace_id) == ("permit", "contacts", TRACE)
    assert "person-anna" in line.entry.data_subject_ids.split()
    # The same person's export under the same withholding: one line too, under the request's trace.
    [line] = gql(client, anna, 'mutation { exportMyData(householdId: "%s") { __typename } }' % hid)
    assert (line.entry.action, line.entry.outcome, line.entry.trace_id) == ("export", "permit", TRACE)
    assert "person-anna" in line.entry.data_subject_ids.split()


def test_a_list_of_complaints_names_the_members_of_the_households_they_concern(client):  # type: ignore[no-untyped-def]
    from tests.e2e.test_api_rest import post

    hid, pd, cd = household_in_support(client)
    anna = client.token("client", "person-anna")
    filed = post(client, "/complaints", anna, household_id=hid, complainant_person_id="person-anna",
                 about_worker_id="cd-noord-01", subject="conduct", description="niet teruggebeld")
    assert filed.status_code == 201, filed.text
    assert client.app.state.services.runners.wait_until_current()  # the list is read from the complaints view
    officer = client.token("complaint_officer", "ko-1", team=None)
    answers = []
    [line] = lines_written(client, lambda: answers.append(
        client.get("/api/v1/complaints", headers={**officer, **TRACEPARENT})))
    assert answers[0].status_code == 200 and len(answers[0].json()["complaints"]) == 1
    assert (line.entry.action, line.entry.outcome, line.entry.trace_id) == ("search", "permit", TRACE)
    assert "person-anna" in line.entry.data_subject_ids.split()
