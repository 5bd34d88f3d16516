"""One request's reads: a dossier (and its history) loaded once, however often the request asks.

A portal read asks for the dossier twice, for the privacy decision (its facts) and for the view
it shows, and the view then reads the whole history. Inside `reading()` the application keeps
what it loaded for the rest of the scope, so the decision and the view see the very same version
and the store is asked once. Outside a scope nothing is kept.

What is kept is forgotten as soon as the aggregate is saved (`forget`), so a request that acts
and then reads sees its own act. A scope keeps at most `KEPT` loads (a listing over many
households does not hold them all); beyond that it loads as if there were no scope.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar
from uuid import UUID

T = TypeVar("T")
KEPT = 32

_kept: ContextVar[dict[Hashable, Any] | None] = ContextVar("wijkdossier_reading", default=None)


@contextmanager
def reading() -> Iterator[None]:
    """A request's scope. Nested scopes share the outer one."""
    if _kept.get() is not None:
        yield
        return
    token = _kept.set({})
    try:
        yield
    finally:
        _kept.reset(token)


def once(key: Hashable, load: Callable[[], T]) -> T:
    """`load()`'s result, loaded once per scope for `key` (a failure is not kept: it is raised again)."""
    kept = _kept.get()
    if kept is None:
        return load()
    if key in kept:
        return kept[key]
    value = load()
    if len(kept) < KEPT:
        kept[key] = value
    return value


def forget(aggregate_id: UUID) -> None:
    """Drop whatever the scope kept about one aggregate (it was just changed)."""
    kept = _kept.get()
    if kept:
        for key in [k for k in kept if isinstance(k, tuple) and len(k) > 1 and k[1] == aggregate_id]:
            del kept[key]
