"""`verify`: recompute every stream chain, the global chain and every checkpoint.

One pass over the events and chain rows in notification order (paged), merging the two
tables by position. Each problem names the position and what is wrong:

- ``changed``: the stored event (or its chain row) differs from what was chained/signed;
- ``missing``: an event, a chain row or a checkpoint was removed;
- ``reordered``: an event sits at another position than the one it was chained at;
- ``inserted``: an event that was never chained;
- ``bad signature``: a checkpoint's signature does not verify under a published key.

After a problem the scan resynchronises on the stored chain rows, so one tampered event
gives one problem, not a cascade. Events after the last checkpoint are protected by the
chain alone (anyone can extend an unsigned chain); they are counted as `uncovered_events`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from hashlib import sha256
from typing import Any, Protocol
from uuid import UUID

from infra.crypto.envelope import CLEAR_MAGIC, MAGIC, household_of
from infra.integrity.checkpoint import (
    CHECKPOINT_FORMAT,
    CHECKPOINT_FORMATS,
    Checkpoint,
    checkpoint_digest,
    signature_is_valid,
)
from infra.integrity.checkpointing import households_root
from infra.crypto.key_store import KeyStore
from infra.integrity.chain_tables import ChainTables
from infra.integrity.database import Snapshot, StoreDatabase
from infra.integrity.hashing import GENESIS, GLOBAL_PREFIX, STREAM_PREFIX
from infra.integrity.hashing import field as length_prefixed
from infra.integrity.household_tree import HouseholdTree
from infra.integrity.merkle import household_leaf, leaf_hash

CHANGED, MISSING, REORDERED, INSERTED, BAD_SIGNATURE = "changed", "missing", "reordered", "inserted", "bad signature"
MAX_PROBLEMS = 100


class VerifiableStore(Protocol):
    """What verify reads of an `infra.integrity.integrity_store.IntegrityStore` (which calls it:
    a protocol here, so the two modules do not import each other)."""

    db: StoreDatabase
    tables: ChainTables
    key_store: KeyStore
    originator_id_type: str

    def checkpoints(self) -> list[Checkpoint]: ...


class AccessLogVerifier(Protocol):
    """What verify needs from the access log's own chain (all optional to implement well)."""

    def verify(self) -> tuple[int, str] | tuple[int, str, str] | None:
        """None when intact, else (first bad position, kind) or (first bad position, kind, detail):
        the lines' chain and the record of whom each line is about (access_log_subjects)."""

    def confirms(self, position: int, head: str) -> bool:
        """True when the access log's chain link at `position` is `head` (hex)."""


@dataclass(frozen=True)
class Problem:
    """One finding. `where` is "events", "checkpoints" or "access-log"; positions of the
    first two are notification ids of the event log, of the last the access log's own."""

    position: int
    kind: str
    where: str
    detail: str

    def describe(self) -> str:
        return f"{self.where} position {self.position}: {self.kind} ({self.detail})"


@dataclass
class VerificationResult:
    events_checked: int = 0
    streams: int = 0
    checkpoints_checked: int = 0
    uncovered_events: int = 0
    access_log_checked: bool = False
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_problem(self) -> Problem | None:
        """The earliest problem in the event log (events and checkpoints), else the access log's."""
        if not self.problems:
            return None
        order = {"events": 0, "checkpoints": 0, "access-log": 1}
        return min(self.problems, key=lambda p: (order.get(p.where, 2), p.position))

    def add(self, problem: Problem) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)


# Rows of the scan, as tuples in the order selected.
E_POSITION, E_STREAM, E_VERSION, E_TOPIC, E_STATE = range(5)
C_POSITION, C_SEQUENCE, C_STREAM, C_VERSION, C_HOUSEHOLD, C_STREAM_LINK, C_GLOBAL_LINK = range(7)
EventRow = tuple[Any, ...]
ChainRow = tuple[Any, ...]


class _Scan:
    def __init__(self, store: VerifiableStore, result: VerificationResult, snapshot: Snapshot, page_size: int):
        self.store = store
        self.db = store.db
        self.tables = store.tables
        self.result = result
        self.snapshot = snapshot
        self.page_size = page_size
        self.heads: dict[str, tuple[str, int, bytes]] = {}  # stream -> (household, version, link)
        # The households tree of format-2 checkpoints, kept as the pass goes: only households
        # changed since the previous checkpoint are rehashed at the next.
        self.streams_of: dict[str, set[str]] = {}
        self.tree = HouseholdTree()
        self.dirty: dict[str, None] = {}  # changed households, in order of first appearance
        self.previous_global = GENESIS
        self.sequence = 0
        self.last_position = 0
        self.flagged: set[int] = set()
        self._stream_fields: dict[str, bytes] = {}
        self._topic_fields: dict[str, bytes] = {}
        self._headers: dict[str, tuple[bytes, bytes]] = {}
        # PostgreSQL stores ids as uuid (selected as text); SQLite's text is normalised here.
        self._normalise_ids = store.originator_id_type == "uuid" and not self.db.is_postgres

    # -- reading ----------------------------------------------------------------------
    def events(self) -> Iterator[EventRow]:
        pos = self.tables.position_column
        stream = "originator_id::text" if self.db.is_postgres else "originator_id"
        return self.snapshot.rows(
            f"SELECT {pos}, {stream}, originator_version, topic, state "
            f"FROM {self.db.table(self.tables.events)} ORDER BY {pos}",
            batch=self.page_size,
        )

    def chain(self) -> Iterator[ChainRow]:
        return self.snapshot.rows(
            "SELECT position, sequence, originator_id, originator_version, household_id, stream_link, global_link "
            f"FROM {self.db.table(self.tables.chain)} ORDER BY position",
            batch=self.page_size,
        )

    def stream_id(self, raw: Any) -> str:
        if isinstance(raw, UUID):
            return str(raw)
        if self._normalise_ids:
            return str(UUID(raw))
        return str(raw)

    def chained_elsewhere(self, stream: str, version: int) -> int | None:
        row = self.snapshot.one(
            f"SELECT position FROM {self.db.table(self.tables.chain)} WHERE originator_id = ? AND originator_version = ?",
            (stream, version),
        )
        return int(row[0]) if row else None

    def stream_field(self, stream: str) -> bytes:
        found = self._stream_fields[stream] = length_prefixed(stream.encode("utf-8"))
        return found

    def topic_field(self, topic: str) -> bytes:
        found = self._topic_fields[topic] = length_prefixed(topic.encode("utf-8"))
        return found

    # -- checking ---------------------------------------------------------------------
    def flag(self, position: int, kind: str, detail: str, where: str = "events") -> None:
        if where == "events":
            if position in self.flagged:
                return
            self.flagged.add(position)
        self.result.add(Problem(position=position, kind=kind, where=where, detail=detail))

    def resync(self, chain_row: ChainRow) -> None:
        """Continue from what the chain row says, so later rows are judged on their own."""
        stream, household = chain_row[C_STREAM], chain_row[C_HOUSEHOLD]
        before = self.heads.get(stream)
        if before is None or before[0] != household:
            if before is not None:
                self.streams_of[before[0]].discard(stream)
                self.dirty[before[0]] = None
            self.streams_of.setdefault(household, set()).add(stream)
        self.dirty[household] = None
        self.heads[stream] = (household, int(chain_row[C_VERSION]), bytes(chain_row[C_STREAM_LINK]))
        self.previous_global = bytes(chain_row[C_GLOBAL_LINK])
        self.sequence = int(chain_row[C_SEQUENCE])
        self.last_position = int(chain_row[C_POSITION])

    def check_sequence(self, chain_row: ChainRow) -> None:
        sequence = int(chain_row[C_SEQUENCE])
        if sequence > self.sequence + 1:
            self.flag(chain_row[C_POSITION], MISSING, f"{sequence - self.sequence - 1} chained event(s) before this one are gone")
        elif sequence <= self.sequence:
            self.flag(chain_row[C_POSITION], INSERTED, "chain row repeats an earlier sequence number")

    def check_pair(self, event: EventRow, chain_row: ChainRow) -> None:
        position = event[E_POSITION]
        stream = self.stream_id(event[E_STREAM]) if self._normalise_ids else event[E_STREAM]
        version = event[E_VERSION]
        if stream != chain_row[C_STREAM] or version != chain_row[C_VERSION]:
            elsewhere = self.chained_elsewhere(stream, version)
            kind = REORDERED if elsewhere is not None else INSERTED
            self.flag(position, kind, f"event {stream} v{version} is not the one chained here")
            self.resync(chain_row)
            return
        sequence = chain_row[C_SEQUENCE]
        if sequence != self.sequence + 1:
            self.check_sequence(chain_row)
        state = event[E_STATE]
        if type(state) is not bytes:
            state = bytes(state)
        stream_field = self._stream_fields.get(stream) or self.stream_field(stream)
        topic_field = self._topic_fields.get(event[E_TOPIC]) or self.topic_field(event[E_TOPIC])
        # hashing.encode_stored_event, with the id and topic fields kept per stream and topic
        encoded = b"".join((stream_field, version.to_bytes(8, "big", signed=True), topic_field,
                            len(state).to_bytes(4, "big"), state))
        household = chain_row[C_HOUSEHOLD]
        before = self.heads.get(stream)
        head_version, head_link = (before[1], before[2]) if before is not None else (0, GENESIS)
        if version != head_version + 1:
            self.flag(position, MISSING, f"stream {stream} jumps from v{head_version} to v{version}")
        link = chain_row[C_STREAM_LINK]
        if sha256(STREAM_PREFIX + head_link + encoded).digest() != link:
            self.flag(position, CHANGED, f"event {stream} v{version} differs from its stream link")
        elif sha256(GLOBAL_PREFIX + self.previous_global + sequence.to_bytes(8, "big") + encoded).digest() != chain_row[C_GLOBAL_LINK]:
            self.flag(position, CHANGED, f"global link at {stream} v{version} does not follow from the previous one")
        headers = self._headers.get(household) or self.headers(household)
        if not state.startswith(headers) and (household_of(state) or stream) != household:
            self.flag(position, CHANGED, f"household of {stream} v{version} differs from the chain row")
        if before is None or before[0] != household:
            self.resync(chain_row)
            return
        # The common case, resync without its bookkeeping for new or moved streams.
        self.heads[stream] = (household, version, link)
        self.dirty[household] = None
        self.previous_global = chain_row[C_GLOBAL_LINK]
        self.sequence = sequence
        self.last_position = position

    def headers(self, household: str) -> tuple[bytes, bytes]:
        """The two state headers that name `household` (crypto.envelope): a state starting
        with one of them belongs to it, without parsing the header."""
        name = household.encode("utf-8")
        middle = len(name).to_bytes(2, "big") + name
        found = self._headers[household] = (MAGIC + middle, CLEAR_MAGIC + middle)
        return found

    def check_checkpoint(self, checkpoint: Checkpoint, content: dict[str, Any], previous_position: int) -> None:
        position = int(content["position"])
        bad = []
        if int(content["event_count"]) != self.sequence:
            bad.append(f"covers {content['event_count']} events, the chain has {self.sequence} up to here")
        elif content["global_head"] != self.previous_global.hex():
            bad.append("global head differs from the chain")
        households, root = self.households_root(content.get("format"))
        if not bad and (content["households_root"] != root.hex() or int(content["households"]) != households):
            bad.append("household Merkle root differs from the stream heads")
        if bad:
            kind = MISSING if int(content["event_count"]) > self.sequence else CHANGED
            first = (self.last_position + 1) if kind == MISSING else previous_position + 1
            self.flag(first, kind, f"checkpoint {checkpoint.sequence} (position {position}): {bad[0]}", where="checkpoints")


    def households_root(self, checkpoint_format: str | None) -> tuple[int, bytes]:
        if checkpoint_format != CHECKPOINT_FORMAT:  # format 1: sorted by household id, built whole
            return households_root(
                [{"household_id": h, "originator_id": s, "originator_version": v, "stream_link": link}
                 for s, (h, v, link) in self.heads.items()]
            )
        heads = self.heads
        self.tree.apply({
            h: leaf_hash(household_leaf(h, [(s, heads[s][1], heads[s][2]) for s in self.streams_of[h]]))
            for h in self.dirty
        })
        self.dirty.clear()
        return self.tree.size, self.tree.root


def _checkpoint_problems(store: VerifiableStore, checkpoints: list[Checkpoint], result: VerificationResult) -> list[tuple[Checkpoint, dict[str, Any]]]:
    """Signature, sequence and linkage checks; returns the checkpoints whose content can be trusted."""
    keys = store.key_store.public_key_bytes()
    trusted, previous = [], None
    for index, checkpoint in enumerate(checkpoints, start=1):
        try:
            content = json.loads(checkpoint.payload)
            position = int(content["position"])
        except (ValueError, KeyError, TypeError):
            result.add(Problem(0, CHANGED, "checkpoints", f"checkpoint {checkpoint.sequence} is not readable"))
            previous = checkpoint
            continue
        key = keys.get(checkpoint.key_id)
        if key is None or content.get("key_id") != checkpoint.key_id or not signature_is_valid(key, checkpoint.payload, checkpoint.signature):
            result.add(Problem(position, BAD_SIGNATURE, "checkpoints", f"checkpoint {checkpoint.sequence} by key {checkpoint.key_id}"))
            previous = checkpoint
            continue
        if content.get("format") not in CHECKPOINT_FORMATS or int(content["sequence"]) != checkpoint.sequence:
            result.add(Problem(position, CHANGED, "checkpoints", f"checkpoint {checkpoint.sequence} row and payload disagree"))
        elif checkpoint.sequence != index:
            result.add(Problem(position, MISSING, "checkpoints", f"checkpoint {index} is gone"))
        elif (previous is None) != (content["previous"] is None) or (
            previous is not None and content["previous"] != checkpoint_digest(previous.payload).hex()
        ):
            result.add(Problem(position, MISSING, "checkpoints", f"checkpoint {checkpoint.sequence} does not follow its predecessor"))
        trusted.append((checkpoint, content))
        previous = checkpoint
    return trusted


def _scan(scan: _Scan, pending: list[tuple[Checkpoint, dict[str, Any]]]) -> None:
    """Merge events and chain rows by position; settle each checkpoint once the scan has
    reached its position."""
    result = scan.result
    verified_position = 0
    next_checkpoint = int(pending[0][1]["position"]) if pending else None

    def settle(up_to: int | None) -> int | None:
        nonlocal verified_position
        while pending and (up_to is None or int(pending[0][1]["position"]) < up_to):
            checkpoint, content = pending.pop(0)
            scan.check_checkpoint(checkpoint, content, verified_position)
            verified_position = int(content["position"])
        return int(pending[0][1]["position"]) if pending else None

    events, chain = scan.events(), scan.chain()
    event, link = next(events, None), next(chain, None)
    check_pair, paired = scan.check_pair, 0
    while event is not None or link is not None:
        if event is not None and link is not None and event[E_POSITION] == link[C_POSITION]:
            position = event[E_POSITION]
            if next_checkpoint is not None and next_checkpoint < position:
                next_checkpoint = settle(position)
            check_pair(event, link)
            event, link = next(events, None), next(chain, None)
            paired += 1
            continue
        position = min(r[0] for r in (event, link) if r is not None)
        if next_checkpoint is not None and next_checkpoint < position:
            next_checkpoint = settle(position)
        if link is not None and link[C_POSITION] == position:
            scan.check_sequence(link)
            scan.flag(position, MISSING, f"event {link[C_STREAM]} v{link[C_VERSION]} is gone")
            scan.resync(link)
            link = next(chain, None)
        else:
            assert event is not None
            stream, version = scan.stream_id(event[E_STREAM]), int(event[E_VERSION])
            kind = REORDERED if scan.chained_elsewhere(stream, version) is not None else INSERTED
            scan.flag(position, kind, f"event {stream} v{version} has no chain link at this position")
            result.events_checked += 1
            event = next(events, None)
    settle(None)
    result.events_checked += paired


def verify(store: VerifiableStore, *, access_log: AccessLogVerifier | None = None, page_size: int = 2000) -> VerificationResult:
    """Check the whole store; the result's `first_problem` names the first bad position."""
    result = VerificationResult()
    checkpoints = store.checkpoints()
    trusted = _checkpoint_problems(store, checkpoints, result)
    result.checkpoints_checked = len(checkpoints)
    pending = sorted(trusted, key=lambda item: int(item[1]["position"]))
    with store.db.snapshot() as snapshot:
        scan = _Scan(store, result, snapshot, page_size)
        _scan(scan, pending)
    result.streams = len(scan.heads)
    covered = max((int(c["event_count"]) for _, c in trusted), default=0)
    result.uncovered_events = max(0, scan.sequence - covered)

    if access_log is not None:
        result.access_log_checked = True
        finding = access_log.verify()
        if finding is not None:
            detail = str(finding[2]) if len(finding) > 2 else "the access log's chain"
            result.add(Problem(int(finding[0]), str(finding[1]), "access-log", detail))
        # The newest signed commitment suffices: the access log's own chain ties every
        # earlier line to it.
        committed = [(c, content["access_log"]) for c, content in trusted if content.get("access_log")]
        if committed:
            checkpoint, head = committed[-1]
            if not access_log.confirms(int(head["position"]), str(head["head"])):
                result.add(Problem(int(head["position"]), CHANGED, "access-log", f"differs from checkpoint {checkpoint.sequence}"))
    return result
