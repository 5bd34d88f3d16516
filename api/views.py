"""What leaves the API about a dossier: plain values per section, with the decision's obligations applied.

Redacted persons' items are left out; items withheld from the reader are replaced by a marker
(`{"withheld": true, "version": n}`) so the reader knows something is there but not what.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_serializer


class OverviewView(BaseModel):
    """Phase, team and who directs: no personal content."""

    household_id: str
    version: int
    phase: str
    team: str
    case_director: str | None = None
    process_director: str | None = None
    tandem_workers: list[str] = Field(default_factory=list)
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    first_contact_within_term: bool | None = None
    zrm_version: str
    erased: bool = False


class SectionView(BaseModel):
    """One section of a dossier as the reader may see it."""

    household_id: str
    section: str
    version: int
    items: list[dict[str, Any]]
    withheld_section: bool = False


# Values as the privacy path releases them: ISO 8601 text (privacy.redaction.json_ready), unchanged here.
Timestamp = Annotated[str, Field(json_schema_extra={"format": "date-time"}, description="Tijdstip (ISO 8601)")]
Day = Annotated[str, Field(json_schema_extra={"format": "date"}, description="Datum (JJJJ-MM-DD)")]


class Released(BaseModel):
    """A value as the privacy path or a read model made it, typed: a field it did not set is not sent
    (not even as null), and a field it adds later is passed on, not dropped."""

    model_config = ConfigDict(extra="allow")

    # No return annotation: pydantic then documents the model's own fields, not `Any`.
    @model_serializer(mode="wrap")
    def _as_released(self, handler):  # type: ignore[no-untyped-def]
        data = handler(self)
        extra = self.__pydantic_extra__ or {}
        return {k: v for k, v in data.items() if k in self.model_fields_set or k in extra}


class SectionItem(Released):
    """What every item of a section may carry besides its own fields.

    An item the reader may not see whole comes as a marker: `withheld: true` with `status: withheld`,
    or, for another member, `status: not_shown`, each with a Dutch `reason`. In a section of several
    lists `kind` says which list an item is from. A marker stays a marker (see `Released`).
    """

    version: int | None = Field(default=None, description="De versie van het dossier waarin dit is vastgelegd.")
    status: str | None = Field(default=None, description="De stand van het item, of `withheld` / `not_shown`.")
    withheld: bool | None = Field(default=None, description="Waar als dit item voor u is achtergehouden.")
    reason: str | None = Field(default=None, description="Waarom een item is achtergehouden of niet getoond.")


# Field blocks several items share, each said once (the item models combine them).

class AboutAPerson(Released):
    person_id: str | None = Field(default=None, description="Over welk lid van het huishouden dit gaat.")


class Assessed(Released):
    assessed_at: Timestamp | None = None


class AboutAnItem(Released):
    item_version: int | None = Field(default=None, description="De versie van het item waar dit over gaat.")


class Decided(Released):
    decided_by: str | None = None
    decided_at: Timestamp | None = None


class ActionFields(Released):
    """An action of the plan: in the plan's content and in the list of actions with their stand."""

    action_id: str | None = None
    description: str | None = None
    owner_kind: str | None = None
    owner_name: str | None = None
    due_on: Day | None = None
    goal_id: str | None = None


class MemberItem(SectionItem, AboutAPerson):
    name: str | None = None
    date_of_birth: Day | None = None
    relation: str | None = None
    joined_on: Day | None = None
    left_on: Day | None = None


class ContactItem(SectionItem):
    kind: str | None = Field(default=None, description="Soort contact (telefoon, huisbezoek, ...).")
    outcome: str | None = None
    with_person_ids: list[str] | None = None
    at: Timestamp | None = None
    by: str | None = Field(default=None, description="Wie het contact had.")


class ZrmItem(SectionItem, AboutAPerson, Assessed):
    zrm_version: str | None = None
    scores: dict[str, int] | None = Field(default=None, description="Score (1-5) per ZRM-domein dat u mag zien.")
    assessor: str | None = None


class LadderItem(SectionItem, AboutAPerson, Assessed):
    level: int | None = Field(default=None, description="Trede op de participatieladder (1-6).")


class ChildSafetyItem(SectionItem, Assessed):
    meldcode_step: int | None = None
    outcome: str | None = None


class PlanGoal(Released):
    goal_id: str | None = None
    text: str | None = None
    member_ids: list[str] = Field(default_factory=list)


class PlanAction(ActionFields):
    pass


class PlanContent(Released):
    problems: list[str] = Field(default_factory=list)
    goals: list[PlanGoal] = Field(default_factory=list)
    results: list[str] = Field(default_factory=list)
    solutions: list[str] = Field(default_factory=list)
    actions: list[PlanAction] = Field(default_factory=list)


class PlanVersionItem(SectionItem):
    plan_version: int | None = None
    plan: PlanContent | None = None
    adopted_at: Timestamp | None = None
    agreed_by: list[str] | None = Field(default=None, description="Wie van het huishouden met deze versie instemde.")


class ActionItem(SectionItem, ActionFields):
    plan_version: int | None = None
    finished_at: Timestamp | None = None


class ReferralItem(SectionItem, AboutAPerson, Decided):
    referral_id: str | None = None
    kind: str | None = None
    provision: str | None = None
    requested_at: Timestamp | None = None


class WorkerChangeItem(SectionItem, AboutAPerson):
    request_id: str | None = None
    requested_at: Timestamp | None = None
    current_worker: str | None = None


class EvaluationItem(SectionItem):
    kind: str | None = Field(default=None, description="`evaluation` of `monitoring`.")
    goal_outcomes: dict[str, str] | None = None
    evaluated_at: Timestamp | None = None
    started_at: Timestamp | None = None
    next_check_on: Day | None = None
    checks: int | None = None


class ConsentItem(SectionItem, AboutAPerson, AboutAnItem):
    kind: str | None = Field(default=None, description="`consent`, `legal_duty` of `confidence`.")
    consent_id: str | None = None
    duty_id: str | None = None
    confidence_id: str | None = None
    partner: str | None = None
    purpose: str | None = None
    legal_basis: str | None = None
    sections: list[str] | None = None
    zrm_domains: list[str] | None = None
    valid_until: Day | None = None
    granted_at: Timestamp | None = None
    revoked_at: Timestamp | None = None
    recorded_at: Timestamp | None = None
    show_as_withheld: bool | None = None
    recorded_by: str | None = None
    lifted_at: Timestamp | None = None


class WithholdingItem(SectionItem, AboutAnItem, Decided):
    withholding_id: str | None = None
    section: str | None = None
    from_person_id: str | None = None
    lifted_at: Timestamp | None = None


class StatementItem(SectionItem, AboutAPerson, AboutAnItem):
    kind: str | None = Field(default=None, description="`statement` of `correction`.")
    correction_id: str | None = None
    text: str | None = None
    correction: str | None = None
    added_at: Timestamp | None = None
    requested_at: Timestamp | None = None


def _section_view(name: str, item: type[SectionItem], what: str) -> type[SectionView]:
    return type(name, (SectionView,), {"__annotations__": {"items": list[item]},  # type: ignore[valid-type]
                                       "__doc__": f"{what}, zoals u ze mag zien.",
                                       "__module__": __name__})


MembersView = _section_view("MembersView", MemberItem, "De leden van het huishouden")
ContactsView = _section_view("ContactsView", ContactItem, "De contactmomenten")
ZrmView = _section_view("ZrmView", ZrmItem, "De ZRM-beoordelingen")
LadderView = _section_view("LadderView", LadderItem, "De plaatsingen op de participatieladder")
ChildSafetyView = _section_view("ChildSafetyView", ChildSafetyItem, "De beoordelingen van de veiligheid van kinderen")
PlanVersionsView = _section_view("PlanVersionsView", PlanVersionItem, "Alle versies van het plan (de laatste geldt)")
ActionsView = _section_view("ActionsView", ActionItem, "De acties van het plan en hun stand")
ReferralsView = _section_view("ReferralsView", ReferralItem, "De verwijzingen en de besluiten erover")
WorkerChangeRequestsView = _section_view("WorkerChangeRequestsView", WorkerChangeItem,
                                         "De verzoeken om een andere medewerker")
EvaluationsView = _section_view("EvaluationsView", EvaluationItem, "De evaluaties en de monitoring")
ConsentsView = _section_view("ConsentsView", ConsentItem, "Toestemmingen, wettelijke plichten en vertrouwelijke "
                                                         "informatie")
WithholdingsView = _section_view("WithholdingsView", WithholdingItem, "De besluiten om informatie achter te houden")
StatementsView = _section_view("StatementsView", StatementItem, "Zienswijzen en verzoeken om correctie")


class CommandResult(BaseModel):
    """A command was accepted and stored."""

    household_id: str | None = None
    complaint_id: str | None = None
    version: int | None = None
    plan_version: int | None = None
    status: str = "opgeslagen"


def overview(dossier: Any) -> OverviewView:
    return OverviewView(
        household_id=str(dossier.id), version=dossier.version, phase=str(dossier.phase), team=dossier.team,
        case_director=dossier.case_director, process_director=dossier.process_director,
        tandem_workers=sorted(dossier.tandem_workers), opened_at=dossier.opened_at, closed_at=dossier.closed_at,
        first_contact_within_term=dossier.first_contact_within_term, zrm_version=dossier.zrm_version,
        erased=bool(getattr(dossier, "erased", False)),
    )


class EventAttribution(Released):
    """Who recorded an event, for what reason, on whose behalf."""

    actor_id: str
    actor_role: str
    role: str | None = None
    reason: str | None = None
    on_behalf_of: str | None = None
    organisation: str | None = None
    occurred_at: Timestamp | None = None


class HistoryEvent(SectionItem):
    """One recorded event as the reader may see it, or a marker that something is held back."""

    type: str | None = Field(default=None, description="Het soort feit (`MemberAdded`, `PlanAgreed`, ...), of "
                                                        "`withheld`.")
    section: str | None = Field(default=None, description="Het onderdeel van het dossier waar het feit bij hoort.")
    recorded_at: Timestamp | None = None
    occurred_at: Timestamp | None = None
    by: EventAttribution | None = None
    data: dict[str, Any] | None = Field(default=None, description="De velden van het feit zelf; welke, hangt af van "
                                                                   "`type` (de velden van de opdracht die het vastlegde).")
