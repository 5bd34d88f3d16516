"""The in-memory dossier cache never outlives an erasure or another process's write."""

from __future__ import annotations

import pytest

from domain.attribution import Attribution
from domain.errors import DossierErasedError
from infra.store import open_application
from infra.integrity.erasure import erase_household
from tests.builders import ADULT, CASE_DIRECTOR, cd, client, pd


@pytest.fixture
def two_processes(store_settings):  # type: ignore[no-untyped-def]
    first, second = open_application(store_settings), open_application(store_settings)
    yield first, second
    first.close()
    second.close()


def closed_household(app):  # type: ignore[no-untyped-def]
    hid = app.receive_signal(source="neighbour", reporter="Buurvrouw", description="Zorgen om buurman",
                             team="noord", by=pd(0))
    app.open_dossier(hid, summary="Zorgen", by=pd(0))
    app.add_member(hid, person_id=ADULT, name="Anna Smit", date_of_birth="1950-02-03", relation="applicant", by=pd(0))
    app.assign_case_director(hid, worker_id=CASE_DIRECTOR, by=pd(0))
    complaint = app.file_complaint(household_id=hid, complainant_person_id=ADULT, about_worker_id=CASE_DIRECTOR,
                                   subject="conduct", description="Niet teruggebeld", by=client(1))
    app.close_dossier(hid, by=cd(2))
    return hid, complaint


def test_a_write_by_another_process_is_seen_by_a_cached_reader(two_processes) -> None:  # type: ignore[no-untyped-def]
    first, second = two_processes
    hid, _ = closed_household(first)
    assert first.get_dossier(hid).phase == "closed"  # now cached in the first process
    second.reopen_after_relapse(hid, case_director_id=CASE_DIRECTOR, by=pd(30))
    assert first.get_dossier(hid).phase == "assessment"


def test_a_dossier_cached_in_one_process_is_unreadable_once_another_process_erases_it(two_processes) -> None:  # type: ignore[no-untyped-def]
    first, second = two_processes
    hid, complaint = closed_household(first)
    assert first.get_dossier(hid).members[ADULT].name == "Anna Smit"
    assert first.get_complaint(complaint).household_id == hid
    eraser = Attribution(actor_id="pd-noord-01", actor_role="process_director", reason="AVG art. 17 besluit 2026-9")
    erase_household(second, hid, by=eraser, legal_basis="AVG art. 17 besluit 2026-9")
    with pytest.raises(DossierErasedError):
        first.get_dossier(hid)
    with pytest.raises(DossierErasedError):
        first.get_complaint(complaint)


def test_a_command_refused_as_stale_leaves_no_trace_in_the_cached_dossier(two_processes) -> None:  # type: ignore[no-untyped-def]
    from domain.errors import ConcurrentChangeError

    first, second = two_processes
    hid = first.receive_signal(source="neighbour", reporter="Buurvrouw", description="Zorgen", team="noord", by=pd(0))
    first.open_dossier(hid, summary="Zorgen", by=pd(0))
    first.add_member(hid, person_id=ADULT, name="Anna Smit", date_of_birth="1950-02-03", relation="applicant", by=pd(0))
    first.assign_case_director(hid, worker_id=CASE_DIRECTOR, by=pd(0))

    def overtaken(dossier):  # type: ignore[no-untyped-def]
        # The command works on the first process's cached dossier; the other process stores first.
        second.record_contact(hid, kind="phone", note="tweede", by=cd(1))
        dossier.record_contact(kind="home_visit", note="eerste", by=cd(1))

    with pytest.raises(ConcurrentChangeError):
        first._change_dossier(hid, overtaken)
    assert [c.kind for c in first.get_dossier(hid).contacts] == ["phone"]
    first.record_contact(hid, kind="home_visit", by=cd(2))
    assert [c.kind for c in first.get_dossier(hid).contacts] == ["phone", "home_visit"]
