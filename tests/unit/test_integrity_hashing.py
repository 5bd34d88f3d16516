"""Hash chain encoding, Merkle trees and inclusion proofs (no I/O)."""

from __future__ import annotations

import hashlib
import random
from uuid import UUID

import pytest

from infra.integrity.hashing import GENESIS, encode_stored_event, global_link, originator_key, stream_link
from infra.integrity.merkle import (
    EMPTY_ROOT,
    MerkleLevels,
    household_leaf,
    inclusion_proof,
    leaf_hash,
    merkle_root,
    node_hash,
    root_from_inclusion_proof,
)

ID = UUID("12345678-1234-5678-1234-567812345678")


def rfc9162_root(leaves: list[bytes]) -> bytes:
    """The RFC's recursive definition, to check the iterative one against."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    return node_hash(rfc9162_root(leaves[:k]), rfc9162_root(leaves[k:]))


def test_an_event_encodes_its_id_version_topic_and_stored_bytes_unambiguously():
    a = encode_stored_event(ID, 1, "t", b"xy")
    assert a == encode_stored_event(str(ID), 1, "t", b"xy")
    assert a != encode_stored_event(ID, 1, "tx", b"y")  # length prefixes keep fields apart
    assert a != encode_stored_event(ID, 2, "t", b"xy")
    assert originator_key(ID) == "12345678-1234-5678-1234-567812345678"


def test_links_depend_on_the_previous_link_and_are_domain_separated():
    encoded = encode_stored_event(ID, 1, "t", b"state")
    first = stream_link(GENESIS, encoded)
    assert stream_link(first, encoded) != first
    assert global_link(GENESIS, 1, encoded) != first
    assert global_link(GENESIS, 1, encoded) != global_link(GENESIS, 2, encoded)
    assert len(first) == 32


@pytest.mark.parametrize("size", range(0, 18))
def test_the_merkle_root_matches_the_rfc_9162_definition(size):
    leaves = [leaf_hash(bytes([i])) for i in range(size)]
    assert merkle_root(leaves) == rfc9162_root(leaves)
    if size == 0:
        assert merkle_root(leaves) == EMPTY_ROOT


@pytest.mark.parametrize("size", [1, 2, 3, 5, 8, 13])
def test_every_leaf_has_an_inclusion_proof_that_rebuilds_the_root(size):
    leaves = [leaf_hash(bytes([i])) for i in range(size)]
    root = merkle_root(leaves)
    for index in range(size):
        proof = inclusion_proof(index, leaves)
        assert root_from_inclusion_proof(index, size, leaves[index], proof) == root
        assert root_from_inclusion_proof(index, size, leaf_hash(b"forged"), proof) != root


def test_a_proof_for_the_wrong_tree_size_is_rejected():
    leaves = [leaf_hash(bytes([i])) for i in range(5)]
    proof = inclusion_proof(4, leaves)
    with pytest.raises(ValueError):
        root_from_inclusion_proof(4, 9, leaves[4], proof)


def test_a_household_leaf_commits_to_every_stream_head_in_stream_order():
    heads = [("b", 2, b"\x02" * 32), ("a", 1, b"\x01" * 32)]
    assert household_leaf("h", heads) == household_leaf("h", list(reversed(heads)))
    assert household_leaf("h", heads) != household_leaf("h", heads[:1])
    assert household_leaf("h", heads) != household_leaf("h", [("b", 3, b"\x02" * 32), heads[1]])


@pytest.mark.parametrize("size", range(0, 40))
def test_a_tree_kept_level_by_level_has_the_rfc_root_and_audit_paths(size):
    leaves = [leaf_hash(bytes([i, size])) for i in range(size)]
    tree = MerkleLevels(leaves)
    assert tree.root == rfc9162_root(leaves)
    for index in range(size):
        assert tree.proof(index) == inclusion_proof(index, leaves)


def test_changing_and_appending_leaves_gives_the_same_tree_as_building_it_anew():
    generator = random.Random(14)
    tree, leaves = MerkleLevels(), []
    for step in range(200):
        changes = {generator.randrange(len(leaves)): leaf_hash(b"c%d" % step) for _ in range(3) if leaves}
        for index, hashed in changes.items():
            leaves[index] = hashed
        appended = [leaf_hash(b"a%d.%d" % (step, k)) for k in range(generator.randint(0, 3))]
        changes.update({len(leaves) + k: hashed for k, hashed in enumerate(appended)})
        leaves.extend(appended)
        tree.update(changes)
        assert (tree.size, tree.root) == (len(leaves), rfc9162_root(leaves)), step
        if leaves:
            index = generator.randrange(len(leaves))
            assert root_from_inclusion_proof(index, len(leaves), leaves[index], tree.proof(index)) == tree.root


def test_a_tree_refuses_a_leaf_that_would_leave_a_hole():
    tree = MerkleLevels([leaf_hash(b"a")])
    with pytest.raises(IndexError):
        tree.update({2: leaf_hash(b"c")})
