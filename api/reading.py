"""THE one path by which the API reads and acts: the privacy layer's guard decides and logs.

`read()` asks `PrivacyGuard.read` (decide, write exactly one access-log line, then fetch);
`authorise()` does the same for a command before it runs. There is no other decision point in
the API: a refusal, an erased household or an access log that cannot be written come back as
the API's own errors (403, 410, 503) through `api.errors.privacy_error`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from api.context import RequestContext
from api.errors import privacy_error
from domain.errors import DomainError
from privacy.model import Action, Decision, Resource

T = TypeVar("T")


def read(ctx: RequestContext, action: Action, resource: Resource, fetch: Callable[[Decision], T], *,
         subjects: Callable[[Decision], Iterable[str]] | None = None) -> T:
    """Decide, log, then fetch: data leaves only after its access-log line is durable. A list
    passes `subjects`: who is on it, named on its line (`PrivacyGuard.read`)."""
    return _as_api_errors(lambda: ctx.guard.read(ctx.principal, action, resource, ctx.purpose, ctx.channel, fetch,
                                                 trace_id=ctx.trace_id, subjects=subjects))


def read_together(ctx: RequestContext, action: Action, resources: Sequence[Resource],
                  fetch: Callable[[list[Decision]], T]) -> T:
    """One call that shows several sections: each decided, ONE log line naming them all, then fetch."""
    return _as_api_errors(lambda: ctx.guard.read_together(ctx.principal, action, resources, ctx.purpose,
                                                          ctx.channel, fetch, trace_id=ctx.trace_id))


def _as_api_errors(call: Callable[[], T]) -> T:
    """The privacy layer's refusals (403, 410, 503) as the API's own errors."""
    try:
        return call()
    except DomainError as exc:
        translated = privacy_error(exc)
        if translated is None:
            raise
        raise translated from None


def authorise(ctx: RequestContext, action: Action, resource: Resource) -> Decision:
    """Decide and log a command before it runs; a denial raises (after its log line is stored)."""
    return read(ctx, action, resource, lambda decision: decision)
