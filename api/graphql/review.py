"""Review for the complaint commission and the ombudsman: the complaint, the history as it stood, its proof."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from api.errors import ApiError
from api.graphql.common import ctx_of
from api.graphql.permissions import Reviewer
from api.graphql.review_workspace import ReviewInputError, review_workspace
from api.reading import read
from api.routers.complaints import read_complaint
from api.views import overview
from domain.errors import DossierNotFoundError
from infra.integrity.bundle import bundle_for_household
from privacy.model import Action, Resource, Section
from privacy.redaction import history_view

_FIELD_LABELS = {"id": "Klachtnummer", "complaintId": "Klachtnummer", "householdId": "Huishoudnummer"}


def _uuid(value: str, field: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        label = _FIELD_LABELS.get(field, field)
        raise ReviewInputError(f"{label}: dit is geen geldig nummer. Kies een klacht uit de lijst of plak het "
                               "hele nummer.", field=field, code="invalid_input") from None


@strawberry.type(description="Een klacht en de reikwijdte waarbinnen het dossier getoetst mag worden.")
class ComplaintReview:
    complaint_id: str
    household_id: str
    stage: str
    route: str | None
    about_worker_id: str
    filed_at: datetime | None
    deadline: datetime | None
    scope_from: str | None
    scope_until: str | None


@strawberry.type(description="Het dossier zoals het op een moment was vastgelegd, binnen de reikwijdte.")
class DossierHistory:
    household_id: str
    as_of: datetime
    overview: JSON
    events: JSON


@strawberry.type
class ReviewQuery:
    @strawberry.field(permission_classes=[Reviewer], description="Een klacht met haar reikwijdte.")
    def complaint(self, info: Info, id: str) -> ComplaintReview:
        ctx = ctx_of(info)
        view = read_complaint(ctx, _uuid(id, "id"))
        return ComplaintReview(
            complaint_id=view.complaint_id, household_id=view.household_id, stage=view.stage, route=view.route,
            about_worker_id=view.about_worker_id, filed_at=view.filed_at, deadline=view.deadline,
            scope_from=view.scope_from.isoformat() if view.scope_from else None,
            scope_until=view.scope_until.isoformat() if view.scope_until else None)

    @strawberry.field(permission_classes=[Reviewer],
                      description="De toetsingswerkruimte: de klacht, de dag die getoond wordt (in de reikwijdte) "
                                  "en het dossier met inhoud en namen zoals het die dag was vastgelegd.")
    def review_workspace(self, info: Info, complaint_id: str, on_date: date | None = None) -> JSON:
        ctx = ctx_of(info)
        return review_workspace(ctx, _uuid(complaint_id, "complaintId"), on_date)

    @strawberry.field(permission_classes=[Reviewer],
                      description="Tijdreis: het dossier zoals het op `asOf` was vastgelegd (begrensd door de klacht).")
    def dossier_history(self, info: Info, household_id: str, as_of: datetime,
                        complaint_id: str | None = None) -> DossierHistory:
        ctx = ctx_of(info)
        if as_of.tzinfo is None:
            raise ApiError("asOf: geef een tijd met tijdzone.", field="asOf", code="invalid_input")
        hid = _uuid(household_id, "householdId")
        resource = Resource(section=Section.HISTORY, household_id=hid, as_of=as_of,
                            complaint_id=_uuid(complaint_id, "complaintId") if complaint_id else None)

        def fetch(decision: Any) -> DossierHistory:
            # asOf travels in recorded time; the complaint's scope (privacy/) speaks of world time.
            until = decision.obligations.history_until
            if until is not None and until < as_of:
                dossier = ctx.dossiers.get_dossier_as_occurred(hid, until)
            else:
                try:
                    dossier = ctx.dossiers.get_dossier_as_of(hid, as_of)
                except DossierNotFoundError as exc:
                    if exc.field != "as_of":
                        raise
                    raise ApiError("asOf: op dat moment bestond dit dossier nog niet. Kies een latere datum.",
                                   field="asOf", code="before_dossier") from None
            events = history_view(ctx.dossiers.history(hid), decision, recorded_until=as_of)["items"]
            return DossierHistory(household_id=str(hid), as_of=min(as_of, until) if until else as_of,
                                  overview=overview(dossier).model_dump(mode="json"), events=events)
        return read(ctx, Action.READ, resource, fetch)

    @strawberry.field(permission_classes=[Reviewer],
                      description="Het bewijspakket (hashes en handtekeningen) om de volledigheid te controleren.")
    def verification_bundle(self, info: Info, household_id: str) -> JSON:
        ctx = ctx_of(info)
        hid = _uuid(household_id, "householdId")

        def fetch(decision: Any) -> Any:
            return bundle_for_household(ctx.dossiers, hid)
        return read(ctx, Action.EXPORT, Resource(section=Section.VERIFICATION, household_id=hid), fetch)
