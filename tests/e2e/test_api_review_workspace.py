"""GraphQL `reviewWorkspace`: the day is kept inside the complaint's scope and says when it moved; date
errors are Dutch and name the control; names stand beside the ids; the reviewer's own read is logged."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from tests.app_support import prepare_environment, running_app
from tests.e2e.test_api_privacy_path import complaint_in_commission
from tests.e2e.test_api_rest import household_in_support

QUERY = "query($c: String!, $d: Date) { reviewWorkspace(complaintId: $c, onDate: $d) }"


@pytest.fixture
def client(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    prepare_environment(monkeypatch)
    with running_app(tmp_path) as c:
        yield c


@pytest.fixture
def review(client):  # type: ignore[no-untyped-def]
    """A household whose story happened ten days ago but is recorded now, a complaint with the commission;
    `ask(day)` reads its workspace."""
    hid, _pd, _cd = household_in_support(client, occurred_at=(datetime.now(timezone.utc) - timedelta(days=10)).isoformat())
    complaint_id = complaint_in_commission(client, hid)
    commission = client.token("complaint_commission", "kc-1", team=None)

    def ask(day: str | None) -> dict:  # type: ignore[type-arg]
        return client.post("/graphql", json={"query": QUERY, "variables": {"c": complaint_id, "d": day}},
                           headers=commission).json()
    return ask


def test_without_a_day_the_end_of_the_scope_is_shown_and_the_page_is_told_so(review) -> None:  # type: ignore[no-untyped-def]
    body = review(None)
    assert "errors" not in body, body
    workspace = body["data"]["reviewWorkspace"]
    assert workspace["day"]["shown"] == workspace["scope"]["until"]
    assert "U koos geen datum" in workspace["day"]["moved"]
    kinds = [e["type"] for e in workspace["events"]]
    assert kinds[:2] == ["SignalReceived", "DossierOpened"] and "PlanVersionAdopted" in kinds
    assert workspace["names"]["persons"] == {"person-anna": "Anna"}
    assert [e["type"] for e in workspace["course"]] == ["ComplaintFiled", "ReferredToCommission"]
    assert workspace["reviewer"]["user_id"] == "kc-1" and workspace["reviewer"]["role"] == "complaint_commission"
    # Both times travel with every item: here it happened ten days before it was recorded.
    first = workspace["events"][0]
    recorded, occurred = datetime.fromisoformat(first["recorded_at"]), datetime.fromisoformat(first["occurred_at"])
    assert timedelta(days=9) < recorded - occurred < timedelta(days=11)


def test_a_day_after_the_scope_is_moved_into_it_and_says_so(review) -> None:  # type: ignore[no-untyped-def]
    workspace = review((date.today() + timedelta(days=30)).isoformat())["data"]["reviewWorkspace"]
    assert workspace["day"]["shown"] == workspace["scope"]["until"]
    assert "ligt na de reikwijdte van de klacht" in workspace["day"]["moved"]


def test_a_day_on_which_nothing_was_recorded_yet_is_a_dutch_error_on_the_date(review) -> None:  # type: ignore[no-untyped-def]
    # It happened ten days ago but was recorded today: five days ago the record held nothing yet.
    five_days_ago = (datetime.now(timezone.utc) - timedelta(days=5)).date().isoformat()
    error = review(five_days_ago)["errors"][0]
    assert "was er in dit dossier nog niets vastgelegd" in error["message"]
    assert error["extensions"] == {"field": "onDate", "code": "before_dossier"}


def test_a_day_long_before_the_dossier_is_a_dutch_error_on_the_date(review) -> None:  # type: ignore[no-untyped-def]
    body = review("2001-01-01")
    assert body["data"] is None
    error = body["errors"][0]
    assert error["message"].startswith("Datum: op 1 januari 2001 was er in dit dossier nog niets vastgelegd. Kies ")
    assert error["extensions"] == {"field": "onDate", "code": "before_dossier"}


@pytest.mark.parametrize("day", ["2026-13-45", "morgen", "1-3-2026", ""])
def test_a_date_that_is_not_a_date_is_a_dutch_error_on_the_date(review, day) -> None:  # type: ignore[no-untyped-def]
    # onDate is a Date: the scalar refuses the value, and the schema says so in Dutch with the form to use.
    body = review(day)
    assert body.get("data") is None
    [error] = body["errors"]
    assert error["message"] == ("Datum (onDate): dit is geen geldige datum. Schrijf de datum als JJJJ-MM-DD, "
                                "bijvoorbeeld 2026-03-01.")
    assert error["extensions"] == {"field": "onDate", "code": "invalid_date"}


def test_a_date_written_in_the_query_itself_is_refused_in_dutch_too(client) -> None:  # type: ignore[no-untyped-def]
    commission = client.token("complaint_commission", "kc-1", team=None)
    query = '{ reviewWorkspace(complaintId: "00000000-0000-4000-8000-000000000001", onDate: "31-12-2026") }'
    [error] = client.post("/graphql", json={"query": query}, headers=commission).json()["errors"]
    assert error["message"].startswith("Datum (onDate): dit is geen geldige datum. Schrijf de datum als JJJJ-MM-DD")
    assert error["extensions"] == {"field": "onDate", "code": "invalid_date"}


def test_dossier_history_before_the_dossier_existed_answers_in_dutch(client) -> None:  # type: ignore[no-untyped-def]
    hid, _pd, _cd = household_in_support(client)
    complaint_in_commission(client, hid)
    commission = client.token("complaint_commission", "kc-1", team=None)
    body = client.post("/graphql", headers=commission, json={
        "query": '{ dossierHistory(householdId: "%s", asOf: "2001-01-01T00:00:00Z") { asOf } }' % hid}).json()
    assert body["errors"][0]["message"] == "asOf: op dat moment bestond dit dossier nog niet. Kies een latere datum."
    wrong = client.post("/graphql", headers=commission, json={
        "query": '{ dossierHistory(householdId: "%s", asOf: "gisteren") { asOf } }' % hid}).json()
    [error] = wrong["errors"]
    assert error["message"].startswith("Moment (asOf): dit is geen geldig tijdstip. Schrijf het als JJJJ-MM-DDTuu:mm:ss")
    assert error["extensions"] == {"field": "asOf", "code": "invalid_datetime"}
