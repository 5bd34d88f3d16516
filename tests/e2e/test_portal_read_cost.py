"""What one portal read costs the store (issue 14, target 2), counted, not timed: the dossier is
loaded once for the decision and the view, the read leaves exactly one access-log line, and
finding the reader's household never replays every household, also while the view lags."""

from __future__ import annotations

from collections import Counter
from typing import Any
from uuid import UUID

import pytest

from tests.app_support import prepare_environment, running_app
from tests.e2e.test_api_rest import household_in_support, post

DOSSIER = "{ myDossier { householdId version sections { section withheldItems } acts } }"


@pytest.fixture
def client(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    prepare_environment(monkeypatch)
    with running_app(tmp_path) as c:
        yield c


def _other_households(client: Any, count: int) -> list[str]:
    """Households of other people, each with a member, so a scan would have to touch them."""
    cd = client.token("case_director", "cd-noord-01")
    made = []
    for n in range(count):
        signal = post(client, "/signals", client.token("front_desk_volunteer", "fd-1"), source="gp",
                      reporter="huisarts", description="Zorgen over de huur")
        hid = signal.json()["household_id"]
        pd = client.token("process_director", "pd-noord-01")
        assert post(client, f"/households/{hid}/open", pd, summary="vraag").status_code == 200
        assert post(client, f"/households/{hid}/case-director", pd, worker_id="cd-noord-01").status_code == 200
        assert post(client, f"/households/{hid}/members", cd, person_id=f"person-other-{n}", name="Iemand",
                    date_of_birth="1970-01-01", relation="applicant").status_code == 200
        made.append(hid)
    return made


class _Counted:
    """Counts the store's loads during one request: dossiers by id, histories by id, decoded events."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, app: Any) -> None:
        self.dossiers: Counter[UUID] = Counter()
        self.histories: Counter[UUID] = Counter()
        self.decoded: Counter[str] = Counter()
        self.scans = 0
        repository_get, events_get, decode = app.repository.get, app.events.get, app.mapper.to_domain_event

        def counted_get(*args: Any, **kwargs: Any) -> Any:
            self.dossiers[UUID(str(kwargs.get("aggregate_id", args[0] if args else None)))] += 1
            return repository_get(*args, **kwargs)

        def counted_events(*args: Any, **kwargs: Any) -> Any:
            if kwargs.get("gt") is None:  # a whole history, not the cache catching up on new events
                self.histories[UUID(str(kwargs.get("originator_id", args[0] if args else None)))] += 1
            return events_get(*args, **kwargs)

        def counted_decode(stored: Any) -> Any:
            self.decoded[str(stored.originator_id)] += 1
            return decode(stored)

        def scan(*_args: Any, **_kwargs: Any) -> Any:
            self.scans += 1
            raise AssertionError("a read listed every household")

        monkeypatch.setattr(app.repository, "get", counted_get)
        monkeypatch.setattr(app.events, "get", counted_events)
        monkeypatch.setattr(app.mapper, "to_domain_event", counted_decode)
        monkeypatch.setattr(app, "household_ids", scan)
        monkeypatch.setattr(app, "complaint_ids", scan)


def test_a_portal_read_loads_the_dossier_once_and_leaves_one_line(client, monkeypatch):  # type: ignore[no-untyped-def]
    hid, _pd, _cd = household_in_support(client)
    _other_households(client, 3)
    services = client.app.state.services
    assert services.runners.wait_until_current(30)
    anna = client.token("client", "person-anna")
    lines_before = services.access_log.head()[0]
    counted = _Counted(monkeypatch, services.dossiers)

    response = client.post("/graphql", json={"query": DOSSIER}, headers=anna)

    assert response.status_code == 200 and "errors" not in response.json(), response.text
    assert response.json()["data"]["myDossier"]["householdId"] == hid
    assert services.access_log.head()[0] == lines_before + 1
    # Once for the decision's facts and the view together; its history once for the view.
    assert counted.dossiers == Counter({UUID(hid): 1})
    assert counted.histories == Counter({UUID(hid): 1})
    assert counted.scans == 0


def test_the_same_query_twice_is_answered_alike_and_logged_twice(client):  # type: ignore[no-untyped-def]
    # The second request's document comes from the parse and validation caches.
    hid, _pd, _cd = household_in_support(client)
    anna = client.token("client", "person-anna")
    log = client.app.state.services.access_log
    before = log.head()[0]
    first = client.post("/graphql", json={"query": DOSSIER}, headers=anna).json()
    second = client.post("/graphql", json={"query": DOSSIER}, headers=anna).json()
    assert first == second and first["data"]["myDossier"]["householdId"] == hid
    assert log.head()[0] == before + 2


def test_finding_the_readers_household_while_the_view_lags_reads_only_the_tail(client, monkeypatch):  # type: ignore[no-untyped-def]
    others = _other_households(client, 4)
    services = client.app.state.services
    assert services.runners.wait_until_current(30)
    services.runners.stop()  # the caseload view stays where it is: everything after is its lag
    hid, _pd, _cd = household_in_support(client)
    counted = _Counted(monkeypatch, services.dossiers)

    response = client.post("/graphql", json={"query": "{ me { householdIds } myDossier { householdId } }"},
                           headers=client.token("client", "person-anna"))

    assert response.status_code == 200 and "errors" not in response.json(), response.text
    assert response.json()["data"]["me"]["householdIds"] == [hid]
    assert response.json()["data"]["myDossier"]["householdId"] == hid
    assert counted.scans == 0
    # Only the events the view has not applied were decoded; none of the households it had.
    assert set(counted.decoded) <= {hid}
    assert not {UUID(h) for h in others} & (set(counted.dossiers) | set(counted.histories))
