"""A complaint about a worker's conduct (001 Amaryllis, 002, 003 §3.4.3; term per Wkkgz)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.attribution import Attribution
from domain.values import required_text
from domain.recording import RecordedAggregateMixin, recording_timestamp
from domain.event_meta import describe
from domain.errors import ComplaintTermError, InvalidValueError, NotAComplaintError, NotPermittedError, WrongPhaseError
from domain.vocabulary import CLIENT_SIDE, ComplaintRoute, ComplaintStage, ComplaintSubject, Role

DECISION_TERM = timedelta(weeks=6)
EXTENSION = timedelta(weeks=4)
OBJECTION_PROCEDURE_POINTER = (
    "complaint_is_about_conduct: a complaint is about how a worker treated you; the outcome of a "
    "decision on a provision goes to the objection procedure (bezwaar en beroep): send your objection "
    "to the municipality within 6 weeks of the decision, as the decision letter explains"
)
HANDLERS = frozenset({Role.COMPLAINT_OFFICER, Role.TEAM_LEAD})
DECIDERS = frozenset({Role.TEAM_LEAD, Role.PROCESS_DIRECTOR})
OPEN_STAGES = frozenset(
    {ComplaintStage.FILED, ComplaintStage.INTAKE, ComplaintStage.MEDIATION, ComplaintStage.COMMISSION,
     ComplaintStage.ADVISED}
)


class Complaint(RecordedAggregateMixin, Aggregate):
    """One complaint, from filing to decision, closure and the ombudsman."""

    class Event(Aggregate.Event):
        by: Attribution

    @classmethod
    def file(
        cls, *, household_id: UUID, complainant_person_id: str, about_worker_id: str, subject: str,
        description: str, by: Attribution, complaint_id: UUID | None = None,
        scope_from: date | None = None, scope_until: date | None = None,
    ) -> Complaint:
        """Filed by a client or legal representative, about conduct; filing costs nothing."""
        if by.actor_role not in CLIENT_SIDE:
            raise NotPermittedError(
                "role_may_act: a complaint is filed by the client or their legal representative; "
                "a worker can help them file it in their own name"
            )
        try:
            subject_value = ComplaintSubject(subject)
        except ValueError:
            raise InvalidValueError("subject: use conduct or decision_outcome", field="subject") from None
        if subject_value == ComplaintSubject.DECISION_OUTCOME:
            raise NotAComplaintError(OBJECTION_PROCEDURE_POINTER, field="subject")
        filed_on = by.occurred_at.date()
        until = scope_until or filed_on
        if scope_from is not None and scope_from > until:
            raise InvalidValueError("scope_from: the scope starts after it ends", field="scope_from")
        kwargs: dict[str, Any] = {}
        if complaint_id is not None:
            kwargs["id"] = complaint_id
        kwargs.update(
            household_id=household_id,
            complainant_person_id=required_text(complainant_person_id, "complainant_person_id", "who complains"),
            about_worker_id=required_text(about_worker_id, "about_worker_id", "name the worker the complaint is about"),
            description=required_text(description, "description", "describe what happened"),
            scope_from=scope_from,
            scope_until=until,
            by=by,
        )
        recording_timestamp(kwargs)
        return cls._create(cls.ComplaintFiled, **kwargs)

    @event("ComplaintFiled")
    def __init__(
        self, household_id: UUID, complainant_person_id: str, about_worker_id: str, description: str,
        scope_from: date | None, scope_until: date, by: Attribution,
    ) -> None:
        self.household_id = household_id
        self.complainant_person_id = complainant_person_id
        self.about_worker_id = about_worker_id
        self.scope_from = scope_from
        self.scope_until = scope_until
        self.filed_at: datetime = by.occurred_at
        self.deadline: datetime = by.occurred_at + DECISION_TERM
        self.extended = False
        self.stage = ComplaintStage.FILED
        self.route: str | None = None
        self.routes_taken: list[str] = []
        self.acknowledged_at: datetime | None = None
        self.mediation_outcomes: list[dict[str, Any]] = []
        self.commission_id: str | None = None
        self.advice: dict[str, Any] | None = None
        self.decision: dict[str, Any] | None = None
        self.closed_at: datetime | None = None
        self.ombudsman_id: str | None = None

    def acknowledge(self, *, contact_kind: str, by: Attribution) -> None:
        """Phone contact right after receipt."""
        self._require(by, HANDLERS, "acknowledge a complaint")
        self._check_open()
        if self.acknowledged_at is not None:
            raise WrongPhaseError("complaint_stage: this complaint was already acknowledged")
        self._acknowledged(contact_kind=required_text(contact_kind, "contact_kind", "how was contact made"), by=by)

    @event("ComplaintAcknowledged")
    def _acknowledged(self, contact_kind: str, by: Attribution) -> None:
        self.acknowledged_at = by.occurred_at

    def choose_route(self, *, route: str, by: Attribution) -> None:
        """The complainant's choice leads: intake, mediation or the commission."""
        self._check_open()
        if by.actor_role not in CLIENT_SIDE and by.on_behalf_of is None:
            raise NotPermittedError(
                "route_is_complainants_choice: the complainant chooses the route; record it on their behalf "
                "(on_behalf_of) if you take it down for them"
            )
        try:
            route_value = ComplaintRoute(route)
        except ValueError:
            raise InvalidValueError("route: use intake, mediation or commission", field="route") from None
        if route_value.value == self.route:
            raise WrongPhaseError(f"complaint_stage: the complaint already follows route {route_value.value}")
        if route_value == ComplaintRoute.COMMISSION:
            raise WrongPhaseError(
                "complaint_stage: formal handling starts when the complaint is referred to the commission; "
                "use refer_to_commission"
            )
        self._route_chosen(route=route_value.value, by=by)

    @event("RouteChosen")
    def _route_chosen(self, route: str, by: Attribution) -> None:
        self.route = route
        self.routes_taken.append(route)
        self.stage = ComplaintStage(route)

    def conclude_mediation(self, *, resolved: bool, summary: str, by: Attribution) -> None:
        """The outcome of intake or mediation talks."""
        self._require(by, HANDLERS, "record a mediation outcome")
        if self.stage not in (ComplaintStage.INTAKE, ComplaintStage.MEDIATION):
            raise WrongPhaseError("complaint_stage: an outcome is recorded for intake or mediation in progress")
        self._mediation_concluded(
            route=self.route, resolved=bool(resolved), summary=required_text(summary, "summary", "summarise the outcome"),
            by=by,
        )

    @event("MediationConcluded")
    def _mediation_concluded(self, route: str, resolved: bool, summary: str, by: Attribution) -> None:
        self.mediation_outcomes.append({"route": route, "resolved": resolved, "at": by.occurred_at,
                                        "mediator": by.actor_id})
        if resolved:
            self.stage = ComplaintStage.CLOSED
            self.closed_at = by.occurred_at

    def refer_to_commission(self, *, commission_id: str, by: Attribution) -> None:
        """Formal handling by the independent commission, at the complainant's wish."""
        self._check_open()
        if by.actor_role not in CLIENT_SIDE | HANDLERS:
            raise NotPermittedError("role_may_act: the complainant or the complaint officer refers to the commission")
        if self.stage in (ComplaintStage.COMMISSION, ComplaintStage.ADVISED):
            raise WrongPhaseError("complaint_stage: the commission already handles this complaint")
        self._referred_to_commission(
            commission_id=required_text(commission_id, "commission_id", "name the commission"), by=by
        )

    @event("ReferredToCommission")
    def _referred_to_commission(self, commission_id: str, by: Attribution) -> None:
        self.commission_id = commission_id
        self.route = ComplaintRoute.COMMISSION.value
        self.routes_taken.append(self.route)
        self.stage = ComplaintStage.COMMISSION

    def give_advice(self, *, well_founded: bool, advice: str, by: Attribution) -> None:
        self._require(by, {Role.COMPLAINT_COMMISSION}, "advise on a complaint")
        if self.stage != ComplaintStage.COMMISSION:
            raise WrongPhaseError("complaint_stage: the commission advises on a complaint referred to it")
        self._commission_advised(well_founded=bool(well_founded), advice=required_text(advice, "advice", "write the advice"),
                                 by=by)

    @event("CommissionAdvised")
    def _commission_advised(self, well_founded: bool, advice: str, by: Attribution) -> None:
        self.advice = {"well_founded": well_founded, "at": by.occurred_at, "by": by.actor_id}
        self.stage = ComplaintStage.ADVISED

    def extend_term(self, *, notice: str, by: Attribution) -> None:
        """Once, by 4 weeks, with a recorded notice to the complainant (Wkkgz)."""
        self._require(by, HANDLERS | DECIDERS, "extend the complaint term")
        self._check_open()
        if self.extended:
            raise ComplaintTermError("complaint_term: the term can be extended only once; decide now")
        if by.occurred_at > self.deadline:
            raise ComplaintTermError("complaint_term: the term has already passed; it cannot be extended afterwards")
        self._term_extended(notice=required_text(notice, "notice", "write the notice sent to the complainant"), by=by)

    @event("TermExtended")
    def _term_extended(self, notice: str, by: Attribution) -> None:
        self.extended = True
        self.deadline = self.deadline + EXTENSION

    def decide(self, *, well_founded: bool, decision: str, by: Attribution) -> None:
        """The formal decision after the commission's advice."""
        self._require(by, DECIDERS, "decide on a complaint")
        if self.stage != ComplaintStage.ADVISED:
            raise WrongPhaseError("complaint_stage: the decision follows the commission's advice")
        self._decided(well_founded=bool(well_founded), decision=required_text(decision, "decision", "write the decision"),
                      within_term=by.occurred_at <= self.deadline, by=by)

    @event("ComplaintDecided")
    def _decided(self, well_founded: bool, decision: str, within_term: bool, by: Attribution) -> None:
        self.decision = {"well_founded": well_founded, "at": by.occurred_at, "within_term": within_term}
        self.stage = ComplaintStage.DECIDED

    def close(self, *, by: Attribution) -> None:
        self._require(by, HANDLERS | DECIDERS | CLIENT_SIDE, "close a complaint")
        if self.stage in (ComplaintStage.CLOSED, ComplaintStage.OMBUDSMAN):
            raise WrongPhaseError("complaint_stage: this complaint is already closed")
        self._closed(by=by)

    @event("ComplaintClosed")
    def _closed(self, by: Attribution) -> None:
        self.stage = ComplaintStage.CLOSED
        self.closed_at = by.occurred_at

    def forward_to_ombudsman(self, *, ombudsman_id: str, by: Attribution) -> None:
        """For a complainant unhappy with how the complaint was handled."""
        if by.actor_role not in CLIENT_SIDE and by.on_behalf_of is None:
            raise NotPermittedError("role_may_act: the complainant decides to go to the ombudsman")
        if self.stage not in (ComplaintStage.DECIDED, ComplaintStage.CLOSED):
            raise WrongPhaseError("complaint_stage: the ombudsman reviews a complaint once it was handled")
        self._forwarded_to_ombudsman(ombudsman_id=required_text(ombudsman_id, "ombudsman_id", "name the ombudsman"), by=by)

    @event("ForwardedToOmbudsman")
    def _forwarded_to_ombudsman(self, ombudsman_id: str, by: Attribution) -> None:
        self.ombudsman_id = ombudsman_id
        self.stage = ComplaintStage.OMBUDSMAN
        self.closed_at = None

    # ---------------------------------------------------------------- queries

    @property
    def is_open(self) -> bool:
        """Open for review: being handled, or with the ombudsman."""
        return self.stage in OPEN_STAGES or self.stage == ComplaintStage.OMBUDSMAN

    def days_left(self, today: date) -> int:
        return (self.deadline.date() - today).days

    def _check_open(self) -> None:
        if self.stage not in OPEN_STAGES:
            raise WrongPhaseError(f"complaint_stage: this complaint is {self.stage.value}; nothing more to handle")

    @staticmethod
    def _require(by: Attribution, roles: frozenset[Role] | set[Role], what: str) -> None:
        if by.actor_role not in roles:
            allowed = ", ".join(sorted(r.value for r in roles))
            raise NotPermittedError(f"role_may_act: a {by.actor_role.value} may not {what}; that is for: {allowed}")


# What each event is (domain/event_meta.py). A complaint's course belongs to the household's
# overview; the complainant is the member it is about.
describe(Complaint.ComplaintFiled, section="overview", label="Klacht ingediend", subjects=("complainant_person_id",),
         staff=("about_worker_id",), shows="complaint")
describe(Complaint.ComplaintAcknowledged, section="overview", label="Klacht ontvangen en gebeld")
describe(Complaint.RouteChosen, section="overview", label="Route gekozen")
describe(Complaint.MediationConcluded, section="overview", label="Gesprek of bemiddeling afgerond")
describe(Complaint.ReferredToCommission, section="overview", label="Naar de klachtencommissie", staff=("commission_id",))
describe(Complaint.CommissionAdvised, section="overview", label="Advies van de klachtencommissie")
describe(Complaint.TermExtended, section="overview", label="Termijn verlengd")
describe(Complaint.ComplaintDecided, section="overview", label="Besluit op de klacht")
describe(Complaint.ComplaintClosed, section="overview", label="Klacht afgesloten")
describe(Complaint.ForwardedToOmbudsman, section="overview", label="Naar de sociale ombudsman", staff=("ombudsman_id",))

EVENTS = (Complaint.ComplaintFiled, Complaint.ComplaintAcknowledged, Complaint.RouteChosen,
          Complaint.MediationConcluded, Complaint.ReferredToCommission, Complaint.CommissionAdvised,
          Complaint.TermExtended, Complaint.ComplaintDecided, Complaint.ComplaintClosed,
          Complaint.ForwardedToOmbudsman)
