"""GraphQL over HTTP: the portal for clients and representatives, review, limits, masking."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tests.app_support import running_app, prepare_environment
from tests.e2e.test_api_rest import household_in_support, post


@pytest.fixture
def client(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    prepare_environment(monkeypatch)
    with running_app(tmp_path) as c:
        yield c


def gql(client, headers, query, **variables):  # type: ignore[no-untyped-def]
    response = client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_client_sees_their_dossier_plan_and_who_accessed_them(client):  # type: ignore[no-untyped-def]
    hid, pd, cd = household_in_support(client)
    anna = client.token("client", "person-anna")
    body = gql(client, anna, "{ me { personId householdIds } myDossier { householdId sections { section items } } "
                             "myPlan { items } myAssessments { section items } myConsents { items } }")
    assert "errors" not in body, body
    data = body["data"]
    assert data["me"] == {"personId": "person-anna", "householdIds": [hid]}
    assert data["myPlan"]["items"][0]["plan_version"] == 1
    assert data["myAssessments"][0]["items"][0]["person_id"] == "person-anna"
    log = gql(client, anna, "{ myAccessLog { userRole section outcome sentence } }")["data"]["myAccessLog"]
    # Roles and outcomes are enums of the schema (api.graphql.common), not free text.
    plan_read = next(line for line in log if line["section"] == "plan" and line["userRole"] == "CLIENT")
    assert plan_read["outcome"] == "PERMIT"
    [me] = [gql(client, anna, "{ me { role } }")["data"]["me"]["role"]]
    assert me == "CLIENT"
    assert "het plan van aanpak bekeken" in plan_read["sentence"]


def test_an_item_withheld_from_a_parent_is_marked_not_shown(client):  # type: ignore[no-untyped-def]
    hid, pd, cd = household_in_support(client)
    post(client, f"/households/{hid}/child-safety", cd, meldcode_step=1, outcome="in_progress", summary="zorgen")
    version = client.get(f"/api/v1/households/{hid}/child-safety", headers=cd).json()["items"][0]["version"]
    assert post(client, f"/households/{hid}/withholdings", cd, withholding_id="w1", from_person_id="person-anna",
                item_version=version).status_code == 200
    body = gql(client, client.token("client", "person-anna"),
               "{ myDossier { sections { section items withheldItems } } }")
    safety = next(s for s in body["data"]["myDossier"]["sections"] if s["section"] == "child_safety")
    assert [(i["withheld"], i["version"], i["status"]) for i in safety["items"]] == [(True, version, "withheld")]
    assert safety["withheldItems"] == 1


def test_portal_mutations_give_typed_results_for_success_and_expected_failure(client):  # type: ignore[no-untyped-def]
    hid, pd, cd = household_in_support(client)
    anna = client.token("client", "person-anna")
    mutation = """mutation($h: String!, $v: Int!) { addStatement(householdId: $h, personId: "person-anna",
        itemVersion: $v, text: "Zo heb ik het niet gezegd.") { __typename ... on Success { version }
        ... on Error { code field } } }"""
    ok = gql(client, anna, mutation, h=hid, v=2)["data"]["addStatement"]
    assert ok["__typename"] == "Success"
    wrong = gql(client, anna, mutation, h=hid, v=999)["data"]["addStatement"]
    assert wrong == {"__typename": "Error", "code": "item_exists", "field": "item_version"}
    complaint = gql(client, anna, """mutation($h: String!) { fileComplaint(householdId: $h, personId: "person-anna",
        aboutWorkerId: "cd-noord-01", description: "Ik voelde mij niet gehoord.") { __typename
        ... on Success { complaintId } } }""", h=hid)["data"]["fileComplaint"]
    assert complaint["__typename"] == "Success" and complaint["complaintId"]
    other = gql(client, anna, """mutation($h: String!) { requestOtherWorker(householdId: $h, personId: "person-anna",
        motivation: "Het klikt niet.") { __typename } }""", h=hid)["data"]["requestOtherWorker"]
    assert other["__typename"] == "Success"
    export = gql(client, anna, "mutation { exportMyData { __typename ... on ExportedData { data } } }")
    exported = export["data"]["exportMyData"]["data"]
    assert exported["format"] == "wijkdossier-eigen-gegevens" and exported["subject"] == "person-anna"
    assert [m["person_id"] for m in exported["dossier"]["members"]] == ["person-anna"]


def test_a_client_cannot_act_for_someone_else(client):  # type: ignore[no-untyped-def]
    hid, pd, cd = household_in_support(client)
    mallory = client.token("client", "person-mallory")
    result = gql(client, mallory, """mutation($h: String!) { addStatement(householdId: $h, personId: "person-anna",
        itemVersion: 2, text: "x") { __typename ... on Error { code } } }""", h=hid)["data"]["addStatement"]
    assert result == {"__typename": "Error", "code": "forbidden"}


def test_the_commission_reviews_the_dossier_as_it_stood(client):  # type: ignore[no-untyped-def]
    hid, pd, cd = household_in_support(client)
    anna = client.token("client", "person-anna")
    filed = post(client, "/complaints", anna, household_id=hid, complainant_person_id="person-anna",
                 about_worker_id="cd-noord-01", subject="conduct", description="respectloos")
    assert filed.status_code == 201, filed.text
    complaint_id = filed.json()["complaint_id"]
    commission = client.token("complaint_commission", "kc-1", team=None)
    query = "query($id: String!) { complaint(id: $id) { stage } }"
    assert gql(client, commission, query, id=complaint_id)["errors"][0]["message"].startswith("U heeft geen toegang")
    assert post(client, f"/complaints/{complaint_id}/commission", anna, commission_id="kc-1").status_code == 200
    assert gql(client, commission, query, id=complaint_id)["data"]["complaint"]["stage"] == "commission"
    history = gql(client, commission, """query($h: String!, $t: DateTime!) { dossierHistory(householdId: $h, asOf: $t)
        { overview events } }""", h=hid, t=datetime.now(timezone.utc).isoformat())
    assert "errors" not in history, history
    assert history["data"]["dossierHistory"]["events"][0]["type"] == "SignalReceived"


def test_professionals_cannot_use_the_portal_and_clients_cannot_review(client):  # type: ignore[no-untyped-def]
    hid, pd, cd = household_in_support(client)
    assert gql(client, cd, "{ me { userId } }")["errors"][0]["message"].startswith("Het portaal")
    body = gql(client, client.token("client", "person-anna"), 'query($h: String!) { verificationBundle(householdId: $h) }', h=hid)
    assert body["errors"][0]["message"].startswith("Toetsing")


def test_deep_queries_and_many_aliases_are_refused(client):  # type: ignore[no-untyped-def]
    anna = client.token("client", "person-anna")
    aliases = " ".join(f"a{i}: me {{ userId }}" for i in range(30))
    assert "errors" in gql(client, anna, "{ " + aliases + " }")


def test_a_query_deeper_than_the_limit_is_refused(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    prepare_environment(monkeypatch)
    with running_app(tmp_path, graphql_max_depth=1) as c:
        body = gql(c, c.token("client", "person-anna"), "{ myDossier { sections { section } } }")
        assert "te diep genest: diepte 2, hoogstens 1" in body["errors"][0]["message"]


def test_introspection_is_off_outside_demo_mode(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    import json

    from api.auth.jws import jwk_from_public_key, sign
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    prepare_environment(monkeypatch)
    key = Ed25519PrivateKey.generate()
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [jwk_from_public_key(key.public_key(), "k1")]}))
    import time

    token = sign({"iss": "https://idp", "aud": "wd", "sub": "person-anna", "exp": int(time.time()) + 60,
                  "iat": int(time.time()),
                  "roles": ["client"], "acr": "hoog"}, key, "k1")
    with running_app(tmp_path, demo=False, issuer="https://idp", audience="wd", jwks_file=jwks,
                     contact_name="Wijkteam", contact_email="beheer@gemeente.test",
                     contact_url="https://gemeente.test/wijkdossier") as c:
        body = c.post("/graphql", json={"query": "{ __schema { types { name } } }"},
                      headers={"Authorization": f"Bearer {token}"}).json()
        assert "errors" in body
        me = c.post("/graphql", json={"query": "{ me { personId } }"}, headers={"Authorization": f"Bearer {token}"})
        assert me.json()["data"]["me"]["personId"] == "person-anna"
        assert c.get("/portal/demo-login").status_code == 404


def test_a_portal_read_while_the_caseload_view_lags_reads_only_the_logs_tail_never_every_household(
        client, monkeypatch):  # type: ignore[no-untyped-def]
    hid, pd, cd = household_in_support(client)
    for n in range(3):  # other households, with other members, also not yet in the view
        other = post(client, "/signals", client.token("front_desk_volunteer", "fd-1"), source="gp",
                     reporter="huisarts", description="Zorgen").json()["household_id"]
        post(client, f"/households/{other}/open", pd, summary="vraag")
        post(client, f"/households/{other}/case-director", pd, worker_id="cd-noord-01")
        post(client, f"/households/{other}/members", cd, person_id=f"person-other-{n}", name="Bob",
             date_of_birth="1970-01-01", relation="applicant")
    caseload = client.app.state.services.views["caseload"]
    monkeypatch.setattr(caseload, "position", lambda: 0)  # the view has applied nothing yet
    monkeypatch.setattr(caseload, "households_of_person", lambda person: [])
    dossiers = client.app.state.services.dossiers

    def no_scan() -> list:  # type: ignore[type-arg]
        raise AssertionError("a portal read listed every household")

    monkeypatch.setattr(dossiers, "household_ids", no_scan)
    loaded: set[str] = set()
    get_dossier = dossiers.get_dossier

    def spy(household_id, **options):  # type: ignore[no-untyped-def]
        loaded.add(str(household_id))
        return get_dossier(household_id, **options)

    monkeypatch.setattr(dossiers, "get_dossier", spy)
    body = gql(client, client.token("client", "person-anna"), "{ me { householdIds } myDossier { householdId } }")
    assert "errors" not in body, body
    assert body["data"]["me"]["householdIds"] == [hid] and body["data"]["myDossier"]["householdId"] == hid
    assert loaded == {hid}
