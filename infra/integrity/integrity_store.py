"""The integrity side of one event store: chain tables, checkpoints, keys, verification.

Reach it from an application with `integrity_of(app)` (`wiring.bootstrap` does, for every
entry point).
"""

from __future__ import annotations

from typing import Any

from infra.crypto.key_store import KeyStore
from infra.integrity.chain_tables import ChainTables
from infra.integrity.checkpoint import CHECKPOINT_FORMAT, Checkpoint, CheckpointPolicy
from infra.integrity.checkpointing import AccessLogHead, CheckpointScheduler, create_checkpoint
from infra.integrity.database import StoreDatabase
from infra.integrity.household_tree import TreeCache, load_tree
from infra.integrity.verify import AccessLogVerifier, VerificationResult, verify


class IntegrityStore:
    """Checkpoints, verification and keys for the events table of one application."""

    def __init__(
        self,
        db: StoreDatabase,
        tables: ChainTables,
        key_store: KeyStore,
        policy: CheckpointPolicy,
        *,
        originator_id_type: str = "uuid",
        access_log_head: AccessLogHead | None = None,
    ):
        self.db = db
        self.tables = tables
        self.key_store = key_store
        self.policy = policy
        self.originator_id_type = originator_id_type
        self.access_log_head = access_log_head
        self.scheduler = CheckpointScheduler(policy, self._scheduled_checkpoint)
        self.trees = TreeCache()

    def set_access_log_head(self, head: AccessLogHead | None) -> None:
        """Let checkpoints commit to the access log's chain head: `head() -> (position, hash)`."""
        self.access_log_head = head

    def after_events_written(self, count: int) -> None:
        """Called by the recorder once a write has committed."""
        self.scheduler.events_written(count)

    def _scheduled_checkpoint(self, only_if_new_events: bool) -> Checkpoint | None:
        return self.create_checkpoint(only_if_new_events=only_if_new_events)

    def create_checkpoint(self, *, only_if_new_events: bool = False) -> Checkpoint | None:
        """Sign a checkpoint over the chain head now (and the access log's head, if known)."""
        self.scheduler.reset()
        return create_checkpoint(
            self.db, self.tables, self.key_store, self.access_log_head, only_if_new_events=only_if_new_events,
            trees=self.trees,
        )

    def inclusion(self, household_id: str) -> tuple[Checkpoint, int, int, list[bytes]] | None:
        """(newest checkpoint, leaf index, tree size, audit path) of the household's leaf, from
        the tree kept for checkpoints; None when the newest checkpoint has no such tree (format
        1, none at all, stored leaves that do not give its root) or does not hold the household:
        a new checkpoint then gives one."""
        t = self.db.table
        with self.trees.lock, self.db.transaction(write=False) as cur:
            if self.db.is_postgres:
                # Newest checkpoint and stored leaves from one snapshot: both are written in one transaction.
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            row = cur.execute(
                f"SELECT sequence, payload, signature, key_id FROM {t(self.tables.checkpoints)} ORDER BY sequence DESC LIMIT 1"
            ).fetchone()
            if row is None:
                return None
            checkpoint = Checkpoint(sequence=int(row["sequence"]), payload=bytes(row["payload"]),
                                    signature=bytes(row["signature"]), key_id=row["key_id"])
            content = checkpoint.content
            if content.get("format") != CHECKPOINT_FORMAT:
                return None
            tree = self.trees.peek(checkpoint.sequence)
            if tree is None:
                tree = load_tree(cur, self.tables, position=checkpoint.position, households=int(content["households"]),
                                 root_hex=str(content["households_root"]))
                if tree is None:
                    return None
                self.trees.put(tree, checkpoint.sequence)
            found = tree.proof(household_id)
            if found is None:
                return None
            return checkpoint, found[0], tree.size, found[1]

    def checkpoints(self) -> list[Checkpoint]:
        """All checkpoints, oldest first."""
        with self.db.transaction(write=False) as cur:
            rows = cur.execute(
                f"SELECT sequence, payload, signature, key_id FROM {self.db.table(self.tables.checkpoints)} ORDER BY sequence"
            ).fetchall()
        return [
            Checkpoint(sequence=int(r["sequence"]), payload=bytes(r["payload"]), signature=bytes(r["signature"]), key_id=r["key_id"])
            for r in rows
        ]

    def verify(self, *, access_log: AccessLogVerifier | None = None, page_size: int = 2000) -> VerificationResult:
        """Check every chain and checkpoint; see infra.integrity.verify.verify."""
        return verify(self, access_log=access_log, page_size=page_size)

    def public_keys(self) -> dict[str, Any]:
        return self.key_store.public_keys()

    def close(self) -> None:
        self.scheduler.close()


def integrity_of(app: Any) -> IntegrityStore:
    """The IntegrityStore of an application opened with infra.store.application_env()."""
    store = getattr(app.recorder, "integrity", None)
    if store is None:
        raise TypeError("this application was not opened with the integrity recorder (see application_env)")
    return store
