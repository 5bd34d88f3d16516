"""Making checkpoints: reading a consistent chain head and signing it, and the policy timer."""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Callable
from typing import Any

import psycopg
from eventsourcing.persistence import PersistenceError

from infra.crypto.errors import CryptoError
from infra.crypto.key_store import KeyStore
from infra.integrity.chain_tables import ChainTables
from infra.integrity.checkpoint import CHECKPOINT_FORMAT, Checkpoint, CheckpointPolicy, build_payload, checkpoint_digest
from infra.integrity.database import Cursor, StoreDatabase
from infra.integrity.household_tree import HouseholdTree, TreeCache, advance, load_tree, store_leaves
from infra.integrity.merkle import household_leaf, leaf_hash, merkle_root

log = logging.getLogger(__name__)

AccessLogHead = Callable[[], "tuple[int, bytes | str] | None"]


def households_root(stream_heads: list[dict[str, Any]]) -> tuple[int, bytes]:
    """(number of households, Merkle root) over the heads of all streams, grouped by household
    and sorted by household id: the tree of format-1 checkpoints, which `verify` still checks."""
    grouped: dict[str, list[tuple[str, int, bytes]]] = {}
    for head in stream_heads:
        grouped.setdefault(head["household_id"], []).append(
            (head["originator_id"], int(head["originator_version"]), bytes(head["stream_link"]))
        )
    order = sorted(grouped, key=lambda h: h.encode("utf-8"))
    return len(order), merkle_root([leaf_hash(household_leaf(h, grouped[h])) for h in order])


def create_checkpoint(
    db: StoreDatabase,
    tables: ChainTables,
    key_store: KeyStore,
    access_log_head: AccessLogHead | None = None,
    *,
    only_if_new_events: bool = False,
    trees: TreeCache | None = None,
) -> Checkpoint | None:
    """Sign a checkpoint over the current chain head (None when `only_if_new_events` and
    nothing was written since the last one).

    The households tree is brought forward from the previous checkpoint's (`trees` keeps it
    between calls; see infra.integrity.household_tree), so the cost follows the events
    since the previous checkpoint, not the number of households."""
    trees = trees or TreeCache()
    key_id, private_key = key_store.signing_key()
    access = access_log_head() if access_log_head is not None else None
    t = db.table
    with trees.lock, db.transaction(write=True) as cur:
        if db.is_postgres:
            # One snapshot for chain head and stream heads; the lock orders checkpoint makers.
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cur.execute(f"LOCK TABLE {t(tables.checkpoints)} IN EXCLUSIVE MODE")
        last = cur.execute(
            f"SELECT sequence, payload FROM {t(tables.checkpoints)} ORDER BY sequence DESC LIMIT 1"
        ).fetchone()
        head = cur.execute(
            f"SELECT position, sequence, global_link FROM {t(tables.chain)} ORDER BY sequence DESC LIMIT 1"
        ).fetchone()
        event_count = int(head["sequence"]) if head else 0
        previous_payload = bytes(last["payload"]) if last else None
        previous = json.loads(previous_payload) if previous_payload is not None else None
        if only_if_new_events and previous is not None and int(previous["event_count"]) >= event_count:
            return None
        tree = _tree_after(cur, tables, trees, int(last["sequence"]) if last else 0, previous)
        rebuilt = tree.position == 0
        position = int(head["position"]) if head else 0
        leaves = advance(cur, tables, tree, position)
        store_leaves(cur, tables, tree, leaves, replace=rebuilt)
        sequence = int(last["sequence"]) + 1 if last else 1
        payload = build_payload(
            sequence=sequence,
            position=position,
            event_count=event_count,
            global_head=bytes(head["global_link"]) if head else bytes(32),
            households=tree.size,
            households_root=tree.root,
            previous=checkpoint_digest(previous_payload) if previous_payload else None,
            key_id=key_id,
            access_log=access,
        )
        signature = private_key.sign(payload)
        cur.execute(
            f"INSERT INTO {t(tables.checkpoints)} (sequence, position, payload, signature, key_id) VALUES (?, ?, ?, ?, ?)",
            (sequence, position, payload, signature, key_id),
        )
    trees.put(tree, sequence)  # committed: the tree is the new checkpoint's
    return Checkpoint(sequence=sequence, payload=payload, signature=signature, key_id=key_id)


def _tree_after(cur: Cursor, tables: ChainTables, trees: TreeCache, sequence: int, content: dict[str, Any] | None) -> HouseholdTree:
    """The households tree of checkpoint `sequence`, to bring forward from there; an empty
    tree at position 0 (a rebuild from the whole chain) when there is none to start from:
    no checkpoint yet, a format-1 checkpoint, or stored leaves that do not give its root."""
    cached = trees.take(sequence)
    if content is None or content.get("format") != CHECKPOINT_FORMAT:
        return HouseholdTree()
    if cached is not None:
        return cached
    loaded = load_tree(cur, tables, position=int(content["position"]), households=int(content["households"]),
                       root_hex=str(content["households_root"]))
    if loaded is None:
        log.warning("stored households tree does not match checkpoint %s; rebuilding it from the chain", sequence)
        return HouseholdTree()
    return loaded


class CheckpointScheduler:
    """Applies the CheckpointPolicy after writes: every N events at once, and a timer so
    no event waits longer than T seconds for a signature."""

    def __init__(self, policy: CheckpointPolicy, make: Callable[[bool], object]):
        """`make(only_if_new_events)` creates a checkpoint."""
        self.policy = policy
        self._make = make
        self._since_last = 0
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self._closed = False

    def reset(self) -> None:
        with self._lock:
            self._since_last = 0

    def events_written(self, count: int) -> None:
        with self._lock:
            self._since_last += count
            due = self.policy.every_events > 0 and self._since_last >= self.policy.every_events
            if self.policy.every_seconds > 0 and self._timer is None and not self._closed:
                self._timer = threading.Timer(self.policy.every_seconds, self._timer_fired)
                self._timer.daemon = True
                self._timer.start()
        if due:
            self._run(only_if_new_events=False)

    def _timer_fired(self) -> None:
        with self._lock:
            self._timer = None
        self._run(only_if_new_events=True)

    def _run(self, *, only_if_new_events: bool) -> None:
        # The events are committed already: a failed checkpoint must not turn a successful
        # save into an error. It is logged; the next trigger (or `wijkdossier checkpoint`) retries.
        if self._closed:
            return
        try:
            self._make(only_if_new_events)
        except (PersistenceError, CryptoError, psycopg.Error, sqlite3.Error) as exc:
            log.error("checkpoint not made: %s", type(exc).__name__)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
