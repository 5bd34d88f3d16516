"""The privacy layer is the only decision point of the API: one access-log line per read (denied ones
too) on every route and resolver, no data without a durable line, "gewist" for an erased household,
and no personal data in logs or error bodies."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from datetime import datetime, timezone

import pytest

from api.testing import prepare_environment, running_app
from privacy.access_log import AccessLog, AccessLogEntry, AccessLogWriteError, StoredAccessLogEntry
from tests.e2e.test_api_rest import household_in_support, main_flow, post

FENNA = "Fenna Oudewater-Kramer"  # a member's name: it must never reach a log or an error body


@pytest.fixture
def client(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    prepare_environment(monkeypatch)
    with running_app(tmp_path) as c:
        yield c


def lines_written(client, call) -> list[StoredAccessLogEntry]:  # type: ignore[no-untyped-def]
    """The access-log lines one call wrote (positions after the head before it)."""
    log = client.app.state.services.access_log
    before, _ = log.head()
    call()
    return [s for s in log.query() if s.position > before]


def complaint_in_commission(client, hid):  # type: ignore[no-untyped-def]
    anna = client.token("client", "person-anna")
    complaint_id = post(client, "/complaints", anna, household_id=hid, complainant_person_id="person-anna",
                        about_worker_id="cd-noord-01", subject="conduct", description="niet gehoord").json()["complaint_id"]
    assert post(client, f"/complaints/{complaint_id}/commission", anna, commission_id="kc-1").status_code == 200
    return complaint_id


def concrete(path: str, hid: str, complaint_id: str) -> str:
    values = {"household_id": hid, "complaint_id": complaint_id, "team": "noord", "worker_id": "cd-noord-01",
              "person_id": "person-anna"}
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)


def test_every_rest_read_route_writes_exactly_one_access_log_line_per_request_also_when_denied(client):  # type: ignore[no-untyped-def]
    hid, pd, cd = household_in_support(client)
    complaint_id = complaint_in_commission(client, hid)
    stranger = client.token("case_director", "cd-zuid-07", team="zuid")
    officer = client.token("privacy_officer", "fg-1", team=None)
    params = {"moment": datetime.now(timezone.utc).isoformat()}
    read_paths = [path for path, operations in client.get("/openapi.json").json()["paths"].items()
                  if "get" in operations and path.startswith("/api/v1")]
    assert len(read_paths) >= 20  # the walk covers the whole read surface, not a sample
    outcomes = set()
    for path in read_paths:
        url = concrete(path, hid, complaint_id)
        for who in (pd, stranger, officer):
            written = lines_written(client, lambda: client.get(url, headers=who, params=params))
            assert len(written) == 1, f"GET {path}: {len(written)} access-log lines"
            outcomes.add(written[0].entry.outcome)
    assert outcomes == {"permit", "deny"}


GRAPHQL_READS = {  # every Query field, with the number of access-log lines one call writes
    "me": ("{ me { userId } }", 1),  # which households a person is in is personal data: a logged search
    "myDossier": ("{ myDossier { householdId } }", 1),
    "myPlan": ("{ myPlan { section } }", 1),
    "myAssessments": ("{ myAssessments { section } }", 2),  # two sections: ZRM and participation
    "myConsents": ("{ myConsents { section } }", 1),
    "myAccessLog": ("{ myAccessLog { outcome } }", 1),
    "complaint": ('{ complaint(id: "%(complaint)s") { stage } }', 1),
    "dossierHistory": ('{ dossierHistory(householdId: "%(household)s", asOf: "%(now)s") { asOf } }', 1),
    "verificationBundle": ('{ verificationBundle(householdId: "%(household)s") }', 1),
    # one line for the complaint and its course, one for the dossier's history as of the day
    "reviewWorkspace": ('{ reviewWorkspace(complaintId: "%(complaint)s") }', 2),
}


def test_every_graphql_query_field_is_listed_and_writes_its_access_log_lines(client):  # type: ignore[no-untyped-def]
    from api.graphql.schema import Query

    fields = {f.graphql_name or _camel(f.python_name) for f in Query.__strawberry_definition__.fields}
    assert fields == set(GRAPHQL_READS), "a new resolver needs its access-log expectation here"
    hid, pd, cd = household_in_support(client)
    complaint_id = complaint_in_commission(client, hid)
    values = {"household": hid, "complaint": complaint_id, "now": datetime.now(timezone.utc).isoformat()}
    anna, commission = client.token("client", "person-anna"), client.token("complaint_commission", "kc-1", team=None)
    for name, (query, expected) in GRAPHQL_READS.items():
        who = commission if name in ("complaint", "dossierHistory", "verificationBundle", "reviewWorkspace") else anna
        written = lines_written(client, lambda: client.post("/graphql", json={"query": query % values}, headers=who))
        assert len(written) == expected, f"{name}: {len(written)} access-log lines"


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


class FailingLog(AccessLog):
    """An access log whose every write fails, as a full disk or a lost database would."""

    def append_many(self, entries: Sequence[AccessLogEntry]) -> list[StoredAccessLogEntry]:
        raise AccessLogWriteError("access log unavailable (test)")

    def query(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return []

    def head(self):  # type: ignore[no-untyped-def]
        return 0, "0" * 64

    def verify(self, expected_head=None):  # type: ignore[no-untyped-def]
        raise NotImplementedError

    def close(self) -> None:
        return None


def test_a_read_fails_with_503_and_no_data_when_the_access_log_cannot_be_written(client):  # type: ignore[no-untyped-def]
    hid, pd, cd = household_in_support(client)
    post(client, f"/households/{hid}/members", cd, person_id="person-fenna", name=FENNA,
         date_of_birth="1990-01-01", relation="partner")
    client.app.state.services.guard.access_log = FailingLog()
    client.app.state.services.access_log = FailingLog()  # the refused-token path too
    for path in (f"/api/v1/households/{hid}/members", f"/api/v1/households/{hid}", "/api/v1/households"):
        response = client.get(path, headers=cd)
        assert response.status_code == 503, path
        assert "person-fenna" not in response.text and FENNA not in response.text
        assert "items" not in response.json() and "vastleggen" in response.json()["error"]["message"]
    refused_token = client.get(f"/api/v1/households/{hid}", headers={"Authorization": "Bearer not.a.token"})
    assert refused_token.status_code == 503
    graphql = client.post("/graphql", json={"query": "{ myPlan { items } }"},
                          headers=client.token("client", "person-anna")).json()
    assert graphql["data"] is None and "vastleggen" in graphql["errors"][0]["message"]


def test_an_erased_household_answers_gewist_with_410_after_the_attempt_is_logged(client):  # type: ignore[no-untyped-def]
    hid, pd, cd = main_flow(client)
    too_early = post(client, f"/households/{hid}/erasure", pd, legal_basis="bewaartermijn verstreken")
    assert too_early.status_code in (400, 409, 422), too_early.text  # retention still runs, no decision named
    assert client.get(f"/api/v1/households/{hid}", headers=pd).status_code == 200
    erased = post(client, f"/households/{hid}/erasure", pd, legal_basis="AVG art. 17 besluit 2026-041")
    assert erased.status_code == 200 and erased.json()["status"] == "gewist", erased.text
    responses = {}
    for path in (f"/households/{hid}", f"/households/{hid}/members", f"/households/{hid}/history"):
        written = lines_written(client, lambda: responses.__setitem__(path, client.get(f"/api/v1{path}", headers=pd)))
        response = responses[path]
        assert response.status_code == 410, (path, response.text)
        assert response.json()["error"]["code"] == "gewist" and "gewist" in response.json()["error"]["message"]
        assert [(s.entry.outcome, s.entry.decision_rule) for s in written] == [("deny", "erasure.data_unreadable")]
    portal = client.post("/graphql", json={"query": '{ myPlan(householdId: "%s") { items } }' % hid},
                         headers=client.token("client", "person-anna")).json()
    assert "gewist" in portal["errors"][0]["message"]


def test_no_member_name_reaches_the_application_logs_or_an_error_body(client, caplog):  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    hid, pd, cd = household_in_support(client)
    post(client, f"/households/{hid}/members", cd, person_id="person-fenna", name=FENNA,
         date_of_birth="1990-01-01", relation="partner")
    bodies = [
        client.get(f"/api/v1/households/{hid}/members", headers=client.token("case_director", "cd-zuid-07", team="zuid")),
        post(client, f"/households/{hid}/members", cd, person_id="person-fenna", name=FENNA,
             date_of_birth="1990-01-01", relation="partner"),  # a duplicate: a domain refusal
        client.get(f"/api/v1/households/{hid}/members", headers=client.token("client", "person-anna")),
        client.get(f"/api/v1/households/{hid}/members", headers={"Authorization": "Bearer not.a.token"}),
    ]
    assert [b.status_code for b in bodies][0] == 403 and bodies[2].status_code == 200
    assert FENNA not in bodies[2].text  # another adult's data is left out for the client
    for body in (bodies[0], bodies[1], bodies[3]):
        assert FENNA not in body.text and "Fenna" not in body.text
    assert "Fenna" not in caplog.text and "Anna" not in caplog.text


def test_a_worker_lists_only_their_own_households_from_the_read_model_with_one_line_per_list(client):  # type: ignore[no-untyped-def]
    hid, pd, cd = household_in_support(client)
    other = post(client, "/signals", client.token("front_desk_volunteer", "fd-1"), source="self",
                 reporter="inwoner", description="vraag").json()["household_id"]
    assert client.app.state.services.runners.wait_until_current()
    responses = {}
    for name, token in (("cd", cd), ("pd", pd), ("stranger", client.token("case_director", "cd-zuid-07", team="zuid"))):
        written = lines_written(client, lambda: responses.__setitem__(name, client.get("/api/v1/households",
                                                                                    headers=token)))
        assert [(s.entry.action, s.entry.section) for s in written] == [("search", "overview")]
    ids = {name: [h["household_id"] for h in r.json()["households"]] for name, r in responses.items()}
    assert ids["cd"] == [hid]
    assert set(ids["pd"]) == {hid, other}
    assert ids["stranger"] == []


def test_the_front_desk_answers_a_walk_in_but_not_once_it_is_a_dossier(client):  # type: ignore[no-untyped-def]
    desk = client.token("front_desk_volunteer", "fd-1")
    hid, pd, cd = household_in_support(client)
    refused = post(client, f"/households/{hid}/answer", desk, answer="doorverwezen")
    assert refused.status_code == 403


def test_the_main_flow_runs_on_sqlite_and_on_postgresql(store_settings, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    prepare_environment(monkeypatch)
    with running_app(tmp_path, settings=store_settings) as c:
        hid, pd, cd = main_flow(c)
        reads = [s.entry for s in c.app.state.services.access_log.query(household_id=hid) if s.entry.action == "read"]
        assert ("cd-noord-01", "overview", "deny") in [(e.user_id, e.section, e.outcome) for e in reads]
