"""Erasure by crypto-shredding on both stores: what is allowed, and what is left afterwards."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from domain.attribution import Attribution
from domain.errors import DossierErasedError, NotPermittedError, WrongPhaseError
from infra.integrity.bundle import bundle_for_household
from infra.integrity.erasure import AlreadyErasedError, ErasureRefusedError, erase_household
from infra.integrity.integrity_store import integrity_of
from infra.crypto.key_store import DATA_KEYS
from tests import independent_verifier
from tests.integration.test_integrity_support import (  # noqa: F401 - fixture
    CHILD_NAME,
    HOME_VISIT_NOTE,
    PERSONAL_STRINGS,
    dossiers,
    household,
)

DECISION = "AVG art. 17 besluit 2026-0042"
RETENTION = "bewaartermijn verstreken (Jeugdwet art. 7.3.8)"


def eraser(reason: str = DECISION) -> Attribution:
    """The role the privacy layer names for erasure (DELETE on the overview)."""
    return Attribution(actor_id="pd-noord-01", actor_role="process_director", reason=reason)


def years_from_now(years: float) -> datetime:
    return datetime.now(UTC) + timedelta(days=365.25 * years)


def event_count(app) -> int:  # noqa: ANN001
    return app.recorder.max_notification_id() or 0


def store_bytes(settings) -> bytes:  # noqa: ANN001
    """Everything the store holds on disk (SQLite file and WAL) or in a dump (PostgreSQL)."""
    if settings.is_postgres:
        dump = subprocess.run(
            ["pg_dump", "-h", settings.host, "-p", str(settings.port), "-U", settings.user, "-n", settings.schema,
             settings.dbname],
            check=True, capture_output=True,
        )
        return dump.stdout
    path = Path(settings.sqlite_path)
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def wrapped_key(app, household_id) -> bytes:  # noqa: ANN001
    key_store = integrity_of(app).key_store
    with key_store.db.transaction(write=False) as cur:
        row = cur.execute(f"SELECT wrapped_key FROM {key_store.db.table(DATA_KEYS)} WHERE household_id = ?",
                          (str(household_id),)).fetchone()
    return b"" if row is None or row["wrapped_key"] is None else bytes(row["wrapped_key"])


def test_after_erasure_every_read_says_erased_and_chains_and_checkpoints_still_verify(dossiers) -> None:  # noqa: ANN001, F811
    hid, complaint = household(dossiers, complaint=True)
    other, _ = household(dossiers, child_born=None)
    store = integrity_of(dossiers)
    store.create_checkpoint()
    moment = dossiers.history(hid)[-1].timestamp

    outcome = erase_household(dossiers, hid, by=eraser(), legal_basis=DECISION)
    assert outcome.ground == "erasure_decision" and outcome.decision_reference == "2026-0042"

    for read in (lambda: dossiers.get_dossier(hid), lambda: dossiers.history(hid),
                 lambda: dossiers.get_dossier_as_of(hid, moment), lambda: dossiers.get_dossier(hid, version=2),
                 lambda: dossiers.get_complaint(complaint)):
        with pytest.raises(DossierErasedError, match="dossier_erased"):
            read()
    assert dossiers.get_dossier(other).members  # the neighbours are untouched
    store.create_checkpoint()
    result = store.verify()
    assert result.ok, result.problems
    assert result.checkpoints_checked >= 2 and result.uncovered_events == 0
    bundle = bundle_for_household(dossiers, hid)
    assert independent_verifier.verify(bundle) is None
    dossier_stream = next(s for s in bundle["streams"] if s["stream_id"] == str(hid))
    assert dossier_stream["events"][-1]["topic"].endswith("DossierErased")


def test_after_erasure_the_personal_data_and_its_key_cannot_be_found_in_the_store(dossiers, store_settings) -> None:  # noqa: ANN001, F811
    hid, _ = household(dossiers, complaint=True)
    key_store = integrity_of(dossiers).key_store
    data_key = key_store.data_key_for_reading(str(hid))
    wrapped = wrapped_key(dossiers, hid)
    before = store_bytes(store_settings)
    assert len(wrapped) > 32 and (wrapped in before or wrapped.hex().encode() in before)  # the search can find it

    erase_household(dossiers, hid, by=eraser(), legal_basis=DECISION)

    raw = store_bytes(store_settings)
    for secret in (*PERSONAL_STRINGS, CHILD_NAME, HOME_VISIT_NOTE):
        assert secret.encode() not in raw
    for key_bytes in (data_key, wrapped):
        assert key_bytes not in raw
        assert key_bytes.hex().encode() not in raw  # pg_dump writes bytea as hex
    assert wrapped_key(dossiers, hid) == b""
    assert [entry["action"] for entry in key_store.key_log()][-1] == "data-key-destroyed"


def test_erasure_before_the_retention_period_without_a_decision_is_refused_and_changes_nothing(dossiers) -> None:  # noqa: ANN001, F811
    hid, _ = household(dossiers)
    before = event_count(dossiers)
    with pytest.raises(ErasureRefusedError, match=r"20 years .* runs until \d{4}-\d\d-\d\d.*AVG art\. 17 besluit"):
        erase_household(dossiers, hid, by=eraser(RETENTION), legal_basis=RETENTION)
    with pytest.raises(ErasureRefusedError):
        erase_household(dossiers, hid, by=eraser(RETENTION), legal_basis=RETENTION, now=years_from_now(19.9))
    assert event_count(dossiers) == before
    assert dossiers.get_dossier(hid).members


def test_erasure_is_allowed_once_the_retention_period_of_its_kind_has_passed(dossiers) -> None:  # noqa: ANN001, F811
    youth, _ = household(dossiers)
    adults, _ = household(dossiers, child_born=None)
    with pytest.raises(ErasureRefusedError, match="15 years"):
        erase_household(dossiers, adults, by=eraser(RETENTION), legal_basis=RETENTION, now=years_from_now(14.9))
    adult_outcome = erase_household(dossiers, adults, by=eraser(RETENTION), legal_basis=RETENTION,
                                    now=years_from_now(15.1))
    youth_outcome = erase_household(dossiers, youth, by=eraser(RETENTION), legal_basis=RETENTION,
                                    now=years_from_now(20.1))
    assert (adult_outcome.youth_care, youth_outcome.youth_care) == (False, True)
    assert adult_outcome.ground == youth_outcome.ground == "retention_expired"


def test_a_second_erasure_is_refused_clearly(dossiers) -> None:  # noqa: ANN001, F811
    hid, _ = household(dossiers)
    erase_household(dossiers, hid, by=eraser(), legal_basis=DECISION)
    before = event_count(dossiers)
    with pytest.raises(AlreadyErasedError, match="erased before.*nothing left to erase"):
        erase_household(dossiers, hid, by=eraser(), legal_basis=DECISION)
    assert event_count(dossiers) == before


def test_only_the_roles_named_may_erase_and_an_open_dossier_must_be_closed_first(dossiers) -> None:  # noqa: ANN001, F811
    closed, _ = household(dossiers)
    still_open, _ = household(dossiers, close=False)
    worker = Attribution(actor_id="cd-noord-01", actor_role="case_director", reason=DECISION)
    with pytest.raises(NotPermittedError, match="that is for: process_director"):
        erase_household(dossiers, closed, by=worker, legal_basis=DECISION)
    with pytest.raises(WrongPhaseError, match="close the dossier"):
        erase_household(dossiers, still_open, by=eraser(), legal_basis=DECISION)
    assert not integrity_of(dossiers).key_store.is_erased(str(still_open))


def test_an_erasure_interrupted_after_it_was_recorded_is_completed_by_erasing_again(dossiers) -> None:  # noqa: ANN001, F811
    hid, _ = household(dossiers)
    dossiers.record_erasure(hid, legal_basis=DECISION, by=eraser())  # then the process died
    outcome = erase_household(dossiers, hid, by=eraser(), legal_basis=DECISION)
    assert outcome.erasure_recorded is False
    with pytest.raises(DossierErasedError):
        dossiers.get_dossier(hid)
    names = [n for n in (e["topic"] for s in bundle_for_household(dossiers, hid)["streams"] for e in s["events"])]
    assert sum(name.endswith("DossierErased") for name in names) == 1
