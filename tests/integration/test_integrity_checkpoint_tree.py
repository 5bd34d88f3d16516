"""The households tree that checkpoints carry forward (infra.integrity.household_tree) is at
every checkpoint exactly the tree the document defines, also across processes, after its
stored leaves were damaged, and after checkpoints of the earlier format."""

from __future__ import annotations

import json

from infra.integrity.bundle import bundle_for_household
from infra.integrity.checkpoint import build_payload, checkpoint_digest
from infra.integrity.checkpointing import households_root
from infra.integrity.integrity_store import integrity_of
from infra.integrity.merkle import household_leaf, leaf_hash, merkle_root
from tests import independent_verifier
from tests.integration.test_integrity_support import (  # noqa: F401 - fixtures
    Household,
    app,
    fill,
    integrity,
    master_key,
    open_test_app,
    raw,
)


def defined_tree(raw, position):  # noqa: ANN001, ANN201
    """(households, root) as docs/verification-bundle.md section 3 defines them for format 2,
    computed from the chain rows alone: leaves in order of each household's first chain row,
    each over its streams' heads at `position`."""
    rows = raw.rows(
        f"SELECT position, originator_id, originator_version, household_id, stream_link FROM {raw.chain} "
        "WHERE position <= ? ORDER BY position", (position,))
    order: dict[str, None] = {}
    heads: dict[str, dict[str, tuple[str, int, bytes]]] = {}
    for _, stream, version, household, link in rows:
        order.setdefault(household, None)
        heads.setdefault(household, {})[stream] = (stream, int(version), bytes(link))
    leaves = [leaf_hash(household_leaf(h, heads[h].values())) for h in order]
    return len(leaves), merkle_root(leaves)


def assert_every_checkpoint_has_the_defined_tree(store, raw):  # noqa: ANN001
    checkpoints = store.checkpoints()
    assert checkpoints
    for checkpoint in checkpoints:
        content = checkpoint.content
        if content["format"] != "wijkdossier-checkpoint/2":
            continue
        households, root = defined_tree(raw, checkpoint.position)
        assert (content["households"], content["households_root"]) == (households, root.hex()), checkpoint.sequence


def more_notes(app, count: int) -> None:  # noqa: ANN001
    for n in range(count):
        household = Household(f"Nieuw {n}", "1990-01-01")
        household.add_note("eerste notitie")
        app.save(household)


def test_each_checkpoint_brings_the_tree_forward_to_the_defined_one(app, integrity, raw):  # noqa: ANN001, F811
    fill(app, households=4)  # a checkpoint every 5 events: new households and changed ones between them
    more_notes(app, 3)
    integrity.create_checkpoint()
    assert len(integrity.checkpoints()) >= 4
    assert_every_checkpoint_has_the_defined_tree(integrity, raw)
    assert integrity.verify().ok


def test_another_process_continues_from_the_stored_leaves(app, integrity, raw, store_settings, master_key):  # noqa: ANN001, F811
    fill(app, households=2)
    integrity.create_checkpoint()
    other = open_test_app(store_settings, master_key, WIJKDOSSIER_CHECKPOINT_EVERY_EVENTS="0")
    try:
        more_notes(other, 2)
        integrity_of(other).create_checkpoint()  # starts from the table: its own cache is empty
        more_notes(app, 1)
        integrity.create_checkpoint()  # its cache is one checkpoint behind: it reads the table
    finally:
        other.close()
    assert_every_checkpoint_has_the_defined_tree(integrity, raw)
    assert integrity.verify().ok


def test_damaged_stored_leaves_are_rebuilt_from_the_chain(app, integrity, raw, store_settings, master_key):  # noqa: ANN001, F811
    fill(app, households=3)
    integrity.create_checkpoint()
    leaves = integrity.tables.leaves
    raw.run(f"UPDATE {leaves} SET leaf_hash = ?", (bytes(32),))
    raw.run(f"DELETE FROM {leaves} WHERE leaf_index = 0")
    other = open_test_app(store_settings, master_key, WIJKDOSSIER_CHECKPOINT_EVERY_EVENTS="0")
    try:
        more_notes(other, 1)
        integrity_of(other).create_checkpoint()
    finally:
        other.close()
    assert_every_checkpoint_has_the_defined_tree(integrity, raw)
    assert integrity.verify().ok


def sign_format_1_checkpoint(store, *, root: bytes | None = None):  # noqa: ANN001
    """A checkpoint as the store made them before format 2: households sorted by id (or the
    `root` given, as a store that signed a wrong tree would)."""
    t = store.db.table
    key_id, private_key = store.key_store.signing_key()
    with store.db.transaction(write=True) as cur:
        head = cur.execute(f"SELECT position, sequence, global_link FROM {t(store.tables.chain)} "
                           "ORDER BY sequence DESC LIMIT 1").fetchone()
        heads = cur.execute(f"SELECT originator_id, household_id, originator_version, stream_link "
                            f"FROM {t(store.tables.heads)}").fetchall()
        last = cur.execute(f"SELECT sequence, payload FROM {t(store.tables.checkpoints)} "
                           "ORDER BY sequence DESC LIMIT 1").fetchone()
        households, sorted_root = households_root(heads)
        sequence = int(last["sequence"]) + 1 if last else 1
        content = json.loads(build_payload(
            sequence=sequence, position=int(head["position"]), event_count=int(head["sequence"]),
            global_head=bytes(head["global_link"]), households=households, households_root=root or sorted_root,
            previous=checkpoint_digest(bytes(last["payload"])) if last else None, key_id=key_id, access_log=None))
        content["format"] = "wijkdossier-checkpoint/1"
        payload = json.dumps(content, sort_keys=True, separators=(",", ":")).encode("utf-8")
        cur.execute(f"INSERT INTO {t(store.tables.checkpoints)} (sequence, position, payload, signature, key_id) "
                    "VALUES (?, ?, ?, ?, ?)", (sequence, int(head["position"]), payload, private_key.sign(payload), key_id))
    return sequence


def test_format_1_checkpoints_still_verify_and_the_next_one_builds_the_tree_anew(app, integrity, raw):  # noqa: ANN001, F811
    ids = fill(app, households=3)
    sign_format_1_checkpoint(integrity)
    more_notes(app, 2)
    bundle = bundle_for_household(app, ids[0])  # the newest checkpoint is format 1: a new one is made
    formats = [c.content["format"] for c in integrity.checkpoints()]
    assert "wijkdossier-checkpoint/1" in formats and formats[-1] == "wijkdossier-checkpoint/2"
    assert json.loads(__import__("base64").b64decode(bundle["checkpoint"]["payload"]))["format"] == formats[-1]
    assert independent_verifier.verify(bundle) is None
    assert_every_checkpoint_has_the_defined_tree(integrity, raw)
    result = integrity.verify()
    assert result.ok, result.problems


def test_a_format_1_checkpoint_over_a_wrong_tree_is_still_caught(app, integrity):  # noqa: ANN001, F811
    fill(app, households=2)
    sequence = sign_format_1_checkpoint(integrity, root=bytes(32))
    problem = integrity.verify().first_problem
    assert problem is not None and problem.where == "checkpoints"
    assert f"checkpoint {sequence} " in problem.detail and "Merkle root" in problem.detail


def test_a_scan_stopped_early_leaves_no_reading_thread_behind(app, integrity):  # noqa: ANN001, F811
    import threading

    fill(app, households=3)
    position = integrity.tables.position_column
    with integrity.db.snapshot() as snapshot:
        rows = snapshot.rows(f"SELECT {position} FROM {integrity.db.table(integrity.tables.events)} "
                             f"ORDER BY {position}", batch=2)
        first = next(rows)
    assert first[0] >= 1
    assert not [t for t in threading.enumerate() if t.name == "wd-scan-prefetch"]
    assert integrity.verify().ok  # the connection went back to the pool usable
