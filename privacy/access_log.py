"""The access log: one entry for every access to personal data, durable before data leaves.

Fields are the NEN 7513 minimum (event, date-time, client, user and the responsible user
on whose behalf, action, data section, access point, outcome, authorisation profile,
emergency flag) plus the Logius "Logboek Dataverwerkingen" fields (trace_id, span_id,
status, processing activity id, data subject id).

Tamper evidence (the format an independent verifier reproduces):

- every stored line has a `position` 1, 2, 3, ... without gaps, a `prev_hash` (the `hash`
  of the line before it, or 64 zeros for line 1) and a `hash`;
- `hash = sha256(prev_hash_hex + "\\n" + canonical_json).hexdigest()`, where
  `canonical_json` is `json.dumps(fields, sort_keys=True, separators=(",", ":"),
  ensure_ascii=False)` encoded as UTF-8 and `fields` holds every entry field (see
  `ENTRY_FIELDS`): `entry_id` as a lowercase hyphenated UUID, `time` as UTC
  `YYYY-MM-DDTHH:MM:SS.ffffffZ`, `emergency` as a JSON boolean, absent values as null —
  except the fields of line format 2 (`ADDED_FIELDS`), which are left out while absent, so
  lines written before them keep their hash.

This module holds the entry model, the port (`AccessLog`) and the chain check
(`verify_chain`); the stores live in `infra.access_log_store`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import secrets
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import MISSING, dataclass, field, fields
from datetime import datetime, timezone
from typing import Any, Literal, TypedDict, Unpack

GENESIS_HASH = "0" * 64
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"

ACTIONS = frozenset({"read", "create", "update", "delete", "export", "print", "search"})
OUTCOMES = frozenset({"permit", "deny"})
STATUSES = frozenset({"ok", "error"})
CHANNELS = frozenset({"api", "graphql", "cli", "portal"})

# Fields that must carry a non-empty string; the rest may be None.
_REQUIRED_TEXT = (
    "event",
    "user_id",
    "user_role",
    "organisation",
    "action",
    "section",
    "channel",
    "outcome",
    "decision_rule",
    "purpose",
    "processing_activity_id",
    "trace_id",
    "span_id",
    "status",
)
_OPTIONAL_TEXT = (
    "person_id",
    "household_id",
    "on_behalf_of",
    "authorisation_profile",
    "data_subject_id",
    "reason",
    "data_subject_ids",
    "legal_basis",
    "legal_reference",
    "parent_span_id",
    "start_time",
    "foreign_entity",
    "foreign_operation_id",
)
REQUIRED_TEXT_FIELDS = frozenset(_REQUIRED_TEXT)  # the stores' NOT NULL text columns
DATA_SUBJECT_SEPARATOR = " "
# The data subject of a line whose subject could not be established (a refused token, a household
# or complaint that does not exist, a refused list): written, so an empty column always means a bug
# and the privacy officer can ask for exactly these lines.
UNKNOWN_SUBJECT = "unknown"
# Line format 2 (LDV complete): absent from lines written before; hashed only when set.
ADDED_FIELDS = frozenset({"data_subject_ids", "legal_basis", "legal_reference", "parent_span_id", "start_time",
                          "foreign_entity", "foreign_operation_id"})
_ENUMS = {"action": ACTIONS, "outcome": OUTCOMES, "status": STATUSES, "channel": CHANNELS}


class AccessLogError(Exception):
    """Base of the access log's errors. Messages never carry personal data."""


class AccessLogWriteError(AccessLogError):
    """An entry could not be stored durably; the request that caused it must fail."""


class InvalidAccessLogEntryError(AccessLogError, ValueError):
    """An entry is incomplete or has a value outside its allowed set (names the field only)."""


def new_trace_id() -> str:
    """A fresh W3C trace-context trace id (32 hex digits), for callers without tracing."""
    return secrets.token_hex(16)


def new_span_id() -> str:
    """A fresh W3C trace-context span id (16 hex digits)."""
    return secrets.token_hex(8)


def utc_now() -> datetime:
    # Microseconds are what both stores keep, so the time survives a round trip exactly.
    return datetime.now(timezone.utc)


def format_time(moment: datetime) -> str:
    """The canonical time text: UTC, fixed width, so text order is time order."""
    utc = moment.astimezone(timezone.utc)
    if utc.year < 1000:  # strftime's %Y does not pad these; keep its text for them
        return utc.strftime(TIME_FORMAT)
    # The same text as TIME_FORMAT, several times faster than strftime (exports format every line).
    return utc.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def parse_time(text: str) -> datetime:
    if len(text) == 27 and text[-1] == "Z" and text[10] == "T":
        # The stored form exactly (see TIME_FORMAT): fromisoformat reads it ~10x faster than strptime.
        return datetime.fromisoformat(text)
    return datetime.strptime(text, TIME_FORMAT).replace(tzinfo=timezone.utc)


@dataclass(frozen=True, kw_only=True)
class AccessLogEntry:
    """One access to personal data (or one denied attempt), as the caller describes it.

    `time` is set by the log when the entry is appended (any value given is replaced), so
    time never runs backwards along the chain. `person_id` is the client whose data was
    touched; `data_subject_id` is the Logius data subject (usually the same person).
    """

    event: str
    user_id: str
    user_role: str
    organisation: str
    action: str
    section: str
    channel: str
    outcome: str
    decision_rule: str
    purpose: str
    processing_activity_id: str
    trace_id: str
    span_id: str
    status: str = "ok"
    person_id: str | None = None
    household_id: str | None = None
    on_behalf_of: str | None = None
    authorisation_profile: str | None = None
    emergency: bool = False
    data_subject_id: str | None = None
    reason: str | None = None
    # Every person whose data the access concerned (space-separated ids), so a per-person query
    # (NEN 7513 "which client", the privacy officer's export, the client's own list) finds
    # household-level reads too.
    data_subject_ids: str | None = None
    legal_basis: str | None = None  # from the register: a DPV term (dpv:PublicInterest, dpv:Consent)
    legal_reference: str | None = None  # the law or the consent it rests on, in words
    parent_span_id: str | None = None  # the calling operation within this trace (LDV parent_operation_id)
    start_time: str | None = None  # when the operation began (LDV start_time; `time` is its end)
    foreign_entity: str | None = None  # LDV foreign_operation: the calling organisation (URI) ...
    foreign_operation_id: str | None = None  # ... and its operation id
    entry_id: uuid.UUID = field(default_factory=uuid.uuid4)
    time: datetime | None = None

    def __post_init__(self) -> None:
        for name in _REQUIRED_TEXT:
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise InvalidAccessLogEntryError(f"access log entry: {name} must be a non-empty string")
        for name in _OPTIONAL_TEXT:
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise InvalidAccessLogEntryError(f"access log entry: {name} must be a string or None")
        for name, allowed in _ENUMS.items():
            if getattr(self, name) not in allowed:
                raise InvalidAccessLogEntryError(
                    f"access log entry: {name} must be one of {', '.join(sorted(allowed))}"
                )
        if not isinstance(self.emergency, bool):
            raise InvalidAccessLogEntryError("access log entry: emergency must be a bool")
        if not isinstance(self.entry_id, uuid.UUID):
            raise InvalidAccessLogEntryError("access log entry: entry_id must be a UUID")
        if self.time is not None:
            if not isinstance(self.time, datetime) or self.time.tzinfo is None:
                raise InvalidAccessLogEntryError("access log entry: time must be timezone-aware")
            object.__setattr__(self, "time", self.time.astimezone(timezone.utc))

    def stamped(self, moment: datetime) -> AccessLogEntry:
        """This entry with the log's time (used by the stores).

        A copy rather than `replace`: the fields were checked when this entry was made, and
        the writer stamps every line of a batch while it holds the log's write lock."""
        if not isinstance(moment, datetime) or moment.tzinfo is None:
            raise InvalidAccessLogEntryError("access log entry: time must be timezone-aware")
        copy = object.__new__(type(self))
        copy.__dict__.update(self.__dict__)
        copy.__dict__["time"] = moment.astimezone(timezone.utc)
        return copy


ENTRY_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(AccessLogEntry))
_DEFAULTS: dict[str, Any] = {f.name: f.default for f in fields(AccessLogEntry) if f.default is not MISSING}


@dataclass(frozen=True)
class StoredAccessLogEntry:
    """An entry as stored: its place in the chain and the entry itself."""

    position: int
    prev_hash: str
    hash: str
    entry: AccessLogEntry


ROW_COLUMNS: tuple[str, ...] = ("position", "prev_hash", "hash", *ENTRY_FIELDS)
"""The order of a line's values in `AccessLog.scan_rows`."""


def row_of(stored: StoredAccessLogEntry) -> tuple[Any, ...]:
    entry = stored.entry
    values = {name: getattr(entry, name) for name in ENTRY_FIELDS}
    values["time"] = format_time(entry.time)
    values["entry_id"] = str(entry.entry_id)
    return (stored.position, stored.prev_hash, stored.hash, *(values[name] for name in ENTRY_FIELDS))


@dataclass(frozen=True)
class ChainRow:
    """A stored line exactly as read back, before any validation (what `verify` checks).

    `fields` maps every name in `ENTRY_FIELDS` to its canonical value (see module doc).
    """

    position: int
    prev_hash: str
    hash: str
    fields: dict[str, Any]


Problem = Literal["changed", "missing", "reordered", "inserted"]


@dataclass(frozen=True)
class VerificationResult:
    """The outcome of walking the chain: ok, or the first bad position and what is wrong."""

    ok: bool
    checked: int
    head_position: int
    head_hash: str
    first_bad_position: int | None = None
    problem: Problem | None = None
    detail: str = ""

    def describe(self) -> str:
        """One line for people and for `wijkdossier verify`."""
        if self.ok:
            return f"access log intact: {self.checked} lines, head {self.head_position} {self.head_hash[:16]}"
        return f"access log position {self.first_bad_position}: {self.problem} ({self.detail})"


def canonical_fields(entry: AccessLogEntry) -> dict[str, Any]:
    """The entry as the canonical dict that is hashed (and stored column by column)."""
    if entry.time is None:
        raise InvalidAccessLogEntryError("access log entry: time must be set before it is stored")
    values: dict[str, Any] = {name: getattr(entry, name) for name in ENTRY_FIELDS}
    values["entry_id"] = str(entry.entry_id)
    values["time"] = format_time(entry.time)
    return values


def entry_from_fields(values: dict[str, Any]) -> AccessLogEntry:
    """Rebuild an entry from its canonical dict (the inverse of `canonical_fields`)."""
    kwargs = dict(values)
    kwargs["entry_id"] = uuid.UUID(kwargs["entry_id"])
    kwargs["time"] = parse_time(kwargs["time"])
    return AccessLogEntry(**kwargs)


def stored_entry_from_fields(values: dict[str, Any]) -> AccessLogEntry:
    """`entry_from_fields` for lines read back from a store, without re-running the checks.

    The checks ran when the line was appended, and whether a stored line is still what was
    appended is the hash chain's question (`verify`), not the reader's. Skipping them makes
    reading a line for an export about three times cheaper. Missing fields take their defaults."""
    entry = object.__new__(AccessLogEntry)
    state = entry.__dict__
    state.update(_DEFAULTS)
    state.update(values)
    state["entry_id"] = uuid.UUID(values["entry_id"])
    state["time"] = parse_time(values["time"])
    return entry


def canonical_json(values: dict[str, Any]) -> bytes:
    # Fields added after the first line format are hashed only when set, so lines written before
    # them verify unchanged.
    values = {k: v for k, v in values.items() if not (v is None and k in ADDED_FIELDS)}
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def chain_hash(prev_hash: str, values: dict[str, Any]) -> str:
    """SHA-256 over the previous link and the canonical JSON of one line's fields."""
    digest = hashlib.sha256()
    digest.update(prev_hash.encode("ascii"))
    digest.update(b"\n")
    digest.update(canonical_json(values))
    return digest.hexdigest()


def verify_chain(
    rows: Iterable[ChainRow],
    position_of_hash: Callable[[str], int | None],
    expected_head: tuple[int, str] | None = None,
) -> VerificationResult:
    """Walk stored lines in position order and report the first one that is wrong.

    - changed: a line's hash does not match its own contents;
    - missing: a gap in positions, or a line that links to a line no longer in the log
      (or, with `expected_head` from a signed checkpoint, the log ends before it);
    - inserted: a line that links correctly to its predecessor but is skipped by the next
      line's link, or that links to nothing while its successor links past it;
    - reordered: a line that links to another line still in the log, just not its predecessor.

    `position_of_hash` looks a hash up anywhere in the log; it is only called once a link
    is already broken, so it may be slow.
    """
    expected_position = 1
    previous_hash = GENESIS_HASH
    before_previous_hash: str | None = None
    checked = 0
    iterator = _Peekable(iter(rows))

    def bad(position: int, problem: Problem, detail: str) -> VerificationResult:
        return VerificationResult(
            ok=False,
            checked=checked,
            head_position=expected_position - 1,
            head_hash=previous_hash,
            first_bad_position=position,
            problem=problem,
            detail=detail,
        )

    for row in iterator:
        if row.position != expected_position:
            if row.position > expected_position:
                return bad(expected_position, "missing", f"next line found is {row.position}")
            return bad(row.position, "reordered", "positions out of order")
        try:
            own_hash = chain_hash(row.prev_hash, row.fields)
        except (TypeError, ValueError, UnicodeError):
            own_hash = None
        if own_hash != row.hash:
            return bad(row.position, "changed", "hash does not match the line's contents")
        if row.prev_hash != previous_hash:
            if before_previous_hash is not None and row.prev_hash == before_previous_hash:
                return bad(row.position - 1, "inserted", "the next line links past this one")
            linked = position_of_hash(row.prev_hash)
            if linked is not None:
                return bad(row.position, "reordered", f"links to line {linked}, not to line {row.position - 1}")
            following = iterator.peek()
            if following is not None and following.prev_hash == previous_hash:
                return bad(row.position, "inserted", "links to no line in the log")
            return bad(row.position, "missing", "links to a line that is not in the log")
        before_previous_hash, previous_hash = previous_hash, row.hash
        expected_position += 1
        checked += 1

    if expected_head is not None:
        head_position, head_hash = expected_head
        last = expected_position - 1
        if head_position > last:
            return bad(last + 1, "missing", f"log ends at {last}, checkpoint covers {head_position}")
        if head_position >= 1 and position_of_hash(head_hash) != head_position:
            return bad(head_position, "changed", "line does not match the checkpoint")
    return VerificationResult(ok=True, checked=checked, head_position=expected_position - 1, head_hash=previous_hash)


class _Peekable(Iterator[ChainRow]):
    def __init__(self, source: Iterator[ChainRow]) -> None:
        self._source = source
        self._buffer: list[ChainRow] = []

    def __next__(self) -> ChainRow:
        if self._buffer:
            return self._buffer.pop()
        return next(self._source)

    def peek(self) -> ChainRow | None:
        if not self._buffer:
            try:
                self._buffer.append(next(self._source))
            except StopIteration:
                return None
        return self._buffer[-1]


class LineFilter(TypedDict, total=False):
    """Which lines a query, scan or export wants: every filter given must match.

    `person_id` matches lines about that person as client or as a data subject (what "who
    accessed my data" needs); `since` is inclusive, `until` exclusive. The one definition of the
    filters: the port and both stores take them as keywords (`**where`)."""

    person_id: str | None
    household_id: str | None
    user_id: str | None
    organisation: str | None
    since: datetime | None
    until: datetime | None
    emergency: bool | None


class AccessLog(ABC):
    """The port the privacy layer writes to and the subject-rights services read from.

    `append` returns only once the entry is durably stored; if it cannot be stored it
    raises `AccessLogWriteError` and the caller must fail the request. No method updates
    or deletes a line.
    """

    def append(self, entry: AccessLogEntry) -> StoredAccessLogEntry:
        """Store one entry durably (time and chain link set by the log) and return it."""
        return self.append_many([entry])[0]

    @abstractmethod
    def append_many(self, entries: Sequence[AccessLogEntry]) -> list[StoredAccessLogEntry]:
        """Store several entries in one commit: all of them, or none (then it raises)."""

    @abstractmethod
    def query(self, *, limit: int | None = None, **where: Unpack[LineFilter]) -> list[StoredAccessLogEntry]:
        """Entries matching every given filter (`LineFilter`), oldest first, at most `limit`."""

    def scan(self, *, batch_size: int = 1000, **where: Unpack[LineFilter]) -> Iterator[list[StoredAccessLogEntry]]:
        """Every entry matching the filters (as `query`), oldest first, in batches of at most
        `batch_size`, with no limit: what an export streams. The stores read from a database
        cursor over one snapshot, so memory stays flat however many lines match; this default
        (for test doubles) reads them all at once."""
        found = self.query(**where)
        for start in range(0, len(found), batch_size):
            yield found[start : start + batch_size]

    def scan_rows(self, *, batch_size: int = 1000, **where: Unpack[LineFilter]) -> Iterator[list[tuple[Any, ...]]]:
        """`scan`, each line as a plain tuple in `ROW_COLUMNS` order, values as stored, with
        `time` as its canonical text (`format_time`), `entry_id` as text and `emergency` true
        or false (SQLite: 1 or 0): for exports that render columns, not objects, and so skip building an entry per
        line. This default (for test doubles) converts `scan`."""
        for batch in self.scan(batch_size=batch_size, **where):
            yield [row_of(stored) for stored in batch]

    def scan_csv(self, columns: Sequence[str], flags: Mapping[str, tuple[str, str]], *, batch_size: int = 1000,
                 **where: Unpack[LineFilter]) -> Iterator[str]:
        """`scan_rows` as CSV text, one chunk per batch: the given `ROW_COLUMNS` in order, each
        of `flags` shown as its (true, false) word, CRLF line ends, RFC 4180 quoting as
        `csv.writer` does it. The stores have the database write the lines; this default (for
        test doubles, and the reference the stores are tested against) uses `csv.writer`."""
        pick = [ROW_COLUMNS.index(column) for column in columns]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        for batch in self.scan_rows(batch_size=batch_size, **where):
            for row in batch:
                values = [row[i] for i in pick]
                for at, column in enumerate(columns):
                    if column in flags:
                        values[at] = flags[column][0 if values[at] else 1]
                writer.writerow(values)
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()

    def subject_ids(self) -> list[str]:
        """Every person some line names (as client or data subject), sorted: who the log knows about.

        The stores read their side table of subjects; this default (for test doubles) walks the lines."""
        found: set[str] = set()
        for batch in self.scan():
            for stored in batch:
                e = stored.entry
                found.update(p for p in (e.person_id, e.data_subject_id, *(e.data_subject_ids or "").split()) if p)
        return sorted(found)

    @abstractmethod
    def head(self) -> tuple[int, str]:
        """The chain head: (last position, its hash), or (0, GENESIS_HASH) when empty."""

    @abstractmethod
    def verify(self, expected_head: tuple[int, str] | None = None) -> VerificationResult:
        """Walk the whole chain; with `expected_head` (from a signed checkpoint) also check
        that the log still holds that line unchanged."""

    @abstractmethod
    def close(self) -> None:
        """Finish pending appends and release connections; later appends raise."""

    def __enter__(self) -> AccessLog:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
