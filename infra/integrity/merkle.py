"""Merkle tree hashing and inclusion proofs as in RFC 9162 (section 2.1).

Leaves are hashed as SHA-256(0x00 ‖ data), inner nodes as SHA-256(0x01 ‖ left ‖ right);
the tree over n leaves splits at the largest power of two below n. The checkpoint commits
to one leaf per household (see `household_leaf`); `MerkleLevels` keeps such a tree so that
changing or appending a leaf costs log2(n) hashes, not a new tree.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from infra.integrity.hashing import field

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def household_leaf(household_id: str, stream_heads: Iterable[tuple[str, int, bytes]]) -> bytes:
    """The leaf data for one household: its id and the head of each of its streams.

    `stream_heads` holds (stream id, head version, head stream link); they are sorted by
    stream id here, so a bundle that leaves out one of the household's streams fails.
    """
    heads = sorted(stream_heads, key=lambda head: head[0].encode("utf-8"))
    data = field(household_id.encode("utf-8")) + len(heads).to_bytes(4, "big")
    for stream_id, version, link in heads:
        data += field(stream_id.encode("utf-8")) + int(version).to_bytes(8, "big", signed=True) + link
    return data


def merkle_root(leaf_hashes: Sequence[bytes]) -> bytes:
    """RFC 9162 MTH over already hashed leaves.

    Pairing level by level and promoting an odd last node unchanged gives the same tree as
    the RFC's recursive split at the largest power of two.
    """
    if not leaf_hashes:
        return EMPTY_ROOT
    level = list(leaf_hashes)
    while len(level) > 1:
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


def inclusion_proof(index: int, leaf_hashes: Sequence[bytes]) -> list[bytes]:
    """The audit path for leaf `index` (RFC 9162 PATH), ordered from the leaf upwards."""
    if not 0 <= index < len(leaf_hashes):
        raise IndexError("leaf index outside the tree")
    return _path(index, list(leaf_hashes))


def _path(index: int, leaves: list[bytes]) -> list[bytes]:
    n = len(leaves)
    if n == 1:
        return []
    k = 1 << ((n - 1).bit_length() - 1)
    if index < k:
        return _path(index, leaves[:k]) + [merkle_root(leaves[k:])]
    return _path(index - k, leaves[k:]) + [merkle_root(leaves[:k])]


def root_from_inclusion_proof(index: int, tree_size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes:
    """Recompute the root from a leaf hash and its audit path (RFC 9162 section 2.1.3.2)."""
    if not 0 <= index < tree_size:
        raise ValueError("leaf index outside the tree")
    fn, sn = index, tree_size - 1
    result = leaf
    for sibling in proof:
        if sn == 0:
            raise ValueError("inclusion proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            result = node_hash(sibling, result)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            result = node_hash(result, sibling)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ValueError("inclusion proof is shorter than the tree is deep")
    return result


class MerkleLevels:
    """An RFC 9162 tree kept level by level: level 0 holds the leaf hashes, each next level
    pairs the one below and promotes an odd last node unchanged (the same tree as the RFC's
    split, see `merkle_root`). Changing k leaves or appending them rehashes only their paths
    to the root, k·log2(n) hashes, which keeps a checkpoint's cost flat in the tree's size.
    """

    __slots__ = ("levels",)

    def __init__(self, leaf_hashes: Sequence[bytes] = ()) -> None:
        self.levels: list[list[bytes]] = [list(leaf_hashes)]
        self._rehash(set(range(len(self.levels[0]))))

    @property
    def size(self) -> int:
        return len(self.levels[0])

    @property
    def root(self) -> bytes:
        if not self.levels[0]:
            return EMPTY_ROOT
        return self.levels[-1][0]

    def update(self, changes: dict[int, bytes]) -> None:
        """Set leaf `index` to its new hash; an index equal to the size appends (new leaves
        must follow each other: 0..size-1 change, size, size+1, … append)."""
        leaves = self.levels[0]
        for index in sorted(changes):
            if index < len(leaves):
                leaves[index] = changes[index]
            elif index == len(leaves):
                leaves.append(changes[index])
            else:
                raise IndexError(f"leaf {index} would leave a hole after leaf {len(leaves) - 1}")
        self._rehash(set(changes))

    def _rehash(self, dirty: set[int]) -> None:
        level = 0
        while len(self.levels[level]) > 1:
            below = self.levels[level]
            if level + 1 == len(self.levels):
                self.levels.append([])
            above = self.levels[level + 1]
            wanted = (len(below) + 1) // 2
            if len(above) < wanted:
                above.extend([b""] * (wanted - len(above)))
            parents = {i >> 1 for i in dirty}
            for parent in parents:
                left = 2 * parent
                above[parent] = node_hash(below[left], below[left + 1]) if left + 1 < len(below) else below[left]
            dirty = parents
            level += 1
        del self.levels[level + 1 :]  # a tree that grew keeps no stale level above its root

    def proof(self, index: int) -> list[bytes]:
        """The audit path of leaf `index` (RFC 9162 PATH), from the leaf upwards: the sibling
        at each level, none where the node is promoted."""
        if not 0 <= index < self.size:
            raise IndexError("leaf index outside the tree")
        path = []
        for level in self.levels[:-1]:
            sibling = index ^ 1
            if sibling < len(level):
                path.append(level[sibling])
            index >>= 1
        return path
