"""REST over HTTP: each role's main flow, the privacy path's refusals, and the error mapping."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.app_support import running_app, prepare_environment

REASON = {"reason": "Wmo 2015 art. 2.3.2: vraagverheldering"}
PLAN = {
    "problems": ["Ik kan mijn administratie niet bijhouden."],
    "goals": [{"goal_id": "g1", "text": "Ik wil mijn eigen administratie doen.", "member_ids": ["person-anna"]}],
    "actions": [{"action_id": "a1", "description": "Taalles in het buurthuis", "owner_kind": "client",
                 "owner_name": "Anna", "due_on": (date.today() + timedelta(days=60)).isoformat(), "goal_id": "g1"}],
}


@pytest.fixture
def client(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    prepare_environment(monkeypatch)
    with running_app(tmp_path) as c:
        yield c


def post(client, path, headers, **body):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1{path}", json={**REASON, **body}, headers=headers)


def household_in_support(client, occurred_at: str | None = None):  # type: ignore[no-untyped-def]
    """A GP signal, opened, a case director, one member, a contact, a ZRM and an adopted plan
    (all now, or all at `occurred_at`)."""
    when = {"occurred_at": occurred_at} if occurred_at else {}
    pd, cd = client.token("process_director", "pd-noord-01"), client.token("case_director", "cd-noord-01")
    response = post(client, "/signals", client.token("front_desk_volunteer", "fd-1"), **when, source="gp",
                    reporter="huisarts", description="Mantelzorger raakt overbelast")
    assert response.status_code == 201, response.text
    hid = response.json()["household_id"]
    assert post(client, f"/households/{hid}/open", pd, **when, summary="meervoudige vraag").status_code == 200
    assert post(client, f"/households/{hid}/case-director", pd, **when, worker_id="cd-noord-01").status_code == 200
    assert post(client, f"/households/{hid}/members", cd, **when, person_id="person-anna", name="Anna",
                date_of_birth="1960-04-01", relation="applicant").status_code == 200
    assert post(client, f"/households/{hid}/contacts", cd, **when, kind="home_visit",
                with_person_ids=["person-anna"]).status_code == 200
    scores = dict.fromkeys(["finances", "daytime_activities", "housing", "domestic_relations", "mental_health",
                            "physical_health", "addiction", "adl", "social_network", "community_participation",
                            "justice"], 3)
    assert post(client, f"/households/{hid}/zrm", cd, **when, person_id="person-anna", scores=scores).status_code == 200
    adopted = post(client, f"/households/{hid}/plan-versions", cd, **when, **PLAN)
    assert adopted.status_code == 200 and adopted.json()["plan_version"] == 1, adopted.text
    return hid, pd, cd


def test_the_case_director_works_a_household_from_signal_to_closure(client):  # type: ignore[no-untyped-def]
    main_flow(client)


def main_flow(client):  # type: ignore[no-untyped-def]
    """From signal to closure; returns the closed household with the process director's and case director's tokens."""
    hid, pd, cd = household_in_support(client)
    anna = client.token("client", "person-anna")
    assert post(client, f"/households/{hid}/plan-versions/1/agreement", anna, person_id="person-anna").status_code == 200
    assert post(client, f"/households/{hid}/actions/a1/complete", cd).status_code == 200
    assert post(client, f"/households/{hid}/evaluations", cd, goal_outcomes={"g1": "met"},
                summary="doel gehaald").status_code == 200
    assert post(client, f"/households/{hid}/close", cd).status_code == 200
    # after closure nobody is assigned any more: the former case director reads no longer, the process director does
    assert client.get(f"/api/v1/households/{hid}", headers=cd).status_code == 403
    overview = client.get(f"/api/v1/households/{hid}", headers=pd)
    assert overview.status_code == 200 and overview.json()["phase"] == "closed"
    events = client.get(f"/api/v1/households/{hid}/history", headers=pd).json()["events"]
    assert [e["type"] for e in events][:3] == ["SignalReceived", "DossierOpened", "CaseDirectorAssigned"]
    assert all(e["by"]["reason"] for e in events)
    return hid, pd, cd


def test_the_reason_from_the_body_and_the_actor_from_the_token_are_stored_in_the_event(client):  # type: ignore[no-untyped-def]
    hid, pd, cd = household_in_support(client)
    events = client.get(f"/api/v1/households/{hid}/history", headers=pd).json()["events"]
    assigned = next(e for e in events if e["type"] == "CaseDirectorAssigned")
    assert assigned["by"]["actor_id"] == "pd-noord-01" and assigned["by"]["actor_role"] == "process_director"
    assert assigned["by"]["reason"] == REASON["reason"]


def test_a_command_without_a_reason_is_refused_with_the_field_named(client):  # type: ignore[no-untyped-def]
    response = client.post("/api/v1/signals", json={"source": "gp", "reporter": "x", "description": "y"},
                           headers=client.token("case_director", "cd-noord-01"))
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "reason"


def test_a_domain_rule_gives_400_with_the_field_and_the_rule(client):  # type: ignore[no-untyped-def]
    hid, pd, cd = household_in_support(client)
    response = post(client, f"/households/{hid}/zrm", cd, person_id="person-anna", scores={"finances": 3})
    body = response.json()
    assert response.status_code == 400 and body["code"] == "zrm_complete_and_in_range"
    assert body["invalidParams"][0]["name"] == "scores"


def test_a_phase_conflict_gives_409(client):  # type: ignore[no-untyped-def]
    hid, pd, cd = household_in_support(client)
    response = post(client, f"/households/{hid}/case-director", pd, worker_id="cd-noord-02")
    assert response.status_code == 409


def test_an_unmandated_decision_is_refused_with_403_and_recorded(client):  # type: ignore[no-untyped-def]
    hid, pd, cd = household_in_support(client)
    assert post(client, f"/households/{hid}/referrals", cd, referral_id="r1", kind="specialist_youth_care",
                provision="jeugdhulp", motivation="nodig").status_code == 200
    refused = post(client, f"/households/{hid}/referrals/r1/decision", cd, decision="granted", motivation="ja")
    assert refused.status_code == 403 and refused.json()["code"] == "mandate_matrix"
    granted = post(client, f"/households/{hid}/referrals/r1/decision", pd, decision="granted", motivation="ja")
    assert granted.status_code == 200
    events = client.get(f"/api/v1/households/{hid}/history", headers=pd).json()["events"]
    assert "MandateRefusalRecorded" in [e["type"] for e in events]


def test_a_denied_read_looks_the_same_for_an_existing_and_an_unknown_household(client):  # type: ignore[no-untyped-def]
    hid, pd, cd = household_in_support(client)
    stranger = client.token("case_director", "cd-zuid-07", team="zuid")
    existing = client.get(f"/api/v1/households/{hid}/members", headers=stranger)
    unknown = client.get("/api/v1/households/00000000-0000-4000-8000-000000000000/members", headers=stranger)
    assert existing.status_code == unknown.status_code == 403
    strip = lambda r: {k: v for k, v in r.json().items() if k not in ("traceId", "instance")}  # noqa: E731
    assert strip(existing) == strip(unknown)


def test_the_front_desk_registers_a_walk_in_but_cannot_read_the_dossier(client):  # type: ignore[no-untyped-def]
    desk = client.token("front_desk_volunteer", "fd-1")
    hid = post(client, "/signals", desk, source="self", reporter="inwoner", description="vraag").json()["household_id"]
    assert post(client, f"/households/{hid}/answer", desk, answer="doorverwezen naar buurthuis").status_code == 200
    assert client.get(f"/api/v1/households/{hid}/signals", headers=desk).status_code in (403, 404, 405)
    assert client.get(f"/api/v1/households/{hid}", headers=desk).status_code == 403


def test_a_client_sees_their_own_data_and_not_another_adults(client):  # type: ignore[no-untyped-def]
    hid, pd, cd = household_in_support(client)
    assert post(client, f"/households/{hid}/members", cd, person_id="person-bert", name="Bert",
                date_of_birth="1958-01-01", relation="partner").status_code == 200
    members = client.get(f"/api/v1/households/{hid}/members", headers=client.token("client", "person-anna"))
    assert members.status_code == 200
    shown = {m["person_id"]: m for m in members.json()["items"]}
    assert shown["person-anna"]["name"]
    # the other adult is marked as not shown (never silently absent), with nothing of his personal data
    assert shown["person-bert"]["status"] == "not_shown"
    assert "name" not in shown["person-bert"] and "date_of_birth" not in shown["person-bert"]
    assert "Bert" not in members.text


def test_a_partner_without_consent_sees_nothing_and_with_consent_only_the_shared_section(client):  # type: ignore[no-untyped-def]
    hid, pd, cd = household_in_support(client)
    corporation = client.token("partner", "wc-1", organisation="woningcorporatie", team=None)
    assert client.get(f"/api/v1/households/{hid}/plan", headers=corporation).status_code == 403
    anna = client.token("client", "person-anna")
    unregistered = post(client, f"/households/{hid}/consents", anna, consent_id="c0", person_id="person-anna",
                        partner="woningcorporatie", purpose="huisuitzetting voorkomen", sections=["plan"],
                        valid_until=(date.today() + timedelta(days=90)).isoformat())
    assert unregistered.status_code == 400 and unregistered.json()["invalidParams"][0]["name"] == "purpose"
    granted = post(client, f"/households/{hid}/consents", anna, consent_id="c1", person_id="person-anna",
                   partner="woningcorporatie", purpose="eviction_prevention", sections=["plan"],
                   valid_until=(date.today() + timedelta(days=90)).isoformat())
    assert granted.status_code == 200, granted.text
    # the consent is for one purpose: the partner names it (X-Purpose), and gets only the shared section
    for_eviction = {**corporation, "X-Purpose": "eviction_prevention"}
    assert client.get(f"/api/v1/households/{hid}/plan", headers=corporation).status_code == 403
    assert client.get(f"/api/v1/households/{hid}/plan", headers=for_eviction).status_code == 200
    assert client.get(f"/api/v1/households/{hid}/zrm", headers=for_eviction).status_code == 403


def test_every_read_and_every_refusal_is_in_the_access_log(client):  # type: ignore[no-untyped-def]
    hid, pd, cd = household_in_support(client)
    client.get(f"/api/v1/households/{hid}/zrm", headers=cd)
    client.get(f"/api/v1/households/{hid}/zrm", headers=client.token("case_director", "cd-zuid-07", team="zuid"))
    client.get(f"/api/v1/households/{hid}/zrm", headers={"Authorization": "Bearer not.a.token"})
    lines = [s.entry for s in client.app.state.services.access_log.query(household_id=hid)]
    reads = [(e.user_id, e.section, e.outcome) for e in lines if e.action == "read"]
    assert ("cd-noord-01", "zrm", "permit") in reads and ("cd-zuid-07", "zrm", "deny") in reads
    refused = [s.entry for s in client.app.state.services.access_log.query(user_id="onbekend")]
    assert any(e.decision_rule == "token.malformed" and e.outcome == "deny" for e in refused)


@pytest.mark.parametrize("case", ["expired", "wrong_issuer", "wrong_audience", "missing_role", "low_level", "none"])
def test_each_refused_token_is_answered_401_or_403_and_logged(client, case):  # type: ignore[no-untyped-def]
    import json
    import time

    from api.auth.jws import b64url_encode

    issuer = client.app.state.demo_issuer
    now = int(time.time())
    if case == "expired":
        headers = client.token("case_director", "cd-x", extra={"exp": now - 3600})
    elif case == "wrong_issuer":
        headers = client.token("case_director", "cd-x", extra={"iss": "https://elders.example"})
    elif case == "wrong_audience":
        headers = client.token("case_director", "cd-x", extra={"aud": "ander-systeem"})
    elif case == "missing_role":
        headers = client.token("case_director", "cd-x", extra={"roles": []})
    elif case == "low_level":
        headers = client.token("client", "cd-x", acr="midden")
    else:
        body = {"iss": issuer.issuer, "aud": issuer.audience, "sub": "cd-x", "exp": now + 60, "roles": ["team_lead"]}
        token = b64url_encode(b'{"alg":"none"}') + "." + b64url_encode(json.dumps(body).encode()) + "."
        headers = {"Authorization": f"Bearer {token}"}
    response = client.get("/api/v1/households", headers=headers)
    expected = 403 if case in ("missing_role", "low_level") else 401
    assert response.status_code == expected
    reason = response.json()["code"]
    assert reason.startswith("token.")
    logged = [s.entry for s in client.app.state.services.access_log.query() if s.entry.event == "authentication_refused"]
    assert [e.decision_rule for e in logged] == [reason]


def test_an_unexpected_error_gives_a_dutch_message_and_a_trace_id_never_a_stack_trace(client):  # type: ignore[no-untyped-def]
    def broken() -> None:
        raise RuntimeError("secret internal detail /path/to/file.py")

    client.app.add_api_route("/api/v1/broken", broken)
    response = client.get("/api/v1/broken")
    body = response.json()
    assert response.status_code == 500 and body["traceId"] == response.headers["x-trace-id"]
    assert "secret" not in response.text and "Traceback" not in response.text and "Er ging iets mis" in body["detail"]


def test_health_and_public_keys_need_no_token_and_everything_else_does(client):  # type: ignore[no-untyped-def]
    assert client.get("/health").status_code == 200
    keys = client.get("/.well-known/wijkdossier-keys")
    assert keys.status_code == 200 and keys.json()["token_keys"][0]["kty"] == "OKP"
    assert client.get("/portal/static/portal.js").status_code == 200
    assert client.get("/api/v1/households").status_code == 401
    assert client.post("/graphql", json={"query": "{ me { userId } }"}).status_code == 401


def test_a_concurrent_change_maps_to_409_with_what_to_do(client):  # type: ignore[no-untyped-def]
    from unittest.mock import patch

    from domain.errors import ConcurrentChangeError

    hid, pd, cd = household_in_support(client)
    with patch.object(type(client.app.state.services.dossiers), "record_contact",
                      side_effect=ConcurrentChangeError("no_concurrent_change: reload and try again")):
        response = post(client, f"/households/{hid}/contacts", cd, kind="phone")
    assert response.status_code == 409 and "opnieuw" in response.json()["detail"]


def test_the_openapi_document_covers_every_command_with_a_summary(client):  # type: ignore[no-untyped-def]
    import inspect

    from domain.application import WijkdossierApplication

    spec = client.get("/openapi.json").json()
    operations = [op for path in spec["paths"].values() for op in path.values()]
    assert all(op.get("summary") for op in operations)
    commands = {n for n, f in inspect.getmembers(WijkdossierApplication, inspect.isfunction)
                if not n.startswith("_") and n not in ("get_dossier", "get_dossier_as_of", "history", "get_complaint",
                                                      "dossier_exists", "household_ids", "households_joined_after", "complaint_ids",
                                                      "register_transcodings", "check_referral_decision")
                and n in vars(WijkdossierApplication)}
    import api.routers as routers_pkg
    from pathlib import Path

    source = "".join(p.read_text() for p in Path(routers_pkg.__file__).parent.glob("*.py"))
    # Erasure is served through the erasure service, which records the erasure and destroys the key.
    reached_through = {"record_erasure": "erase_household("}
    missing = sorted(c for c in commands if f"dossiers.{c}(" not in source
                     and reached_through.get(c, f"dossiers.{c}(") not in source)
    assert missing == []


def test_the_commission_reads_a_section_as_it_stood_on_the_day_of_the_complaint(client):  # type: ignore[no-untyped-def]
    from datetime import datetime, timedelta, timezone

    # The household's story and the complaint lie days back; the phone call after it is today
    # (a time in the future is refused since issue 13, so the past is where the story moves).
    days_ago = (datetime.now(timezone.utc) - timedelta(days=3)).isoformat()
    hid, pd, cd = household_in_support(client, occurred_at=days_ago)
    anna = client.token("client", "person-anna")
    filed = post(client, "/complaints", anna, household_id=hid, complainant_person_id="person-anna",
                 about_worker_id="cd-noord-01", subject="conduct", description="respectloos", occurred_at=days_ago)
    complaint_id = filed.json()["complaint_id"]
    assert post(client, f"/complaints/{complaint_id}/commission", anna, commission_id="kc-1").status_code == 200
    later = datetime.now(timezone.utc).isoformat()
    assert post(client, f"/households/{hid}/contacts", cd, kind="phone", occurred_at=later).status_code == 200

    commission = client.token("complaint_commission", "kc-1", team=None)
    seen_by_commission = client.get(f"/api/v1/households/{hid}/contacts", headers=commission)
    seen_by_worker = client.get(f"/api/v1/households/{hid}/contacts", headers=cd)
    assert seen_by_commission.status_code == 200 and seen_by_worker.status_code == 200
    assert [c["kind"] for c in seen_by_worker.json()["items"]] == ["home_visit", "phone"]
    assert [c["kind"] for c in seen_by_commission.json()["items"]] == ["home_visit"]


def test_a_representative_files_a_complaint_on_behalf_of_the_client_and_the_event_says_so(client):  # type: ignore[no-untyped-def]
    hid, pd, cd = household_in_support(client)
    guardian = client.token("legal_representative", "rep-curator-01", represents=["person-anna"])
    filed = post(client, "/complaints", guardian, household_id=hid, complainant_person_id="person-anna",
                 about_worker_id="cd-noord-01", subject="conduct", description="niet teruggebeld")
    assert filed.status_code == 201, filed.text
    complaint = client.app.state.services.dossiers.history(filed.json()["complaint_id"])[0]
    assert (complaint.by.actor_id, complaint.by.on_behalf_of) == ("rep-curator-01", "person-anna")
    # a professional acting about a client does so in their own role, not on the client's behalf
    events = client.app.state.services.dossiers.history(hid)
    assessed = next(e for e in events if type(e).__name__ == "ZrmAssessed")
    assert assessed.by.on_behalf_of is None


def test_the_team_lead_reads_caseload_and_figures_but_no_case_content(client):  # type: ignore[no-untyped-def]
    hid, pd, cd = household_in_support(client)
    lead = client.token("team_lead", "tl-noord-01", team="noord")
    import time

    deadline = time.monotonic() + 20  # the read models follow the log a moment later
    while True:
        team = client.get("/api/v1/teams/noord/caseload", headers=lead)
        assert team.status_code == 200, team.text
        if team.json()["figures"].get("workers") or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert "cd-noord-01" in team.json()["figures"]["workers"]
    figures = client.get("/api/v1/figures", headers=lead, params={"team": "noord"})
    assert figures.status_code == 200 and figures.json()["team"] == "noord"
    assert client.get(f"/api/v1/households/{hid}/plan", headers=lead).status_code == 403
    assert client.get("/api/v1/figures", headers=cd).status_code == 403
    assert client.get("/api/v1/teams/noord/caseload", headers=client.token("client", "person-anna")).status_code == 403
