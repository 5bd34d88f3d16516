"""The processing operation a log line belongs to (Logius "Logboek Dataverwerkingen").

An entry point starts one `TraceContext` per request or command (`begin`); every access-log
line written while it runs carries its trace id, its parent operation and its start time, so
the lines of one request can be tied to it and to the caller's `traceparent`. Held in a
context variable (as OpenTelemetry does) so a line can never be written under a fresh trace
by a path that forgot to pass one on.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timezone

# W3C trace-context: version-traceid-parentid-flags; all-zero ids are invalid.
_TRACEPARENT = re.compile(r"^[0-9a-f]{2}-(?!0{32})([0-9a-f]{32})-(?!0{16})([0-9a-f]{16})-[0-9a-f]{2}$")


@dataclass(frozen=True)
class TraceContext:
    trace_id: str
    parent_span_id: str | None = None  # the caller's operation (from `traceparent`), if any
    started_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))


_current: ContextVar[TraceContext | None] = ContextVar("wijkdossier_trace", default=None)


def from_traceparent(header: str | None) -> TraceContext:
    """The caller's trace continued (same trace id, their span as parent), or a new trace."""
    match = _TRACEPARENT.match((header or "").strip().lower())
    if match:
        return TraceContext(trace_id=match.group(1), parent_span_id=match.group(2))
    return TraceContext(trace_id=secrets.token_hex(16))


def begin(context: TraceContext) -> object:
    """Make `context` the current operation; returns the token for `end`."""
    return _current.set(context)


def end(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]


@contextmanager
def operation(context: TraceContext | None = None) -> Iterator[TraceContext]:
    """One operation (a CLI command, a job) with its own trace, restored afterwards."""
    context = context or from_traceparent(None)
    token = begin(context)
    try:
        yield context
    finally:
        end(token)


def active() -> TraceContext | None:
    """The running operation, or None outside any (a log line asks this: it never starts one)."""
    return _current.get()


def current() -> TraceContext:
    """The running operation, or a fresh one for a caller outside any (never None)."""
    context = _current.get()
    if context is None:
        context = from_traceparent(None)
        _current.set(context)
    return context
