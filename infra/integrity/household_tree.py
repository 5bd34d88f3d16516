"""The households tree of a checkpoint (format 2), kept from one checkpoint to the next.

One leaf per household, in the order of the household's first chain row (notification
order): a household keeps its leaf index for good and a new one is appended, so a checkpoint
rehashes only the households whose streams changed since the previous checkpoint —
k·log2(n) hashes and a read of the chain rows since then — instead of reading every stream
head and building the whole tree again, which grew with the number of households.

The leaves as of the newest checkpoint are stored in `<events>_leaves`, written in the
checkpoint's own transaction. Each process keeps the tree in memory (`TreeCache`) and reads
the table only when another process made the newest checkpoint. The table is a cache, not
evidence: a loaded tree must reproduce the newest checkpoint's signed root and size, else it
is rebuilt from the chain; `verify` never reads it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from infra.integrity.chain_tables import ChainTables
from infra.integrity.database import Cursor
from infra.integrity.merkle import MerkleLevels, household_leaf, leaf_hash

IN_LIST = 500  # ids per IN (…) list: well under SQLite's limit on bound parameters


@dataclass
class HouseholdTree:
    """Leaf index per household, the tree, and the notification id it is as of."""

    index: dict[str, int] = field(default_factory=dict)
    levels: MerkleLevels = field(default_factory=MerkleLevels)
    position: int = 0

    @property
    def size(self) -> int:
        return self.levels.size

    @property
    def root(self) -> bytes:
        return self.levels.root

    def apply(self, leaves: dict[str, bytes]) -> None:
        """New leaf hashes of changed households; a household not in the tree yet is
        appended, in the order of `leaves` (which is the order of first appearance)."""
        changes = {}
        for household, hashed in leaves.items():
            index = self.index.get(household)
            if index is None:
                index = self.index[household] = len(self.index)
            changes[index] = hashed
        self.levels.update(changes)

    def proof(self, household: str) -> tuple[int, list[bytes]] | None:
        index = self.index.get(household)
        if index is None:
            return None
        return index, self.levels.proof(index)


class TreeCache:
    """One process's tree as of one checkpoint sequence; `lock` orders its users."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.tree: HouseholdTree | None = None
        self.sequence: int | None = None

    def take(self, sequence: int) -> HouseholdTree | None:
        """The cached tree if it is as of checkpoint `sequence`; the cache is empty until
        `put` (a failed checkpoint must not leave a half-updated tree behind)."""
        tree, matches = self.tree, self.sequence == sequence
        self.tree, self.sequence = None, None
        return tree if matches else None

    def peek(self, sequence: int) -> HouseholdTree | None:
        return self.tree if self.sequence == sequence else None

    def put(self, tree: HouseholdTree, sequence: int) -> None:
        self.tree, self.sequence = tree, sequence


def load_tree(cur: Cursor, tables: ChainTables, *, position: int, households: int, root_hex: str) -> HouseholdTree | None:
    """The stored leaves as a tree, if they are exactly the tree of the checkpoint that
    says (`households`, `root_hex`) at `position`; None otherwise."""
    rows = cur.execute(
        f"SELECT household_id, leaf_index, leaf_hash FROM {cur.database.table(tables.leaves)} ORDER BY leaf_index"
    ).fetchall()
    if len(rows) != households or any(int(row["leaf_index"]) != i for i, row in enumerate(rows)):
        return None
    tree = HouseholdTree(
        index={row["household_id"]: i for i, row in enumerate(rows)},
        levels=MerkleLevels([bytes(row["leaf_hash"]) for row in rows]),
        position=position,
    )
    return tree if tree.root.hex() == root_hex else None


def advance(cur: Cursor, tables: ChainTables, tree: HouseholdTree, up_to: int) -> dict[str, bytes]:
    """Bring `tree` from its position to `up_to` (within the cursor's snapshot); returns the
    changed leaves, for `store_leaves`."""
    db = cur.database
    rows = cur.execute(
        f"SELECT household_id FROM {db.table(tables.chain)} WHERE position > ? AND position <= ? ORDER BY position",
        (tree.position, up_to),
    ).fetchall()
    changed = list(dict.fromkeys(row["household_id"] for row in rows))  # first appearance order
    heads = _heads_of(cur, tables, changed, everything=tree.position == 0)
    leaves = {h: leaf_hash(household_leaf(h, heads.get(h, ()))) for h in changed}
    tree.apply(leaves)
    tree.position = up_to
    return leaves


def _heads_of(cur: Cursor, tables: ChainTables, households: list[str], *, everything: bool) -> dict[str, list[tuple[str, int, bytes]]]:
    db = cur.database
    select = f"SELECT originator_id, household_id, originator_version, stream_link FROM {db.table(tables.heads)}"
    if everything:
        batches: Iterable[list[dict[str, Any]]] = [cur.execute(select).fetchall()]
    else:
        batches = (
            cur.execute(f"{select} WHERE household_id IN ({','.join('?' * len(part))})", part).fetchall()
            for part in (households[i : i + IN_LIST] for i in range(0, len(households), IN_LIST))
        )
    grouped: dict[str, list[tuple[str, int, bytes]]] = {}
    for batch in batches:
        for head in batch:
            grouped.setdefault(head["household_id"], []).append(
                (head["originator_id"], int(head["originator_version"]), bytes(head["stream_link"]))
            )
    return grouped


def store_leaves(cur: Cursor, tables: ChainTables, tree: HouseholdTree, leaves: dict[str, bytes], *, replace: bool) -> None:
    """Write the changed leaves (every leaf when `replace`) in the checkpoint's transaction."""
    t = cur.database.table(tables.leaves)
    if replace:
        cur.execute(f"DELETE FROM {t}")
    cur.executemany(
        f"INSERT INTO {t} (household_id, leaf_index, leaf_hash) VALUES (?, ?, ?) "
        "ON CONFLICT (household_id) DO UPDATE SET leaf_hash = excluded.leaf_hash",
        [(h, tree.index[h], hashed) for h, hashed in leaves.items()],
    )
