"""The privacy officer's console over REST: each route permits the officer, refuses other roles, and
every call (permit or refusal) leaves exactly one access-log line with the request's trace id."""

from __future__ import annotations

import pytest

from tests.app_support import prepare_environment, running_app
from tests.e2e.test_api_rest import household_in_support

OFFICER = ("privacy_officer", "fg-01")
EMERGENCY = {"X-Emergency-Reason": "Kind niet op school verschenen, moeder onbereikbaar"}


@pytest.fixture
def client(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    prepare_environment(monkeypatch)
    with running_app(tmp_path) as c:
        yield c


def officer(client):  # type: ignore[no-untyped-def]
    return client.token(*OFFICER, team=None, organisation="gemeente")


def lines_of(client, user_id, trace_id=None):  # type: ignore[no-untyped-def]
    found = [s.entry for s in client.app.state.services.access_log.query(user_id=user_id)]
    return [e for e in found if trace_id is None or e.trace_id == trace_id]


def emergency_read(client, hid):  # type: ignore[no-untyped-def]
    """A social worker of the team who is not assigned reads the members by breaking the glass."""
    worker = client.token("social_worker", "sw-noord-03")
    response = client.get(f"/api/v1/households/{hid}/members", headers={**worker, **EMERGENCY})
    assert response.status_code == 200, response.text
    return next(s for s in client.app.state.services.access_log.query(user_id="sw-noord-03") if s.entry.emergency)


ROUTES = [
    ("get", "/api/v1/access-log/lines", None, "search"),
    ("get", "/api/v1/access-log/people/person-anna", None, "read"),
    ("get", "/api/v1/access-log/people?name=anna", None, "search"),
    ("get", "/api/v1/access-log/emergency", None, "search"),
    ("get", "/api/v1/access-log/signals", None, "read"),
    ("get", "/api/v1/processing-register", None, "read"),
    ("post", "/api/v1/access-log/emergency/{entry}/review",
     {"conclusion": "justified", "finding": "Reden klopt met het verslag van school."}, "create"),
]


@pytest.mark.parametrize("method,path,body,action", ROUTES, ids=[r[1] for r in ROUTES])
@pytest.mark.parametrize("role,subject", [OFFICER, ("team_lead", "tl-noord-01"), ("case_director", "cd-noord-01"),
                                          ("client", "person-anna")])
def test_each_console_route_lets_only_the_privacy_officer_in_and_logs_every_call_once(
        client, method, path, body, action, role, subject):  # type: ignore[no-untyped-def]
    hid, _pd, _cd = household_in_support(client)
    entry = emergency_read(client, hid).entry.entry_id
    headers = officer(client) if role == "privacy_officer" else client.token(role, subject)
    before = len(lines_of(client, subject))
    response = getattr(client, method)(path.format(entry=entry), headers=headers,
                                       **({"json": body} if body else {}))
    trace = response.headers["X-Trace-Id"]
    mine = lines_of(client, subject, trace)
    assert len(mine) == 1 and len(lines_of(client, subject)) == before + 1
    line = mine[0]
    assert line.section == "access_log" and line.action == action
    if role == "privacy_officer":
        assert response.status_code in (200, 201), response.text
        assert line.outcome == "permit" and line.decision_rule == "none.access_log"
        assert line.processing_activity_id.startswith("wd-toegangslog@")
    else:
        assert response.status_code == 403
        assert line.outcome == "deny"
        assert response.json()["status"] == response.status_code and "Traceback" not in response.text


def test_the_search_filters_pages_and_names_people_instead_of_numbers(client):  # type: ignore[no-untyped-def]
    hid, _pd, cd = household_in_support(client)
    for _ in range(3):
        client.get(f"/api/v1/households/{hid}/zrm", headers=cd)
    client.get(f"/api/v1/households/{hid}/zrm", headers=client.token("case_director", "cd-zuid-01", team="zuid"))
    headers = officer(client)
    page = client.get("/api/v1/access-log/lines", headers=headers,
                      params={"household": hid, "outcome": "deny", "size": 10}).json()
    assert page["total"] >= 1 and all(line["outcome"] == "deny" for line in page["lines"])
    assert {line["user_id"] for line in page["lines"]} == {"cd-zuid-01"}
    # names from the staff directory and the household's dossier, via the privacy layer
    assert page["names"]["staff"]["cd-zuid-01"] and page["names"]["staff"]["cd-zuid-01"] != "cd-zuid-01"
    assert page["names"]["households"][hid] == "huishouden van Anna"
    reads = client.get("/api/v1/access-log/lines", headers=headers,
                       params={"user": "cd-noord-01", "purpose": "support", "size": 2, "page": 2}).json()
    assert reads["page"] == 2 and len(reads["lines"]) == 2 and reads["total"] > 4
    first_page = client.get("/api/v1/access-log/lines", headers=headers,
                            params={"user": "cd-noord-01", "purpose": "support", "size": 2}).json()
    assert first_page["lines"][0]["position"] > reads["lines"][0]["position"]  # newest first
    person = client.get("/api/v1/access-log/lines", headers=headers, params={"person": "person-anna"}).json()
    assert person["total"] >= 1 and person["names"]["persons"]["person-anna"] == "Anna"
    bad = client.get("/api/v1/access-log/lines", headers=headers,
                     params={"since": "2026-02-01T00:00:00Z", "until": "2026-01-01T00:00:00Z"})
    assert bad.status_code == 400 and bad.json()["invalidParams"][0]["name"] == "until"


def test_the_officer_sees_the_same_who_looked_list_as_the_client(client):  # type: ignore[no-untyped-def]
    hid, _pd, cd = household_in_support(client)
    client.get(f"/api/v1/households/{hid}/zrm", headers=cd)
    anna = client.token("client", "person-anna")
    theirs = client.post("/graphql", headers=anna, json={
        "query": "query($h: String) { myAccessLog(householdId: $h) { sentence } }", "variables": {"h": hid}})
    assert theirs.status_code == 200 and "errors" not in theirs.json(), theirs.text
    client_sentences = [line["sentence"] for line in theirs.json()["data"]["myAccessLog"]]
    ours = client.get("/api/v1/access-log/people/person-anna", headers=officer(client)).json()
    assert ours["name"] == "Anna" and ours["households"] == [hid]
    officer_sentences = [line["sentence"] for line in reversed(ours["lines"])]  # served newest first
    # The same list, plus the officer's own look at it (which the client will see too).
    assert officer_sentences[:-1] == client_sentences
    assert "functionaris gegevensbescherming" in officer_sentences[-1]


def test_an_emergency_access_is_reviewed_once_with_a_finding_and_the_review_is_kept(client):  # type: ignore[no-untyped-def]
    hid, _pd, _cd = household_in_support(client)
    stored = emergency_read(client, hid)
    headers = officer(client)
    queue = client.get("/api/v1/access-log/emergency", headers=headers).json()
    assert queue["open"] == 1 and queue["cases"][0]["entry_id"] == str(stored.entry.entry_id)
    assert queue["cases"][0]["reason"] == EMERGENCY["X-Emergency-Reason"]
    assert queue["names"]["staff"]["sw-noord-03"]
    done = client.post(f"/api/v1/access-log/emergency/{stored.entry.entry_id}/review", headers=headers,
                       json={"conclusion": "justified", "finding": "Klopt: school belde om 9 uur."})
    assert done.status_code == 201
    assert done.json()["reviewer_id"] == "fg-01" and done.json()["trace_id"] == done.headers["X-Trace-Id"]
    after = client.get("/api/v1/access-log/emergency", headers=headers, params={"state": "reviewed"}).json()
    assert after["open"] == 0 and after["reviewed"] == 1
    assert after["cases"][0]["review"]["finding"] == "Klopt: school belde om 9 uur."
    # A line that is not an emergency access cannot be "reviewed"; an empty finding is refused, in Dutch.
    ordinary = client.app.state.services.access_log.query(user_id="cd-noord-01")[0].entry.entry_id
    assert client.post(f"/api/v1/access-log/emergency/{ordinary}/review", headers=headers,
                       json={"conclusion": "justified", "finding": "x"}).status_code == 404
    empty = client.post(f"/api/v1/access-log/emergency/{stored.entry.entry_id}/review", headers=headers,
                        json={"conclusion": "justified", "finding": ""})
    assert empty.status_code == 400 and empty.json()["invalidParams"][0]["name"] == "finding"


def test_the_review_store_refuses_to_change_or_delete_a_review(client):  # type: ignore[no-untyped-def]
    import sqlite3

    hid, _pd, _cd = household_in_support(client)
    stored = emergency_read(client, hid)
    client.post(f"/api/v1/access-log/emergency/{stored.entry.entry_id}/review", headers=officer(client),
                json={"conclusion": "follow_up", "finding": "Navragen bij de teamleider."})
    path = client.app.state.services.emergency_reviews.path
    with sqlite3.connect(path) as conn:
        for statement in ("UPDATE emergency_review SET finding = 'anders'", "DELETE FROM emergency_review"):
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                conn.execute(statement)


def test_a_burst_of_reads_outside_the_caseload_raises_a_signal(client):  # type: ignore[no-untyped-def]
    households = [household_in_support(client)[0] for _ in range(5)]
    stranger = client.token("case_director", "cd-noord-04")
    for hid in households:
        assert client.get(f"/api/v1/households/{hid}/members", headers=stranger).status_code == 403
    found = client.get("/api/v1/access-log/signals", headers=officer(client)).json()
    kinds = {(s["kind"], s["user_id"]) for s in found["signals"]}
    assert ("outside_caseload", "cd-noord-04") in kinds and ("denial_burst", "cd-noord-04") in kinds
    outside = next(s for s in found["signals"] if s["kind"] == "outside_caseload")
    assert sorted(outside["households"]) == sorted(households)
    assert found["names"]["staff"]["cd-noord-04"]


def test_the_register_is_served_with_every_version_and_the_one_in_force(client):  # type: ignore[no-untyped-def]
    body = client.get("/api/v1/processing-register", headers=officer(client)).json()
    assert [v["version"] for v in body["versions"]] == sorted((v["version"] for v in body["versions"]), reverse=True)
    in_force = [v for v in body["versions"] if v["in_force"]]
    assert len(in_force) == 1
    audit = next(a for a in in_force[0]["activities"] if a["purpose"] == "access_log_audit")
    assert audit["legal_basis"] == "dpv:LegalObligation" and audit["retention_period"].startswith("P")


def test_the_officer_finds_a_person_by_part_of_their_name_or_by_their_number(client):  # type: ignore[no-untyped-def]
    from tests.e2e.test_api_rest import post

    hid, _pd, cd = household_in_support(client)
    assert post(client, f"/households/{hid}/members", cd, person_id="person-jose", name="José Ánsingh",
                date_of_birth="1975-03-01", relation="partner").status_code == 200
    client.get(f"/api/v1/households/{hid}/members", headers=cd)  # a household read: the log now names both
    # A name is found through the caseload view's person index, which follows the log a moment behind.
    assert client.app.state.services.runners.wait_until_current()
    headers = officer(client)
    for typed, expected in (("ann", ["person-anna"]), ("ANSINGH", ["person-jose"]), ("jose ans", ["person-jose"]),
                            ("person-anna", ["person-anna"]), ("niemand", [])):
        found = client.get("/api/v1/access-log/people", headers=headers, params={"name": typed})
        assert found.status_code == 200, found.text
        body = found.json()
        assert [p["person_id"] for p in body["people"]] == expected, typed
        for person in body["people"]:
            assert person["name"] and person["households"] == [hid]
            assert body["names"]["households"][hid]  # the household by its name, for the choice
    assert "date_of_birth" not in found.text and "1975" not in client.get(
        "/api/v1/access-log/people", headers=headers, params={"name": "jose"}).text  # names only
    too_short = client.get("/api/v1/access-log/people", headers=headers, params={"name": "a"})
    assert too_short.status_code == 400
