"""Direction: one case director in charge, handovers without a gap, tandems, and the client's
freedom to ask for another worker (002)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from domain.attribution import Attribution
from domain.dossier.base import DIRECTING_ROLES, DossierEvent, check_active, check_member, check_not_erased, \
    check_phase, require_role
from domain.event_meta import EventMeta
from domain.errors import CaseDirectorError, InvalidValueError, UnknownItemError
from domain.values import required_text
from domain.vocabulary import CLIENT_SIDE, Phase, Role

if TYPE_CHECKING:
    from domain.dossier.household import HouseholdDossier


@dataclass(frozen=True)
class Directorship:
    """Who directed the case from when (the history keeps every one)."""

    worker_id: str
    since: datetime


@dataclass(frozen=True)
class Handover:
    """Direction moved to another case director, or the question to another organisation."""

    at: datetime
    warm: bool
    from_worker_id: str | None = None
    to_worker_id: str | None = None
    to_organisation: str | None = None


@dataclass(frozen=True)
class Tandem:
    tandem_id: str
    organisation: str
    service: str
    started_at: datetime
    ended_at: datetime | None = None


@dataclass(frozen=True)
class WorkerChangeRequest:
    request_id: str
    person_id: str
    status: str  # requested, granted, refused
    requested_at: datetime
    current_worker: str | None


def _put_in_charge(d: HouseholdDossier, worker_id: str, since: datetime) -> None:
    d.case_director = worker_id
    d.tandem_workers.discard(worker_id)
    d.case_director_history.append(Directorship(worker_id, since))


class CaseDirectorAssigned(DossierEvent):
    meta = EventMeta(section="overview", label="Casusregisseur aangewezen", staff=("worker_id",))
    worker_id: str

    def apply(self, d: HouseholdDossier) -> None:
        d.case_director = self.worker_id
        if self.by.actor_role == Role.PROCESS_DIRECTOR:
            d.process_director = self.by.actor_id
        d.first_assigned_at = d.first_assigned_at or self.by.occurred_at
        d.case_director_history.append(Directorship(self.worker_id, self.by.occurred_at))
        d.phase = Phase.ASSESSMENT


class CaseDirectorHandedOver(DossierEvent):
    meta = EventMeta(section="overview", label="Overgedragen aan een andere casusregisseur",
                    staff=("from_worker_id", "to_worker_id"))
    from_worker_id: str
    to_worker_id: str
    warm: bool

    def apply(self, d: HouseholdDossier) -> None:
        _put_in_charge(d, self.to_worker_id, self.by.occurred_at)
        d.handovers.append(Handover(self.by.occurred_at, self.warm, self.from_worker_id, self.to_worker_id))


class TakenOverByProcessDirector(DossierEvent):
    meta = EventMeta(section="overview", label="Overgenomen door de procesregisseur", staff=("previous_case_director",))
    previous_case_director: str

    def apply(self, d: HouseholdDossier) -> None:
        d.case_director = self.by.actor_id
        d.process_director = self.by.actor_id
        d.case_director_history.append(Directorship(self.by.actor_id, self.by.occurred_at))


class TandemWorkerAssigned(DossierEvent):
    meta = EventMeta(section="overview", label="Tweede medewerker erbij", staff=("worker_id",))
    worker_id: str

    def apply(self, d: HouseholdDossier) -> None:
        d.tandem_workers.add(self.worker_id)


class TandemWorkerReleased(DossierEvent):
    meta = EventMeta(section="overview", label="Tweede medewerker gestopt", staff=("worker_id",))
    worker_id: str

    def apply(self, d: HouseholdDossier) -> None:
        d.tandem_workers.discard(self.worker_id)


class TandemStarted(DossierEvent):
    meta = EventMeta(section="overview", label="Andere organisatie helpt mee (tandem)")
    tandem_id: str
    organisation: str
    service: str

    def apply(self, d: HouseholdDossier) -> None:
        d.tandems[self.tandem_id] = Tandem(self.tandem_id, self.organisation, self.service, self.by.occurred_at)


class TandemEnded(DossierEvent):
    meta = EventMeta(section="overview", label="Tandem gestopt")
    tandem_id: str

    def apply(self, d: HouseholdDossier) -> None:
        d.tandems[self.tandem_id] = replace(d.tandems[self.tandem_id], ended_at=self.by.occurred_at)


class WarmHandoverDone(DossierEvent):
    meta = EventMeta(section="overview", label="Warme overdracht")
    organisation: str
    summary: str

    def apply(self, d: HouseholdDossier) -> None:
        d.handovers.append(Handover(self.by.occurred_at, warm=True, to_organisation=self.organisation))


class OtherWorkerRequested(DossierEvent):
    meta = EventMeta(section="overview", label="Andere medewerker gevraagd", subjects=("person_id",))
    request_id: str
    person_id: str
    motivation: str

    def apply(self, d: HouseholdDossier) -> None:
        d.worker_change_requests[self.request_id] = WorkerChangeRequest(
            self.request_id, self.person_id, "requested", self.by.occurred_at, d.case_director)


class WorkerChangeDecided(DossierEvent):
    meta = EventMeta(section="overview", label="Besluit over andere medewerker", shows="decision",
                    staff=("new_worker_id", "previous_worker_id"))
    request_id: str
    granted: bool
    explanation: str
    new_worker_id: str | None
    previous_worker_id: str

    def apply(self, d: HouseholdDossier) -> None:
        request = d.worker_change_requests[self.request_id]
        d.worker_change_requests[self.request_id] = replace(request, status="granted" if self.granted else "refused")
        if self.granted and self.new_worker_id:
            _put_in_charge(d, self.new_worker_id, self.by.occurred_at)
            d.handovers.append(Handover(self.by.occurred_at, True, self.previous_worker_id, self.new_worker_id))


class Direction:
    """Commands of direction; part of `HouseholdDossier`."""

    def start_direction(self: Any) -> None:
        self.case_director: str | None = None
        self.case_director_history: list[Directorship] = []
        self.process_director: str | None = None
        self.first_assigned_at = None
        self.tandem_workers: set[str] = set()
        self.tandems: dict[str, Tandem] = {}
        self.handovers: list[Handover] = []
        self.worker_change_requests: dict[str, WorkerChangeRequest] = {}

    def assign_case_director(self: Any, *, worker_id: str, by: Attribution) -> None:
        """The process director (or team lead) puts one case director in charge."""
        check_not_erased(self)
        if self.case_director is not None:
            raise CaseDirectorError(
                "exactly_one_case_director: this dossier already has a case director; "
                "use a handover to change who is in charge"
            )
        check_phase(self, {Phase.INTAKE}, "a first case director is assigned to an opened dossier")
        require_role(by, {Role.PROCESS_DIRECTOR, Role.TEAM_LEAD}, "assign a case director")
        self.trigger_event(CaseDirectorAssigned,
                           worker_id=required_text(worker_id, "worker_id", "name the case director"), by=by)

    def hand_over_case_director(self: Any, *, to_worker_id: str, warm: bool = True, by: Attribution) -> None:
        """One event moves direction from one case director to the next: never a gap, never two."""
        check_active(self, "hand over")
        require_role(by, {Role.PROCESS_DIRECTOR, Role.TEAM_LEAD, Role.CASE_DIRECTOR}, "hand over a dossier")
        to_worker_id = required_text(to_worker_id, "to_worker_id", "name the new case director")
        if to_worker_id == self.case_director:
            raise CaseDirectorError("to_worker_id: this worker is already the case director; choose another")
        self.trigger_event(CaseDirectorHandedOver, from_worker_id=self.case_director, to_worker_id=to_worker_id,
                           warm=bool(warm), by=by)

    def take_over_by_process_director(self: Any, *, by: Attribution) -> None:
        """Doorzettingsmacht: a stuck case is taken over by the process director (003 §3.2.2)."""
        check_active(self, "take over")
        require_role(by, {Role.PROCESS_DIRECTOR}, "take over a stuck case")
        self.trigger_event(TakenOverByProcessDirector, previous_case_director=self.case_director, by=by)

    def assign_tandem_worker(self: Any, *, worker_id: str, by: Attribution) -> None:
        """A second team worker works alongside the case director (who stays in charge)."""
        check_active(self, "assign a tandem worker")
        require_role(by, DIRECTING_ROLES | {Role.TEAM_LEAD}, "assign a tandem worker")
        worker_id = required_text(worker_id, "worker_id", "name the worker")
        if worker_id == self.case_director or worker_id in self.tandem_workers:
            raise InvalidValueError("worker_id: this worker already works on this dossier", field="worker_id")
        self.trigger_event(TandemWorkerAssigned, worker_id=worker_id, by=by)

    def release_tandem_worker(self: Any, *, worker_id: str, by: Attribution) -> None:
        check_active(self, "release a tandem worker")
        if worker_id not in self.tandem_workers:
            raise InvalidValueError("worker_id: this worker is not a tandem worker here", field="worker_id")
        self.trigger_event(TandemWorkerReleased, worker_id=worker_id, by=by)

    def start_tandem(self: Any, *, tandem_id: str, organisation: str, service: str, by: Attribution) -> None:
        """Another organisation delivers; the case director stays in charge (004 §5)."""
        check_active(self, "start a tandem")
        require_role(by, DIRECTING_ROLES, "start a tandem")
        tandem_id = required_text(tandem_id, "tandem_id", "give the tandem an id")
        if tandem_id in self.tandems:
            raise InvalidValueError("tandem_id: already used in this dossier", field="tandem_id")
        self.trigger_event(
            TandemStarted, tandem_id=tandem_id,
            organisation=required_text(organisation, "organisation", "name the organisation that delivers"),
            service=required_text(service, "service", "say what the organisation delivers"), by=by,
        )

    def end_tandem(self: Any, *, tandem_id: str, by: Attribution) -> None:
        check_active(self, "end a tandem")
        tandem = self.tandems.get(tandem_id)
        if tandem is None or tandem.ended_at is not None:
            raise InvalidValueError("tandem_id: no running tandem with that id", field="tandem_id")
        self.trigger_event(TandemEnded, tandem_id=tandem_id, by=by)

    def record_warm_handover(self: Any, *, organisation: str, summary: str, by: Attribution) -> None:
        """The question and data go to another organisation with the client present (004 §5, §10)."""
        check_active(self, "record a warm handover")
        self.trigger_event(
            WarmHandoverDone,
            organisation=required_text(organisation, "organisation", "name the receiving organisation"),
            summary=required_text(summary, "summary", "say what was handed over"), by=by,
        )

    def request_other_worker(self: Any, *, request_id: str, person_id: str, motivation: str, by: Attribution) -> None:
        """Keuzevrijheid (002): a client may ask for another worker."""
        check_active(self, "ask for another worker")
        require_role(by, CLIENT_SIDE, "ask for another worker")
        check_member(self, person_id)
        request_id = required_text(request_id, "request_id", "give the request an id")
        if request_id in self.worker_change_requests:
            raise InvalidValueError("request_id: already used in this dossier", field="request_id")
        self.trigger_event(
            OtherWorkerRequested, request_id=request_id, person_id=person_id,
            motivation=required_text(motivation, "motivation", "say why you would like another worker"), by=by,
        )

    def decide_worker_change(
        self: Any, *, request_id: str, granted: bool, explanation: str, new_worker_id: str | None = None,
        by: Attribution,
    ) -> None:
        """The outcome of a worker-change request; when granted, the handover is part of the same event."""
        check_active(self, "decide on a worker change")
        require_role(by, {Role.PROCESS_DIRECTOR, Role.TEAM_LEAD}, "decide on a worker change")
        request = self.worker_change_requests.get(request_id)
        if request is None or request.status != "requested":
            raise UnknownItemError("request_id: no open worker-change request with that id", field="request_id")
        if granted:
            new_worker_id = required_text(new_worker_id, "new_worker_id", "name the new worker when granting")
            if new_worker_id == self.case_director:
                raise CaseDirectorError("new_worker_id: choose a worker other than the current case director")
        self.trigger_event(
            WorkerChangeDecided, request_id=request_id, granted=bool(granted),
            explanation=required_text(explanation, "explanation", "explain the outcome to the client"),
            new_worker_id=new_worker_id if granted else None, previous_worker_id=self.case_director, by=by,
        )


EVENTS = (CaseDirectorAssigned, CaseDirectorHandedOver, TakenOverByProcessDirector, TandemWorkerAssigned,
          TandemWorkerReleased, TandemStarted, TandemEnded, WarmHandoverDone, OtherWorkerRequested,
          WorkerChangeDecided)
