"""Commands over HTTP: the reason from the body, the actor from the token, the decision logged first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from api.context import RequestContext
from api.idempotency import HEADER, fingerprint, run_once, valid_key
from api.reading import authorise
from api.views import CommandResult
from domain.attribution import Attribution
from domain.errors import ComplaintNotFoundError, DossierErasedError
from domain.vocabulary import CLIENT_SIDE
from privacy.model import Action, Resource, Section


class Reasoned(BaseModel):
    """Every command says why: the reason or legal basis is required and stored in the event."""

    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=1000, description="Reden of wettelijke grondslag van deze handeling",
                        examples=["Wmo 2015 art. 2.3.2: vraagverheldering"])
    occurred_at: AwareDatetime | None = Field(default=None, description="Wanneer het in werkelijkheid gebeurde "
                                              "(met tijdzone); standaard nu")


def attribution(ctx: RequestContext, body: Reasoned, person_id: str | None = None) -> Attribution:
    """Who acts, why, when; a representative acting for the person concerned is recorded as such
    (a professional acts in their own role, never on a client's behalf)."""
    principal = ctx.principal
    on_behalf_of = principal.on_behalf_of
    if on_behalf_of is None and principal.role in CLIENT_SIDE and person_id and person_id != principal.user_id:
        on_behalf_of = person_id
    return Attribution(
        actor_id=principal.user_id,
        actor_role=principal.role,
        reason=body.reason,
        on_behalf_of=on_behalf_of,
        organisation=principal.organisation,
        occurred_at=body.occurred_at or datetime.now(timezone.utc),
    )


def on_household(ctx: RequestContext, household_id: UUID, section: Section, command: Callable[[Attribution], Any],
                 body: Reasoned, *, action: Action = Action.UPDATE, person_id: str | None = None) -> CommandResult:
    """Authorise (and log) a change to one household, run it, report the new version."""
    authorise(ctx, action, Resource(section=section, household_id=household_id, person_id=person_id))

    def run(write: Any) -> dict[str, Any]:
        result = command(attribution(ctx, body, person_id))
        # The version this command wrote (another writer may have added one since).
        return CommandResult(household_id=str(household_id), version=write.version_of(household_id),
                             plan_version=result if isinstance(result, int) else None).model_dump()

    def rebuild(stored: Any) -> dict[str, Any]:
        versions = [v for o, v in stored.written if o == str(household_id)]
        return CommandResult(household_id=str(household_id), version=max(versions, default=None)).model_dump()

    return CommandResult(**exactly_once(ctx, body, run, rebuild))


def exactly_once(ctx: RequestContext, body: BaseModel, run: Callable[[Any], dict[str, Any]],
                 rebuild: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    """The command once per Idempotency-Key (api.idempotency); the body's fingerprint tells a retry from a reuse."""
    request = ctx.request
    key = valid_key(request.headers.get(HEADER))
    print_ = fingerprint(request.method, request.url.path, body.model_dump_json())
    return run_once(ctx, key, print_, run, rebuild)


def on_complaint(ctx: RequestContext, complaint_id: UUID, command: Callable[[Attribution], Any],
                 body: Reasoned) -> CommandResult:
    """Authorise a step in a complaint's handling (decided on the complaint's household), then run it.

    The resource names the complainant, so a client may only steer their own complaint (or one they
    exercise the rights for). An unknown complaint is decided (and logged) like any other: the guard's
    facts find no household, the answer is the same 403.
    """
    try:
        complaint = ctx.dossiers.get_complaint(complaint_id)
    except (ComplaintNotFoundError, DossierErasedError):
        complaint = None  # the guard's own lookup logs the attempt, then answers 403 or "gewist"
    resource = Resource(section=Section.COMPLAINTS, complaint_id=complaint_id,
                        household_id=None if complaint is None else complaint.household_id,
                        person_id=None if complaint is None else complaint.complainant_person_id)
    authorise(ctx, Action.UPDATE, resource)
    if complaint is None:  # only reachable for roles that need no household (the complaint officer)
        raise ComplaintNotFoundError("complaint_exists: no complaint with this id", field="complaint_id")
    def run(write: Any) -> dict[str, Any]:
        command(attribution(ctx, body, complaint.complainant_person_id))
        return CommandResult(complaint_id=str(complaint_id), household_id=str(complaint.household_id),
                             version=write.version_of(complaint_id)).model_dump()

    def rebuild(stored: Any) -> dict[str, Any]:
        versions = [v for o, v in stored.written if o == str(complaint_id)]
        return CommandResult(complaint_id=str(complaint_id), household_id=str(complaint.household_id),
                             version=max(versions, default=None)).model_dump()

    return CommandResult(**exactly_once(ctx, body, run, rebuild))
