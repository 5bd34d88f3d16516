"""Issue 13 findings 6 and 7: the answer's version is the one the command wrote, and a command with
an Idempotency-Key is stored once however often it is retried."""

from __future__ import annotations

import threading

import pytest

from tests.app_support import prepare_environment, running_app
from tests.e2e.test_api_rest import REASON, household_in_support


@pytest.fixture
def client(tmp_path, monkeypatch, store_settings):  # type: ignore[no-untyped-def]
    """Each test on SQLite and on PostgreSQL (its recorder group-commits; the key rides along)."""
    prepare_environment(monkeypatch)
    with running_app(tmp_path, settings=store_settings) as c:
        yield c


def contact(client, hid, headers, key=None, kind="phone"):  # type: ignore[no-untyped-def]
    extra = {"Idempotency-Key": key} if key else {}
    return client.post(f"/api/v1/households/{hid}/contacts", json={**REASON, "kind": kind},
                       headers={**headers, **extra})


def stored_events(client, hid) -> int:  # type: ignore[no-untyped-def]
    return len(client.app.state.services.dossiers.history(hid))


def test_the_answer_names_the_version_the_command_wrote_not_a_later_one(client, monkeypatch):  # type: ignore[no-untyped-def]
    hid, _, cd = household_in_support(client)
    dossiers = client.app.state.services.dossiers
    real = dossiers.record_contact
    written_by_others = []

    def with_a_writer_in_between(household_id, **kwargs):  # type: ignore[no-untyped-def]
        real(household_id, **kwargs)
        other = threading.Thread(target=lambda: written_by_others.append(real(household_id, **kwargs)))
        other.start()  # another request, on another thread, saves right after this one
        other.join()

    monkeypatch.setattr(dossiers, "record_contact", with_a_writer_in_between)
    answer = contact(client, hid, cd).json()
    history = dossiers.history(hid)
    assert len(written_by_others) == 1 and history[-1].originator_version == answer["version"] + 1
    assert type(history[answer["version"] - 1]).__name__ == "ContactRecorded"


def test_a_retry_with_the_same_key_answers_the_first_result_and_stores_nothing(client):  # type: ignore[no-untyped-def]
    hid, _, cd = household_in_support(client)
    first = contact(client, hid, cd, key="contact-1")
    count = stored_events(client, hid)
    again = contact(client, hid, cd, key="contact-1")
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert stored_events(client, hid) == count
    assert contact(client, hid, cd, key="contact-2").json()["version"] == first.json()["version"] + 1


def test_a_key_reused_with_another_body_is_refused(client):  # type: ignore[no-untyped-def]
    hid, _, cd = household_in_support(client)
    assert contact(client, hid, cd, key="k-1").status_code == 200
    count = stored_events(client, hid)
    reused = contact(client, hid, cd, key="k-1", kind="home_visit")
    assert reused.status_code == 422 and reused.json()["code"] == "idempotency_key_reused"
    assert stored_events(client, hid) == count


def test_keys_are_per_user(client):  # type: ignore[no-untyped-def]
    hid, pd, cd = household_in_support(client)
    mine = contact(client, hid, cd, key="gedeeld")
    theirs = contact(client, hid, client.token("case_director", "cd-noord-02"), key="gedeeld")
    assert mine.status_code == 200 and theirs.status_code == 403  # not assigned: refused, not replayed


def test_a_key_stored_but_not_answered_before_a_crash_answers_from_what_was_written(client, monkeypatch):  # type: ignore[no-untyped-def]
    from infra.command_log import IdempotencyKeys

    hid, _, cd = household_in_support(client)
    monkeypatch.setattr(IdempotencyKeys, "record_answer", lambda *a, **k: None)  # the process died here
    first = contact(client, hid, cd, key="in-flight")
    count = stored_events(client, hid)
    monkeypatch.undo()
    retried = contact(client, hid, cd, key="in-flight")
    assert retried.status_code == 200 and retried.json()["version"] == first.json()["version"]
    assert stored_events(client, hid) == count


def test_a_new_signal_is_received_once(client):  # type: ignore[no-untyped-def]
    desk = client.token("front_desk_volunteer", "fd-1")
    body = {**REASON, "source": "gp", "reporter": "huisarts", "description": "zorgen"}
    first = client.post("/api/v1/signals", json=body, headers={**desk, "Idempotency-Key": "sig-1"})
    again = client.post("/api/v1/signals", json=body, headers={**desk, "Idempotency-Key": "sig-1"})
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert len(list(client.app.state.services.dossiers.household_ids())) == 1


def test_a_graphql_mutation_with_the_same_key_is_stored_once(client):  # type: ignore[no-untyped-def]
    hid, _, _ = household_in_support(client)
    anna = client.token("client", "person-anna")
    mutation = """mutation($h: String!, $k: String) { addStatement(householdId: $h, personId: "person-anna",
        itemVersion: 2, text: "Dat klopt niet.", idempotencyKey: $k) { __typename ... on Success { version }
        ... on Error { code } } }"""

    def add(key):  # type: ignore[no-untyped-def]
        return client.post("/graphql", json={"query": mutation, "variables": {"h": hid, "k": key}},
                           headers=anna).json()["data"]["addStatement"]

    first = add("st-1")
    count = stored_events(client, hid)
    assert first["__typename"] == "Success" and first["version"] == count
    assert add("st-1") == first
    assert stored_events(client, hid) == count
    assert add(None)["version"] == count + 1
