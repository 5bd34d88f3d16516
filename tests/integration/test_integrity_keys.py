"""Keys and encryption at rest: rotation, re-wrapping, no plaintext on disk, crypto-shredding."""

from __future__ import annotations

import subprocess

import pytest

from infra.crypto.errors import HouseholdErasedError, MasterKeyError
from infra.crypto.master_key import MasterKey, parse_key_text
from infra.integrity.integrity_store import integrity_of
from tests.integration.test_integrity_support import (  # noqa: F401 - fixtures
    PERSONAL_STRINGS,
    Complaint,
    Household,
    app,
    fill,
    integrity,
    master_key,
    new_master_key,
    open_test_app,
    raw,
)


def raw_store_bytes(settings) -> bytes:  # noqa: ANN001
    if settings.is_postgres:
        dump = subprocess.run(
            ["pg_dump", "-h", settings.host, "-U", settings.user, "-n", settings.schema, settings.dbname],
            check=True, capture_output=True, timeout=60,
        )
        return dump.stdout
    path = settings.sqlite_path
    return b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())


def test_the_raw_store_holds_none_of_the_personal_strings(app, store_settings):  # noqa: ANN001, F811
    ids = fill(app)
    assert app.repository.get(ids[0]).name == PERSONAL_STRINGS[0]
    dump = raw_store_bytes(store_settings)
    assert len(dump) > 1000
    for text in PERSONAL_STRINGS:
        assert text.encode() not in dump, text
        assert text.encode("utf-16-le") not in dump


def test_a_complaint_shares_its_households_key_and_is_linked_to_it(app, integrity):  # noqa: ANN001, F811
    household = Household("A", "2000-01-01")
    complaint = Complaint(household.id, "tekst")
    app.save(household, complaint)
    assert integrity.key_store.household_of_stream(str(complaint.id)) == str(household.id)
    assert integrity.key_store.streams_of_household(str(household.id)) == [str(complaint.id)]


def test_rotating_the_signing_key_keeps_old_checkpoints_verifiable(app, integrity):  # noqa: ANN001, F811
    fill(app, households=1)
    old = integrity.create_checkpoint()
    new_key_id = integrity.key_store.rotate_signing_key()
    fill(app, households=1)
    new = integrity.create_checkpoint()
    assert old.key_id != new.key_id == new_key_id
    document = integrity.public_keys()
    statuses = {k["kid"]: k["status"] for k in document["keys"]}
    assert statuses == {old.key_id: "retired", new.key_id: "active"}
    assert integrity.verify().ok


def test_rotating_the_master_key_rewraps_keys_without_touching_events(app, integrity, raw, store_settings):  # noqa: ANN001, F811
    ids = fill(app)
    integrity.create_checkpoint()
    before = raw.rows(f"SELECT * FROM {raw.events} ORDER BY {raw.position}")
    wrapped_before = raw.rows("SELECT household_id, wrapped_key FROM wd_data_keys ORDER BY household_id")
    new_key = new_master_key()
    count = integrity.key_store.rotate_master_key(MasterKey(parse_key_text(new_key)))
    assert count == len(ids) + 1  # data keys plus the signing key
    assert raw.rows(f"SELECT * FROM {raw.events} ORDER BY {raw.position}") == before
    assert raw.rows("SELECT household_id, wrapped_key FROM wd_data_keys ORDER BY household_id") != wrapped_before
    app.close()

    reopened = open_test_app(store_settings, new_key)
    try:
        assert reopened.repository.get(ids[0]).name == PERSONAL_STRINGS[0]
        assert integrity_of(reopened).verify().ok
        integrity_of(reopened).create_checkpoint()  # the signing key unwraps under the new master
    finally:
        reopened.close()


def test_the_old_master_key_no_longer_opens_rewrapped_keys(app, integrity, store_settings, master_key):  # noqa: ANN001, F811
    ids = fill(app, households=1)
    integrity.key_store.rotate_master_key(MasterKey(parse_key_text(new_master_key())))
    app.close()
    stale = open_test_app(store_settings, master_key)
    try:
        with pytest.raises(MasterKeyError, match="verpakt met hoofdsleutel"):
            stale.repository.get(ids[0])
    finally:
        stale.close()


def test_destroying_a_households_key_makes_its_events_unreadable_while_everything_verifies(app, integrity, raw, store_settings):  # noqa: ANN001, F811
    household = Household(PERSONAL_STRINGS[0], PERSONAL_STRINGS[1])
    complaint = Complaint(household.id, PERSONAL_STRINGS[3])
    other = Household("Bewoner 2", "1990-01-01")
    app.save(household, complaint, other)
    integrity.create_checkpoint()
    wrapped = bytes(raw.rows("SELECT wrapped_key FROM wd_data_keys WHERE household_id = ?", (str(household.id),))[0][0])

    assert integrity.key_store.destroy_household_key(str(household.id), reason="decision 2024-17") is True
    assert integrity.key_store.destroy_household_key(str(household.id)) is False

    for aggregate_id in (household.id, complaint.id):
        with pytest.raises(HouseholdErasedError) as caught:
            app.repository.get(aggregate_id)
        assert caught.value.household_id == str(household.id)
    assert app.repository.get(other.id).name == "Bewoner 2"
    with pytest.raises(HouseholdErasedError):
        app.save(Complaint(household.id, "nieuw"))

    assert integrity.verify().ok
    integrity.create_checkpoint()
    assert integrity.verify().ok
    actions = [(r["action"], r["subject"]) for r in integrity.key_store.key_log()]
    assert ("data-key-destroyed", str(household.id)) in actions
    assert wrapped not in raw_store_bytes(store_settings)


def test_an_application_without_a_master_key_is_refused(store_settings, monkeypatch):  # noqa: ANN001
    monkeypatch.delenv("WIJKDOSSIER_MASTER_KEY", raising=False)
    monkeypatch.delenv("WIJKDOSSIER_MASTER_KEY_FILE", raising=False)
    monkeypatch.delenv("WIJKDOSSIER_DEMO", raising=False)
    with pytest.raises(MasterKeyError, match="geen hoofdsleutel"):
        open_test_app(store_settings, "")


def test_demo_mode_generates_a_marked_key_that_is_refused_outside_demo_mode(tmp_path, sqlite_settings):  # noqa: ANN001
    from infra.crypto.master_key import load_master_key

    env = {"WIJKDOSSIER_DEMO": "1", "WIJKDOSSIER_VAR_DIR": str(tmp_path)}
    key = load_master_key(env.get)
    assert key.is_demo and load_master_key(env.get).key == key.key
    demo_file = tmp_path / "demo-master.key"
    assert oct(demo_file.stat().st_mode & 0o777) == "0o600"
    with pytest.raises(MasterKeyError, match="demo"):
        load_master_key({"WIJKDOSSIER_MASTER_KEY_FILE": str(demo_file)}.get)
