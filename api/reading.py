"""THE one path by which the API decides and logs every access (reads and commands alike).

`read()` decides, writes the access-log line, and only then fetches and releases the data;
`authorise()` does the same for a command before it runs. Which decision point answers is
chosen in `decide()`: the interim rules in `api.interim_policy` today; the privacy layer's
guard/decision point when it is wired in (one line there).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from uuid import UUID

from api.context import RequestContext, record_access
from api.errors import AccessDenied
from api.interim_policy import decide_on_household, decide_without_household
from domain.errors import ComplaintNotFoundError, DomainError, DossierNotFoundError
from domain.vocabulary import Role
from privacy.model import Action, Decision, Resource

T = TypeVar("T")

try:  # helper-2's per-household encryption: an erased household reads as "no access"
    from infra.crypto.errors import HouseholdErasedError as _ErasedError
except ImportError:  # pragma: no cover - the crypto package is part of the tree
    _ErasedError = DomainError  # type: ignore[misc,assignment]

REVIEWERS = frozenset({Role.COMPLAINT_COMMISSION, Role.OMBUDSMAN})


def load_dossier_or_none(dossiers: Any, household_id: UUID) -> Any | None:
    try:
        return dossiers.get_dossier(household_id)
    except (DossierNotFoundError, _ErasedError):
        return None


def _complaints_for(ctx: RequestContext, resource: Resource) -> list[Any]:
    if ctx.principal.role not in REVIEWERS:
        return []
    dossiers = ctx.dossiers
    if resource.complaint_id is not None:
        try:
            return [dossiers.get_complaint(resource.complaint_id)]
        except ComplaintNotFoundError:
            return []
    found = []
    for complaint_id in dossiers.complaint_ids():
        complaint = dossiers.get_complaint(complaint_id)
        if complaint.household_id == resource.household_id:
            found.append(complaint)
    return found


def decide(ctx: RequestContext, action: Action, resource: Resource) -> Decision:
    """The decision for one access. Swap point for `privacy.decision.decide`."""
    if resource.household_id is None:
        return decide_without_household(ctx.principal, action, resource)
    dossier = load_dossier_or_none(ctx.dossiers, resource.household_id)
    return decide_on_household(ctx.principal, action, resource, dossier, _complaints_for(ctx, resource))


def authorise(ctx: RequestContext, action: Action, resource: Resource, *, event: str | None = None) -> Decision:
    """Decide and log; a denial raises the uniform 403 (after its log line is stored)."""
    guard = getattr(ctx.request.app.state, "privacy_guard", None)
    if guard is not None:
        # The privacy layer's guard: decides on its facts, writes the one log line, raises on deny.
        try:
            return guard.read(ctx.principal, action, resource, ctx.purpose, ctx.channel, lambda decision: decision,
                              trace_id=ctx.trace_id)
        except DomainError as exc:
            if getattr(exc, "rule", None) == "privacy_decision":
                raise AccessDenied() from None
            raise
    decision = decide(ctx, action, resource)
    record_access(ctx, action, resource, decision, event=event)
    if not decision.permitted:
        raise AccessDenied()
    return decision


def read(ctx: RequestContext, action: Action, resource: Resource, fetch: Callable[[Decision], T], *,
         event: str | None = None) -> T:
    """Decide, log, then fetch: data leaves only after its access-log line is durable."""
    decision = authorise(ctx, action, resource, event=event)
    return fetch(decision)
