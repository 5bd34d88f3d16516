"""The privacy layer is the only decision point of the API (the walk over every route, field and command is
tests/e2e/test_access_log_walk.py): no data without a durable line, "gewist" for an erased household,
and no personal data in logs or error bodies."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import pytest

from tests.app_support import prepare_environment, running_app
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
        assert "items" not in response.json() and "vastleggen" in response.json()["detail"]
    refused_token = client.get(f"/api/v1/households/{hid}", headers={"Authorization": "Bearer not.a.token"})
    assert refused_token.status_code == 503
    graphql = client.post("/graphql", json={"query": "{ myPlan { items } }"},
                          headers=client.token("client", "person-anna")).json()
    assert graphql["data"] is None and "vastleggen" in graphql["errors"][0]["message"]


def test_an_erased_household_answers_gewist_with_410_after_the_attempt_is_logged(client):  # type: ignore[no-untyped-def]
    hid, pd, cd = main_flow(client)
    too_early = post(client, f"/households/{hid}/erasure", pd, legal_basis="bewaartermijn verstreken")
    assert too_early.status_code in (400, 409), too_early.text  # retention still runs, no decision named
    assert client.get(f"/api/v1/households/{hid}", headers=pd).status_code == 200
    erased = post(client, f"/households/{hid}/erasure", pd, legal_basis="AVG art. 17 besluit 2026-041")
    assert erased.status_code == 200 and erased.json()["status"] == "gewist", erased.text
    responses = {}
    for path in (f"/households/{hid}", f"/households/{hid}/members", f"/households/{hid}/history"):
        written = lines_written(client, lambda: responses.__setitem__(path, client.get(f"/api/v1{path}", headers=pd)))
        response = responses[path]
        assert response.status_code == 410, (path, response.text)
        assert response.json()["code"] == "gewist" and "gewist" in response.json()["detail"]
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
