"""How GraphQL operations run: parsed and validated once per query text, resolved off the event loop.

The portal sends the same few query documents over and over (persisted in its pages), so a
document that parsed and passed validation once is not parsed or validated again: graphql-core's
validation was ~12% of a portal read. Only passing documents are remembered; a refused one is
validated again each time, so its (translated, mutable) errors are never shared between requests.

Resolvers are synchronous (the privacy guard waits for the access log's commit): run on the event
loop they blocked it, one request at a time, and no two requests' log lines could share a commit.
Here the whole operation runs in a worker thread, so concurrent requests' lines reach the access
log's group commit together. The request's context variables (its trace) go with it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from functools import partial
from typing import Any

import anyio
from strawberry.extensions import SchemaExtension

from domain.reads import reading

# Distinct query texts remembered; the portal and the review use a few dozen.
VALIDATED_DOCUMENTS = 256


class PassedDocuments:
    """Query texts (with the rules they were checked against) that passed validation; bounded, LRU."""

    def __init__(self, maxsize: int = VALIDATED_DOCUMENTS) -> None:
        self.maxsize = maxsize
        self._passed: OrderedDict[tuple[Any, ...], None] = OrderedDict()
        self._lock = threading.Lock()

    def __contains__(self, key: tuple[Any, ...]) -> bool:
        with self._lock:
            if key not in self._passed:
                return False
            self._passed.move_to_end(key)
            return True

    def add(self, key: tuple[Any, ...]) -> None:
        with self._lock:
            self._passed[key] = None
            self._passed.move_to_end(key)
            while len(self._passed) > self.maxsize:
                self._passed.popitem(last=False)


class CachedValidation(SchemaExtension):
    """Skips validation of a query text that passed before against the same rules."""

    def __init__(self, passed: PassedDocuments) -> None:
        super().__init__()
        self.passed = passed

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        key = (context.query, context.validation_rules)
        if context.query is not None and key in self.passed:
            context.pre_execution_errors = []  # strawberry then skips its own validation
            yield
            return
        yield
        if context.query is not None and context.pre_execution_errors == []:
            self.passed.add(key)


class ThreadedExecution:
    """`Schema.execute` as `execute_sync` in a worker thread (mixed into the schema class).

    anyio's default thread limiter (40 at once per event loop, shared with FastAPI's own sync
    routes) bounds how many run together; anyio copies the request's context into the thread."""

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        return await anyio.to_thread.run_sync(partial(self._execute_reading, *args, **kwargs))

    def _execute_reading(self, *args: Any, **kwargs: Any) -> Any:
        with reading():
            return self.execute_sync(*args, **kwargs)  # type: ignore[attr-defined]
