"""Entry: a signal arrives, is answered or opens a dossier; who belongs to the household."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.assessment import DEFAULT_ZRM_VERSION, zrm_domains
from domain.attribution import Attribution
from domain.dossier.base import DossierEvent, check_member, check_not_erased, check_open, check_phase, require_role
from domain.event_meta import EventMeta
from domain.errors import InvalidValueError
from domain.recording import recording_timestamp
from domain.values import as_date, one_of, plausible_date_of_birth, required_text
from domain.vocabulary import TEAM_PROFESSIONALS, Phase, Relation, Role, SignalSource

if TYPE_CHECKING:
    from domain.dossier.household import HouseholdDossier


@dataclass(frozen=True)
class Signal:
    source: str  # a SignalSource value
    reporter: str
    description: str
    received_at: datetime


@dataclass(frozen=True)
class Member:
    person_id: str
    name: str
    date_of_birth: date
    relation: str  # a Relation value
    joined_on: date
    left_on: date | None = None


class SignalReceived(DossierEvent, Aggregate.Created):
    meta = EventMeta(section="signals", label="Aanmelding ontvangen", third_parties=("reporter",))
    source: str
    reporter: str
    description: str
    team: str
    zrm_version: str

    def apply(self, d: HouseholdDossier) -> None:
        d.start_state()
        d.team = self.team
        d.zrm_version = self.zrm_version
        d.phase = Phase.SIGNAL
        d.signals.append(Signal(self.source, self.reporter, self.description, self.by.occurred_at))


class FurtherSignalReceived(DossierEvent):
    meta = EventMeta(section="signals", label="Nieuwe melding ontvangen", third_parties=("reporter",))
    source: str
    reporter: str
    description: str

    def apply(self, d: HouseholdDossier) -> None:
        d.signals.append(Signal(self.source, self.reporter, self.description, self.by.occurred_at))


class AnsweredWithoutDossier(DossierEvent):
    meta = EventMeta(section="signals", label="Vraag direct beantwoord")
    answer: str

    def apply(self, d: HouseholdDossier) -> None:
        d.phase = Phase.ANSWERED


class DossierOpened(DossierEvent):
    meta = EventMeta(section="overview", label="Dossier geopend")
    summary: str

    def apply(self, d: HouseholdDossier) -> None:
        d.phase = Phase.INTAKE
        d.opened_at = self.by.occurred_at


class MemberAdded(DossierEvent):
    meta = EventMeta(section="members", label="Lid van het huishouden toegevoegd", subjects=("person_id",),
                    shows="member")
    person_id: str
    name: str
    date_of_birth: date
    relation: str

    def apply(self, d: HouseholdDossier) -> None:
        d.members[self.person_id] = Member(self.person_id, self.name, self.date_of_birth, self.relation,
                                           self.by.occurred_at.date())


class MemberLeft(DossierEvent):
    meta = EventMeta(section="members", label="Lid heeft het huishouden verlaten", subjects=("person_id",))
    person_id: str

    def apply(self, d: HouseholdDossier) -> None:
        d.members[self.person_id] = replace(d.members[self.person_id], left_on=self.by.occurred_at.date())


class Entry:
    """Commands of entry; part of `HouseholdDossier`."""

    def start_entry(self: Any) -> None:
        self.signals: list[Signal] = []
        self.members: dict[str, Member] = {}
        self.opened_at = None

    @classmethod
    def receive_signal(
        cls, *, source: str, reporter: str, description: str, team: str, by: Attribution,
        household_id: UUID | None = None, zrm_version: str = DEFAULT_ZRM_VERSION,
    ) -> Any:
        """A signal arrives (resident, neighbour, GP, school, police care form, corporation)."""
        source = one_of(SignalSource, source, "source").value
        reporter = required_text(reporter, "reporter", "say who reported the signal")
        description = required_text(description, "description", "describe what was signalled")
        team = required_text(team, "team", "name the team that receives the signal")
        zrm_domains(zrm_version)
        kwargs: dict[str, Any] = {}
        if household_id is not None:
            kwargs["id"] = household_id
        kwargs.update(source=source, reporter=reporter, description=description, team=team,
                      zrm_version=zrm_version, by=by)
        recording_timestamp(kwargs)
        return cls._create(SignalReceived, **kwargs)  # type: ignore[attr-defined]

    def receive_further_signal(self: Any, *, source: str, reporter: str, description: str, by: Attribution) -> None:
        """Another signal about a household that already has a dossier."""
        check_not_erased(self)
        self.trigger_event(
            FurtherSignalReceived,
            source=one_of(SignalSource, source, "source").value,
            reporter=required_text(reporter, "reporter", "say who reported the signal"),
            description=required_text(description, "description", "describe what was signalled"),
            by=by,
        )

    def answer_without_dossier(self: Any, *, answer: str, by: Attribution) -> None:
        """A simple question, answered at once: no dossier is opened (004 §10)."""
        check_phase(self, {Phase.SIGNAL}, "only a signal without a dossier can be answered directly")
        self.trigger_event(AnsweredWithoutDossier, answer=required_text(answer, "answer", "say what was answered"),
                           by=by)

    def open_dossier(self: Any, *, summary: str, by: Attribution) -> None:
        """A complex or multi-domain question opens the household dossier."""
        check_phase(self, {Phase.SIGNAL}, "a dossier is opened once, from a signal")
        require_role(by, TEAM_PROFESSIONALS | {Role.TEAM_LEAD}, "open a dossier")
        self.trigger_event(DossierOpened, summary=required_text(summary, "summary", "summarise the question"), by=by)

    def add_member(
        self: Any, *, person_id: str, name: str, date_of_birth: date | str, relation: str, by: Attribution
    ) -> None:
        check_open(self, "add a member")
        person_id = required_text(person_id, "person_id", "give the person's id")
        if person_id in self.members and self.members[person_id].left_on is None:
            raise InvalidValueError("person_id: this person is already a member of the household", field="person_id")
        dob = plausible_date_of_birth(as_date(date_of_birth, "date_of_birth"), by.occurred_at.date())
        self.trigger_event(
            MemberAdded,
            person_id=person_id,
            name=required_text(name, "name", "give the member's name"),
            date_of_birth=dob,
            relation=one_of(Relation, relation, "relation").value,
            by=by,
        )

    def record_member_left(self: Any, *, person_id: str, by: Attribution) -> None:
        check_open(self, "record that a member left")
        check_member(self, person_id)
        self.trigger_event(MemberLeft, person_id=person_id, by=by)

    def current_member_ids(self: Any) -> list[str]:
        return [p for p, m in self.members.items() if m.left_on is None]


EVENTS = (SignalReceived, FurtherSignalReceived, AnsweredWithoutDossier, DossierOpened, MemberAdded, MemberLeft)
