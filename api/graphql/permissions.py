"""Who may use a GraphQL field at all: strawberry permission classes over privacy/'s one decision point.

Each field names its surface (`permission_classes=[PortalUser]` or `[Reviewer]`). The class asks the
application's `PrivacyGuard.admit` (`privacy.decision.admit_to_surface` decides), which writes the
refusal's access-log line — one, under the request's trace, naming the person the call names — before
strawberry raises the refusal. A permitted call then goes to its resolver, whose read or act the guard
decides and logs on its own (one line per call). No resolver checks a role itself.
"""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import UUID

from strawberry.permission import BasePermission
from strawberry.types import Info

from api.errors import AccessDenied, ApiError
from api.graphql.common import as_error, ctx_of
from privacy.guard import AccessDeniedError
from privacy.model import Resource, Section, Surface


def _uuid_or_none(value: Any) -> UUID | None:
    """An id argument as a UUID; a malformed one names nothing (the resolver would refuse it anyway)."""
    if value is None:
        return None
    try:
        return UUID(str(value))
    except ValueError:
        return None


class SurfacePermission(BasePermission):
    """Admits the principal to one surface through the guard; a refusal is logged there first."""

    surface: ClassVar[Surface]
    section: ClassVar[Section]  # what the refusal's line says was asked for (the surface's own part)

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        ctx = ctx_of(info)
        # The person and the household (or complaint) the call names are whose data a refusal was
        # about: the guard names the person, or the household's members, as its data subjects.
        resource = Resource(section=self.section, person_id=kwargs.get("person_id"),
                            household_id=_uuid_or_none(kwargs.get("household_id")),
                            complaint_id=_uuid_or_none(kwargs.get("complaint_id", kwargs.get("id"))))
        try:
            ctx.guard.admit(ctx.principal, self.surface, resource, ctx.purpose, ctx.channel)
        except AccessDeniedError:
            return False
        return True

    def refusal(self) -> ApiError:
        raise NotImplementedError

    def on_unauthorized(self) -> None:
        raise self.refusal()


class PortalUser(SurfacePermission):
    """The portal: residents and their legal representatives."""

    surface = Surface.PORTAL
    section = Section.OVERVIEW

    def refusal(self) -> ApiError:
        return ApiError("Het portaal is voor inwoners en hun wettelijk vertegenwoordigers.", code="portal_only")


class PortalUserAct(PortalUser):
    """A portal mutation: its refusal is the typed `Error` it returns for every expected failure.

    strawberry's permission extension answers the field with what `on_unauthorized` returns
    (tests/e2e/test_graphql_permissions.py holds it to that).
    """

    def on_unauthorized(self) -> Any:  # type: ignore[override]
        return as_error(self.refusal())


class Reviewer(SurfacePermission):
    """The review: the complaint commission and the ombudsman."""

    surface = Surface.REVIEW
    section = Section.HISTORY

    def refusal(self) -> ApiError:
        return AccessDenied("Toetsing is voor de klachtencommissie en de ombudsman.")
