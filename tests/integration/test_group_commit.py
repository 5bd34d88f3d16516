"""Group commit on PostgreSQL: saves share transactions, yet order and optimistic concurrency
stay exactly what one transaction per save would give."""

from __future__ import annotations

import random
import threading
from uuid import UUID

import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent

from infra.store import open_application
from infra.integrity.group_commit import PendingSave, refuse_stale
from infra.integrity.verify import verify
from tests.builders import ADULT, CASE_DIRECTOR, cd, pd

THREADS, ATTEMPTS, HOUSEHOLDS = 8, 40, 3


def _household(app) -> UUID:  # type: ignore[no-untyped-def]
    hid = app.receive_signal(source="gp", reporter="huisarts", description="Zorgen", team="noord", by=pd(0))
    app.open_dossier(hid, summary="vraag", by=pd(0))
    app.add_member(hid, person_id=ADULT, name="Anna", date_of_birth="1979-05-01", relation="parent", by=pd(0))
    app.assign_case_director(hid, worker_id=CASE_DIRECTOR, by=pd(0.1))
    return hid


def _contacts(app, hid) -> tuple[list, list]:  # type: ignore[no-untyped-def]
    """The dossier's contacts and the notes of its contact events, in version order."""
    notes = [(e.originator_version, e.note) for e in app.events.get(hid) if hasattr(e, "note")]
    return app.get_dossier(hid).contacts, notes


@pytest.mark.postgres
def test_eight_writers_with_conflicting_commands_leave_the_store_a_serial_replay_would(
        postgres_settings, sqlite_settings) -> None:
    app = open_application(postgres_settings)
    try:
        households = [_household(app) for _ in range(HOUSEHOLDS)]
        start = app.recorder.max_notification_id() or 0
        accepted: list[str] = []
        refused: list[str] = []
        lock = threading.Lock()
        gate = threading.Barrier(THREADS)

        def writer(n: int) -> None:
            rng = random.Random(n)
            gate.wait()
            for attempt in range(ATTEMPTS):
                token = f"w{n}-{attempt}"
                hid = households[rng.randrange(HOUSEHOLDS)]
                dossier = app.get_dossier(hid)
                dossier.record_contact(kind="phone", note=token, by=cd(1))
                if rng.random() < 0.5:
                    threading.Event().wait(rng.random() / 500)  # widen the window for a conflict
                try:
                    app.save(dossier)
                except IntegrityError:
                    with lock:
                        refused.append(token)
                else:
                    with lock:
                        accepted.append(token)

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        committer = app.recorder.group_commit
        assert refused, "the interleaving produced no conflicting command"
        assert committer.groups < committer.saves  # saves did share transactions
        notifications = app.recorder.select_notifications(start + 1, limit=10_000)
        # Gap-free notification ids, one event per accepted command and none for a refused one.
        assert [n.id for n in notifications] == list(range(start + 1, start + 1 + len(accepted)))
        in_log = [app.mapper.to_domain_event(n).note for n in notifications]
        assert sorted(in_log) == sorted(accepted) and not set(in_log) & set(refused)
        assert verify(app.recorder.integrity).ok

        # The same accepted commands, one at a time in log order, on a fresh store.
        serial = open_application(sqlite_settings)
        try:
            replayed = [_household(serial) for _ in range(HOUSEHOLDS)]
            by_id = dict(zip(households, replayed))
            for notification in notifications:
                note = app.mapper.to_domain_event(notification).note
                serial.record_contact(by_id[UUID(str(notification.originator_id))], kind="phone", note=note,
                                      by=cd(1))
            for hid in households:
                assert _contacts(app, hid) == _contacts(serial, by_id[hid])
                assert app.get_dossier(hid).version == serial.get_dossier(by_id[hid]).version
        finally:
            serial.close()
    finally:
        app.close()


def _save(stream: str, *versions: int) -> PendingSave:
    return PendingSave([StoredEvent(stream, v, "t", b"") for v in versions], {})


def test_a_stale_save_is_refused_and_the_others_in_its_group_go_on() -> None:
    a_fresh, a_stale, b_new, a_next, b_dup = (_save("a", 4), _save("a", 4), _save("b", 1, 2), _save("a", 5),
                                              _save("b", 2))
    heads = {"a": 3}
    assert refuse_stale([a_fresh, a_stale, b_new, a_next, b_dup], heads) == [a_fresh, b_new, a_next]
    assert isinstance(a_stale.error, IntegrityError) and isinstance(b_dup.error, IntegrityError)
    assert heads == {"a": 5, "b": 2}
    assert refuse_stale([_save("a", 2)], {"a": 3})[0:] == []
