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
from typing import TYPE_CHECKING, Any, Protocol
from uuid import UUID

from infra.crypto.envelope import household_of
from infra.integrity.checkpoint import CHECKPOINT_FORMAT, Checkpoint, checkpoint_digest, signature_is_valid
from infra.integrity.checkpointing import households_root
from infra.integrity.hashing import GENESIS, encode_stored_event, global_link, stream_link

if TYPE_CHECKING:
    from infra.integrity.integrity_store import IntegrityStore

CHANGED, MISSING, REORDERED, INSERTED, BAD_SIGNATURE = "changed", "missing", "reordered", "inserted", "bad signature"
MAX_PROBLEMS = 100


class AccessLogVerifier(Protocol):
    """What verify needs from the access log's own chain (all optional to implement well)."""

    def verify(self) -> tuple[int, str] | None:
        """None when intact, else (first bad position, kind)."""

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


class _Scan:
    def __init__(self, store: IntegrityStore, result: VerificationResult, page_size: int):
        self.store = store
        self.db = store.db
        self.tables = store.tables
        self.result = result
        self.page_size = page_size
        self.heads: dict[str, tuple[str, int, bytes]] = {}  # stream -> (household, version, link)
        self.previous_global = GENESIS
        self.sequence = 0
        self.last_position = 0
        self.flagged: set[int] = set()

    # -- reading ----------------------------------------------------------------------
    def _pages(self, statement: str) -> Iterator[dict[str, Any]]:
        after = -1
        while True:
            with self.db.transaction(write=False) as cur:
                rows = cur.execute(statement, (after, self.page_size)).fetchall()
            yield from rows
            if len(rows) < self.page_size:
                return
            after = rows[-1]["position"]

    def events(self) -> Iterator[dict[str, Any]]:
        pos = self.tables.position_column
        return self._pages(
            f"SELECT {pos} AS position, originator_id, originator_version, topic, state "
            f"FROM {self.db.table(self.tables.events)} WHERE {pos} > ? ORDER BY {pos} LIMIT ?"
        )

    def chain(self) -> Iterator[dict[str, Any]]:
        return self._pages(
            "SELECT position, sequence, originator_id, originator_version, household_id, stream_link, global_link "
            f"FROM {self.db.table(self.tables.chain)} WHERE position > ? ORDER BY position LIMIT ?"
        )

    def stream_id(self, raw: Any) -> str:
        if isinstance(raw, UUID):
            return str(raw)
        if self.store.originator_id_type == "uuid" and not self.db.is_postgres:
            return str(UUID(raw))
        return str(raw)

    def chained_elsewhere(self, stream: str, version: int) -> int | None:
        with self.db.transaction(write=False) as cur:
            row = cur.execute(
                f"SELECT position FROM {self.db.table(self.tables.chain)} WHERE originator_id = ? AND originator_version = ?",
                (stream, version),
            ).fetchone()
        return int(row["position"]) if row else None

    # -- checking ---------------------------------------------------------------------
    def flag(self, position: int, kind: str, detail: str, where: str = "events") -> None:
        if where == "events":
            if position in self.flagged:
                return
            self.flagged.add(position)
        self.result.add(Problem(position=position, kind=kind, where=where, detail=detail))

    def resync(self, chain_row: dict[str, Any]) -> None:
        """Continue from what the chain row says, so later rows are judged on their own."""
        self.heads[chain_row["originator_id"]] = (
            chain_row["household_id"], int(chain_row["originator_version"]), bytes(chain_row["stream_link"])
        )
        self.previous_global = bytes(chain_row["global_link"])
        self.sequence = int(chain_row["sequence"])
        self.last_position = int(chain_row["position"])

    def check_sequence(self, chain_row: dict[str, Any]) -> None:
        sequence = int(chain_row["sequence"])
        if sequence > self.sequence + 1:
            self.flag(chain_row["position"], MISSING, f"{sequence - self.sequence - 1} chained event(s) before this one are gone")
        elif sequence <= self.sequence:
            self.flag(chain_row["position"], INSERTED, "chain row repeats an earlier sequence number")

    def check_pair(self, event: dict[str, Any], chain_row: dict[str, Any]) -> None:
        position = int(event["position"])
        stream = self.stream_id(event["originator_id"])
        version = int(event["originator_version"])
        if (stream, version) != (chain_row["originator_id"], int(chain_row["originator_version"])):
            elsewhere = self.chained_elsewhere(stream, version)
            kind = REORDERED if elsewhere is not None else INSERTED
            self.flag(position, kind, f"event {stream} v{version} is not the one chained here")
            self.resync(chain_row)
            return
        self.check_sequence(chain_row)
        state = bytes(event["state"])
        encoded = encode_stored_event(stream, version, event["topic"], state)
        household, head_version, head_link = self.heads.get(stream, (None, 0, GENESIS))
        if version != head_version + 1:
            self.flag(position, MISSING, f"stream {stream} jumps from v{head_version} to v{version}")
        if stream_link(head_link, encoded) != bytes(chain_row["stream_link"]):
            self.flag(position, CHANGED, f"event {stream} v{version} differs from its stream link")
        elif global_link(self.previous_global, int(chain_row["sequence"]), encoded) != bytes(chain_row["global_link"]):
            self.flag(position, CHANGED, f"global link at {stream} v{version} does not follow from the previous one")
        if (household_of(state) or stream) != chain_row["household_id"]:
            self.flag(position, CHANGED, f"household of {stream} v{version} differs from the chain row")
        self.resync(chain_row)

    def check_checkpoint(self, checkpoint: Checkpoint, content: dict[str, Any], previous_position: int) -> None:
        position = int(content["position"])
        bad = []
        if int(content["event_count"]) != self.sequence:
            bad.append(f"covers {content['event_count']} events, the chain has {self.sequence} up to here")
        elif content["global_head"] != self.previous_global.hex():
            bad.append("global head differs from the chain")
        households, root = households_root(
            [{"household_id": h, "originator_id": s, "originator_version": v, "stream_link": link} for s, (h, v, link) in self.heads.items()]
        )
        if not bad and (content["households_root"] != root.hex() or int(content["households"]) != households):
            bad.append("household Merkle root differs from the stream heads")
        if bad:
            kind = MISSING if int(content["event_count"]) > self.sequence else CHANGED
            first = (self.last_position + 1) if kind == MISSING else previous_position + 1
            self.flag(first, kind, f"checkpoint {checkpoint.sequence} (position {position}): {bad[0]}", where="checkpoints")


def _checkpoint_problems(store: IntegrityStore, checkpoints: list[Checkpoint], result: VerificationResult) -> list[tuple[Checkpoint, dict[str, Any]]]:
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
        if content.get("format") != CHECKPOINT_FORMAT or int(content["sequence"]) != checkpoint.sequence:
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


def verify(store: IntegrityStore, *, access_log: AccessLogVerifier | None = None, page_size: int = 2000) -> VerificationResult:
    """Check the whole store; the result's `first_problem` names the first bad position."""
    result = VerificationResult()
    checkpoints = store.checkpoints()
    trusted = _checkpoint_problems(store, checkpoints, result)
    result.checkpoints_checked = len(checkpoints)
    scan = _Scan(store, result, page_size)
    pending = sorted(trusted, key=lambda item: int(item[1]["position"]))
    verified_position = 0

    def settle(up_to: int | None) -> None:
        nonlocal verified_position
        while pending and (up_to is None or int(pending[0][1]["position"]) < up_to):
            checkpoint, content = pending.pop(0)
            scan.check_checkpoint(checkpoint, content, verified_position)
            verified_position = int(content["position"])

    events, chain = scan.events(), scan.chain()
    event, link = next(events, None), next(chain, None)
    while event is not None or link is not None:
        position = min(int(r["position"]) for r in (event, link) if r is not None)
        settle(position)
        if event is not None and link is not None and int(event["position"]) == int(link["position"]):
            scan.check_pair(event, link)
            event, link = next(events, None), next(chain, None)
            result.events_checked += 1
        elif link is not None and int(link["position"]) == position:
            scan.check_sequence(link)
            scan.flag(position, MISSING, f"event {link['originator_id']} v{link['originator_version']} is gone")
            scan.resync(link)
            link = next(chain, None)
        else:
            assert event is not None
            stream, version = scan.stream_id(event["originator_id"]), int(event["originator_version"])
            kind = REORDERED if scan.chained_elsewhere(stream, version) is not None else INSERTED
            scan.flag(position, kind, f"event {stream} v{version} has no chain link at this position")
            result.events_checked += 1
            event = next(events, None)
    settle(None)
    result.streams = len(scan.heads)
    covered = max((int(c["event_count"]) for _, c in trusted), default=0)
    result.uncovered_events = max(0, scan.sequence - covered)

    if access_log is not None:
        result.access_log_checked = True
        finding = access_log.verify()
        if finding is not None:
            result.add(Problem(int(finding[0]), str(finding[1]), "access-log", "the access log's chain"))
        # The newest signed commitment suffices: the access log's own chain ties every
        # earlier line to it.
        committed = [(c, content["access_log"]) for c, content in trusted if content.get("access_log")]
        if committed:
            checkpoint, head = committed[-1]
            if not access_log.confirms(int(head["position"]), str(head["head"])):
                result.add(Problem(int(head["position"]), CHANGED, "access-log", f"differs from checkpoint {checkpoint.sequence}"))
    return result
