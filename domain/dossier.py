"""The household dossier: one household, one plan, one case director.

Public methods are commands: they check the rules, then trigger one past-tense event.
The private `@event` methods only apply an event to the state (they also run on replay,
so they never check or raise). Every event carries `by`: who acted, in which role, on
whose behalf, when, and why.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.assessment import (
    DEFAULT_ZRM_VERSION,
    validated_ladder_level,
    validated_zrm_scores,
    zrm_domains,
)
from domain.attribution import Attribution
from domain.recording import RecordedAggregateMixin, recording_timestamp
from domain.errors import (
    CaseDirectorError,
    DossierClosedError,
    ImplausibleValueError,
    InvalidValueError,
    NotPermittedError,
    PlanError,
    ReferralError,
    UnknownItemError,
    UnknownMemberError,
    WrongPhaseError,
)
from domain.mandate import MandateStep, check_mandate
from domain.plan import validated_plan
from domain.values import as_date, limited_text, one_of, plausible_date_of_birth, required_text
from domain.vocabulary import (
    ACTIVE_PHASES,
    CLIENT_SIDE,
    DOSSIER_SECTIONS,
    MELDCODE_STEPS,
    TEAM_PROFESSIONALS,
    ChildSafetyOutcome,
    ContactKind,
    ContactOutcome,
    Phase,
    ReferralDecision,
    ReferralKind,
    Relation,
    Role,
    SignalSource,
)

DIRECTING_ROLES = frozenset({Role.CASE_DIRECTOR, Role.PROCESS_DIRECTOR})
FIRST_CONTACT_TERM_DAYS = 2


class HouseholdDossier(RecordedAggregateMixin, Aggregate):
    """A household's dossier from the first signal to closure (and erasure)."""

    class Event(Aggregate.Event):
        by: Attribution

    # ------------------------------------------------------------------ entry

    @classmethod
    def receive_signal(
        cls,
        *,
        source: str,
        reporter: str,
        description: str,
        team: str,
        by: Attribution,
        household_id: UUID | None = None,
        zrm_version: str = DEFAULT_ZRM_VERSION,
    ) -> HouseholdDossier:
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
        return cls._create(cls.SignalReceived, **kwargs)

    @event("SignalReceived")
    def __init__(
        self, source: str, reporter: str, description: str, team: str, zrm_version: str, by: Attribution
    ) -> None:
        self.team = team
        self.zrm_version = zrm_version
        self.phase = Phase.SIGNAL
        self.signals: list[dict[str, Any]] = [
            {"source": source, "reporter": reporter, "description": description, "received_at": by.occurred_at}
        ]
        self.members: dict[str, dict[str, Any]] = {}
        self.case_director: str | None = None
        self.case_director_history: list[dict[str, Any]] = []
        self.process_director: str | None = None
        self.tandem_workers: set[str] = set()
        self.tandems: dict[str, dict[str, Any]] = {}
        self.handovers: list[dict[str, Any]] = []
        self.first_assigned_at: datetime | None = None
        self.first_contact_at: datetime | None = None
        self.contacts: list[dict[str, Any]] = []
        self.assessments: list[dict[str, Any]] = []
        self.ladder: list[dict[str, Any]] = []
        self.child_safety: list[dict[str, Any]] = []
        self.plan_versions: list[dict[str, Any]] = []
        self.actions: dict[str, dict[str, Any]] = {}
        self.referrals: dict[str, dict[str, Any]] = {}
        self.mandate_refusals: list[dict[str, Any]] = []
        self.worker_change_requests: dict[str, dict[str, Any]] = {}
        self.evaluations: list[dict[str, Any]] = []
        self.monitoring: dict[str, Any] | None = None
        self.consents: dict[str, dict[str, Any]] = {}
        self.legal_duties: dict[str, dict[str, Any]] = {}
        self.withholdings: dict[str, dict[str, Any]] = {}
        self.confidences: dict[str, dict[str, Any]] = {}
        self.statements: list[dict[str, Any]] = []
        self.corrections: dict[str, dict[str, Any]] = {}
        self.opened_at: datetime | None = None
        self.closed_at: datetime | None = None
        self.last_changed_at: datetime = by.occurred_at
        self.erased = False

    def receive_further_signal(self, *, source: str, reporter: str, description: str, by: Attribution) -> None:
        """Another signal about a household that already has a dossier."""
        self._check_not_erased()
        self._further_signal_received(
            source=one_of(SignalSource, source, "source").value,
            reporter=required_text(reporter, "reporter", "say who reported the signal"),
            description=required_text(description, "description", "describe what was signalled"),
            by=by,
        )

    @event("FurtherSignalReceived")
    def _further_signal_received(self, source: str, reporter: str, description: str, by: Attribution) -> None:
        self.signals.append(
            {"source": source, "reporter": reporter, "description": description, "received_at": by.occurred_at}
        )
        self._touch(by)

    def answer_without_dossier(self, *, answer: str, by: Attribution) -> None:
        """A simple question, answered at once: no dossier is opened (004 §10)."""
        self._check_phase({Phase.SIGNAL}, "only a signal without a dossier can be answered directly")
        self._answered_without_dossier(answer=required_text(answer, "answer", "say what was answered"), by=by)

    @event("AnsweredWithoutDossier")
    def _answered_without_dossier(self, answer: str, by: Attribution) -> None:
        self.phase = Phase.ANSWERED
        self._touch(by)

    def open_dossier(self, *, summary: str, by: Attribution) -> None:
        """A complex or multi-domain question opens the household dossier."""
        self._check_phase({Phase.SIGNAL}, "a dossier is opened once, from a signal")
        self._require_role(by, TEAM_PROFESSIONALS | {Role.TEAM_LEAD}, "open a dossier")
        self._dossier_opened(summary=required_text(summary, "summary", "summarise the question"), by=by)

    @event("DossierOpened")
    def _dossier_opened(self, summary: str, by: Attribution) -> None:
        self.phase = Phase.INTAKE
        self.opened_at = by.occurred_at
        self._touch(by)

    # ---------------------------------------------------------------- members

    def add_member(
        self, *, person_id: str, name: str, date_of_birth: date | str, relation: str, by: Attribution
    ) -> None:
        self._check_open("add a member")
        person_id = required_text(person_id, "person_id", "give the person's id")
        if person_id in self.members and self.members[person_id]["left_on"] is None:
            raise InvalidValueError(
                "person_id: this person is already a member of the household", field="person_id"
            )
        dob = plausible_date_of_birth(as_date(date_of_birth, "date_of_birth"), by.occurred_at.date())
        self._member_added(
            person_id=person_id,
            name=required_text(name, "name", "give the member's name"),
            date_of_birth=dob,
            relation=one_of(Relation, relation, "relation").value,
            by=by,
        )

    @event("MemberAdded")
    def _member_added(self, person_id: str, name: str, date_of_birth: date, relation: str, by: Attribution) -> None:
        self.members[person_id] = {
            "person_id": person_id,
            "name": name,
            "date_of_birth": date_of_birth,
            "relation": relation,
            "joined_on": by.occurred_at.date(),
            "left_on": None,
        }
        self._touch(by)

    def record_member_left(self, *, person_id: str, by: Attribution) -> None:
        self._check_open("record that a member left")
        self._check_member(person_id)
        self._member_left(person_id=person_id, by=by)

    @event("MemberLeft")
    def _member_left(self, person_id: str, by: Attribution) -> None:
        self.members[person_id]["left_on"] = by.occurred_at.date()
        self._touch(by)

    # ------------------------------------------------------------- direction

    def assign_case_director(self, *, worker_id: str, by: Attribution) -> None:
        """The process director (or team lead) puts one case director in charge."""
        self._check_not_erased()
        if self.case_director is not None:
            raise CaseDirectorError(
                "exactly_one_case_director: this dossier already has a case director; "
                "use a handover to change who is in charge"
            )
        self._check_phase({Phase.INTAKE}, "a first case director is assigned to an opened dossier")
        self._require_role(by, {Role.PROCESS_DIRECTOR, Role.TEAM_LEAD}, "assign a case director")
        self._case_director_assigned(worker_id=required_text(worker_id, "worker_id", "name the case director"), by=by)

    @event("CaseDirectorAssigned")
    def _case_director_assigned(self, worker_id: str, by: Attribution) -> None:
        self.case_director = worker_id
        if by.actor_role == Role.PROCESS_DIRECTOR:
            self.process_director = by.actor_id
        self.first_assigned_at = self.first_assigned_at or by.occurred_at
        self.case_director_history.append({"worker_id": worker_id, "since": by.occurred_at})
        self.phase = Phase.ASSESSMENT
        self._touch(by)

    def hand_over_case_director(self, *, to_worker_id: str, warm: bool = True, by: Attribution) -> None:
        """One event moves direction from one case director to the next: never a gap, never two."""
        self._check_active("hand over")
        self._require_role(
            by, {Role.PROCESS_DIRECTOR, Role.TEAM_LEAD, Role.CASE_DIRECTOR}, "hand over a dossier"
        )
        to_worker_id = required_text(to_worker_id, "to_worker_id", "name the new case director")
        if to_worker_id == self.case_director:
            raise CaseDirectorError("to_worker_id: this worker is already the case director; choose another")
        self._case_director_handed_over(
            from_worker_id=self.case_director, to_worker_id=to_worker_id, warm=bool(warm), by=by
        )

    @event("CaseDirectorHandedOver")
    def _case_director_handed_over(
        self, from_worker_id: str, to_worker_id: str, warm: bool, by: Attribution
    ) -> None:
        self.case_director = to_worker_id
        self.tandem_workers.discard(to_worker_id)
        self.case_director_history.append({"worker_id": to_worker_id, "since": by.occurred_at})
        self.handovers.append({"from": from_worker_id, "to": to_worker_id, "warm": warm, "at": by.occurred_at})
        self._touch(by)

    def take_over_by_process_director(self, *, by: Attribution) -> None:
        """Doorzettingsmacht: a stuck case is taken over by the process director (003 §3.2.2)."""
        self._check_active("take over")
        self._require_role(by, {Role.PROCESS_DIRECTOR}, "take over a stuck case")
        self._taken_over_by_process_director(previous_case_director=self.case_director, by=by)

    @event("TakenOverByProcessDirector")
    def _taken_over_by_process_director(self, previous_case_director: str, by: Attribution) -> None:
        self.case_director = by.actor_id
        self.process_director = by.actor_id
        self.case_director_history.append({"worker_id": by.actor_id, "since": by.occurred_at})
        self._touch(by)

    def assign_tandem_worker(self, *, worker_id: str, by: Attribution) -> None:
        """A second team worker works alongside the case director (who stays in charge)."""
        self._check_active("assign a tandem worker")
        self._require_role(by, DIRECTING_ROLES | {Role.TEAM_LEAD}, "assign a tandem worker")
        worker_id = required_text(worker_id, "worker_id", "name the worker")
        if worker_id == self.case_director or worker_id in self.tandem_workers:
            raise InvalidValueError("worker_id: this worker already works on this dossier", field="worker_id")
        self._tandem_worker_assigned(worker_id=worker_id, by=by)

    @event("TandemWorkerAssigned")
    def _tandem_worker_assigned(self, worker_id: str, by: Attribution) -> None:
        self.tandem_workers.add(worker_id)
        self._touch(by)

    def release_tandem_worker(self, *, worker_id: str, by: Attribution) -> None:
        self._check_active("release a tandem worker")
        if worker_id not in self.tandem_workers:
            raise InvalidValueError("worker_id: this worker is not a tandem worker here", field="worker_id")
        self._tandem_worker_released(worker_id=worker_id, by=by)

    @event("TandemWorkerReleased")
    def _tandem_worker_released(self, worker_id: str, by: Attribution) -> None:
        self.tandem_workers.discard(worker_id)
        self._touch(by)

    def start_tandem(self, *, tandem_id: str, organisation: str, service: str, by: Attribution) -> None:
        """Another organisation delivers; the case director stays in charge (004 §5)."""
        self._check_active("start a tandem")
        self._require_role(by, DIRECTING_ROLES, "start a tandem")
        tandem_id = required_text(tandem_id, "tandem_id", "give the tandem an id")
        if tandem_id in self.tandems:
            raise InvalidValueError("tandem_id: already used in this dossier", field="tandem_id")
        self._tandem_started(
            tandem_id=tandem_id,
            organisation=required_text(organisation, "organisation", "name the organisation that delivers"),
            service=required_text(service, "service", "say what the organisation delivers"),
            by=by,
        )

    @event("TandemStarted")
    def _tandem_started(self, tandem_id: str, organisation: str, service: str, by: Attribution) -> None:
        self.tandems[tandem_id] = {
            "tandem_id": tandem_id, "organisation": organisation, "service": service,
            "started_at": by.occurred_at, "ended_at": None,
        }
        self._touch(by)

    def end_tandem(self, *, tandem_id: str, by: Attribution) -> None:
        self._check_active("end a tandem")
        tandem = self.tandems.get(tandem_id)
        if tandem is None or tandem["ended_at"] is not None:
            raise InvalidValueError("tandem_id: no running tandem with that id", field="tandem_id")
        self._tandem_ended(tandem_id=tandem_id, by=by)

    @event("TandemEnded")
    def _tandem_ended(self, tandem_id: str, by: Attribution) -> None:
        self.tandems[tandem_id]["ended_at"] = by.occurred_at
        self._touch(by)

    def record_warm_handover(self, *, organisation: str, summary: str, by: Attribution) -> None:
        """The question and data go to another organisation with the client present (004 §5, §10)."""
        self._check_active("record a warm handover")
        self._warm_handover_done(
            organisation=required_text(organisation, "organisation", "name the receiving organisation"),
            summary=required_text(summary, "summary", "say what was handed over"),
            by=by,
        )

    @event("WarmHandoverDone")
    def _warm_handover_done(self, organisation: str, summary: str, by: Attribution) -> None:
        self.handovers.append({"to_organisation": organisation, "warm": True, "at": by.occurred_at})
        self._touch(by)

    # --------------------------------------------------------------- contacts

    def record_contact(
        self, *, kind: str, outcome: str = ContactOutcome.REACHED, with_person_ids: list[str] | None = None,
        note: str = "", by: Attribution,
    ) -> None:
        """A contact or contact attempt; the first one that reaches someone counts for the 2-day term."""
        self._check_active("record a contact")
        for person_id in with_person_ids or []:
            self._check_member(person_id)
        self._contact_recorded(
            kind=one_of(ContactKind, kind, "kind").value,
            outcome=one_of(ContactOutcome, outcome, "outcome").value,
            with_person_ids=list(with_person_ids or []),
            note=limited_text(str(note or ""), "note"),
            by=by,
        )

    @event("ContactRecorded")
    def _contact_recorded(
        self, kind: str, outcome: str, with_person_ids: list[str], note: str, by: Attribution
    ) -> None:
        self.contacts.append(
            {"kind": kind, "outcome": outcome, "with_person_ids": with_person_ids, "at": by.occurred_at,
             "by": by.actor_id, "version": self.version + 1}
        )
        if self.first_contact_at is None and outcome != ContactOutcome.NOT_REACHED:
            self.first_contact_at = by.occurred_at
        self._touch(by)

    @property
    def first_contact_within_term(self) -> bool | None:
        """Was the first contact within 2 days of assignment? None while nobody was assigned or met."""
        if self.first_assigned_at is None or self.first_contact_at is None:
            return None
        return (self.first_contact_at - self.first_assigned_at).total_seconds() <= FIRST_CONTACT_TERM_DAYS * 86400

    # ------------------------------------------------------------- assessment

    def assess_zrm(self, *, person_id: str, scores: dict[str, int], by: Attribution) -> None:
        """Zelfredzaamheid-Matrix for one member: every domain at a level 1-5."""
        self._check_active("assess")
        self._require_role(by, TEAM_PROFESSIONALS, "score the ZRM")
        self._check_member(person_id)
        self._zrm_assessed(
            person_id=person_id,
            zrm_version=self.zrm_version,
            scores=validated_zrm_scores(self.zrm_version, scores),
            by=by,
        )

    @event("ZrmAssessed")
    def _zrm_assessed(self, person_id: str, zrm_version: str, scores: dict[str, int], by: Attribution) -> None:
        self.assessments.append(
            {"person_id": person_id, "zrm_version": zrm_version, "scores": dict(scores),
             "assessed_at": by.occurred_at, "assessor": by.actor_id, "version": self.version + 1}
        )
        self._touch(by)

    def assess_participation(self, *, person_id: str, level: int, by: Attribution) -> None:
        """Participatieladder level 1 (isolated) to 6 (paid work)."""
        self._check_active("assess participation")
        self._require_role(by, TEAM_PROFESSIONALS, "place someone on the participation ladder")
        self._check_member(person_id)
        self._participation_assessed(person_id=person_id, level=validated_ladder_level(level), by=by)

    @event("ParticipationAssessed")
    def _participation_assessed(self, person_id: str, level: int, by: Attribution) -> None:
        self.ladder.append(
            {"person_id": person_id, "level": level, "assessed_at": by.occurred_at, "version": self.version + 1}
        )
        self._touch(by)

    def assess_child_safety(self, *, meldcode_step: int, outcome: str, summary: str, by: Attribution) -> None:
        """Child-safety assessment along the Meldcode steps (003 §3.2.1)."""
        self._check_active("assess child safety")
        self._require_role(by, TEAM_PROFESSIONALS, "assess child safety")
        if meldcode_step not in MELDCODE_STEPS:
            raise InvalidValueError("meldcode_step: the Meldcode has steps 1 to 5", field="meldcode_step")
        self._child_safety_assessed(
            meldcode_step=int(meldcode_step),
            outcome=one_of(ChildSafetyOutcome, outcome, "outcome").value,
            summary=required_text(summary, "summary", "summarise the assessment"),
            by=by,
        )

    @event("ChildSafetyAssessed")
    def _child_safety_assessed(self, meldcode_step: int, outcome: str, summary: str, by: Attribution) -> None:
        self.child_safety.append(
            {"meldcode_step": meldcode_step, "outcome": outcome, "assessed_at": by.occurred_at,
             "version": self.version + 1}
        )
        self._touch(by)

    # ------------------------------------------------------------------- plan

    def adopt_plan_version(self, *, plan: dict[str, Any], by: Attribution) -> None:
        """A new version of the one plan; older versions stay readable."""
        self._check_active("adopt a plan")
        self._require_role(by, DIRECTING_ROLES, "adopt a plan")
        checked = validated_plan(plan, set(self.current_member_ids()))
        self._plan_version_adopted(plan_version=len(self.plan_versions) + 1, plan=checked, by=by)

    @event("PlanVersionAdopted")
    def _plan_version_adopted(self, plan_version: int, plan: dict[str, Any], by: Attribution) -> None:
        self.plan_versions.append(
            {"plan_version": plan_version, "plan": plan, "adopted_at": by.occurred_at, "agreed_by": [],
             "version": self.version + 1}
        )
        for action in plan["actions"]:
            existing = self.actions.get(action["action_id"])
            status = existing["status"] if existing else "open"
            self.actions[action["action_id"]] = {**action, "status": status, "plan_version": plan_version}
        if self.phase in (Phase.ASSESSMENT, Phase.EVALUATION):
            self.phase = Phase.SUPPORT
        self._touch(by)

    @property
    def current_plan(self) -> dict[str, Any] | None:
        return self.plan_versions[-1] if self.plan_versions else None

    def agree_to_plan(self, *, plan_version: int, person_id: str, by: Attribution) -> None:
        """The client (or their representative) agrees to a plan version."""
        self._check_active("agree to a plan")
        self._require_role(by, CLIENT_SIDE, "agree to the plan on the client's behalf")
        self._check_member(person_id)
        if not self.plan_versions or plan_version != self.plan_versions[-1]["plan_version"]:
            raise PlanError("plan_version: only the current plan version can be agreed to", field="plan_version")
        if person_id in self.plan_versions[-1]["agreed_by"]:
            raise PlanError("person_id: this member already agreed to this plan version", field="person_id")
        self._plan_agreed(plan_version=plan_version, person_id=person_id, by=by)

    @event("PlanAgreed")
    def _plan_agreed(self, plan_version: int, person_id: str, by: Attribution) -> None:
        self.plan_versions[plan_version - 1]["agreed_by"].append(person_id)
        self._touch(by)

    def complete_action(self, *, action_id: str, by: Attribution) -> None:
        self._check_action_open(action_id)
        self._action_completed(action_id=action_id, by=by)

    @event("ActionCompleted")
    def _action_completed(self, action_id: str, by: Attribution) -> None:
        self.actions[action_id]["status"] = "completed"
        self.actions[action_id]["finished_at"] = by.occurred_at
        self._touch(by)

    def cancel_action(self, *, action_id: str, by: Attribution) -> None:
        self._check_action_open(action_id)
        self._action_cancelled(action_id=action_id, by=by)

    @event("ActionCancelled")
    def _action_cancelled(self, action_id: str, by: Attribution) -> None:
        self.actions[action_id]["status"] = "cancelled"
        self.actions[action_id]["finished_at"] = by.occurred_at
        self._touch(by)

    def open_action_ids(self) -> list[str]:
        return [a for a, action in self.actions.items() if action["status"] == "open"]

    # -------------------------------------------------------------- referrals

    def request_referral(
        self, *, referral_id: str, kind: str, provision: str, motivation: str, by: Attribution,
        person_id: str | None = None,
    ) -> None:
        """General provisions first; specialist care or a Wmo provision needs the case director's motivation."""
        self._check_active("request a referral")
        kind_value = one_of(ReferralKind, kind, "kind")
        referral_id = required_text(referral_id, "referral_id", "give the referral an id")
        if referral_id in self.referrals:
            raise ReferralError("referral_id: already used in this dossier", field="referral_id")
        if person_id is not None:
            self._check_member(person_id)
        if kind_value == ReferralKind.GENERAL_PROVISION:
            self._require_role(by, TEAM_PROFESSIONALS, "refer to a general provision")
        else:
            if by.actor_id != self.case_director or by.actor_role not in DIRECTING_ROLES:
                raise ReferralError(
                    "referral_rules: a referral to specialist care or a Wmo provision is motivated by "
                    "this household's case director; ask them to request it"
                )
        self._referral_requested(
            referral_id=referral_id,
            kind=kind_value.value,
            provision=required_text(provision, "provision", "name the provision"),
            motivation=required_text(motivation, "motivation", "motivate why this provision is needed"),
            person_id=person_id,
            by=by,
        )

    @event("ReferralRequested")
    def _referral_requested(
        self, referral_id: str, kind: str, provision: str, motivation: str, person_id: str | None, by: Attribution
    ) -> None:
        self.referrals[referral_id] = {
            "referral_id": referral_id, "kind": kind, "provision": provision, "person_id": person_id,
            "status": "requested", "requested_at": by.occurred_at, "decided_at": None, "decided_by": None,
        }
        self._touch(by)

    def check_referral_decision(self, *, referral_id: str, decision: str, by: Attribution) -> ReferralKind:
        """Every rule of a decision except the mandate; returns the referral's kind."""
        self._check_active("decide a referral")
        referral = self.referrals.get(referral_id)
        if referral is None:
            raise UnknownItemError("referral_id: no referral with that id in this dossier", field="referral_id")
        if referral["status"] != "requested":
            raise ReferralError("referral_id: this referral was already decided", field="referral_id")
        one_of(ReferralDecision, decision, "decision")
        return ReferralKind(referral["kind"])

    def decide_referral(self, *, referral_id: str, decision: str, motivation: str, by: Attribution) -> None:
        """Granted or refused, only by a role the mandate matrix names for the decision."""
        kind = self.check_referral_decision(referral_id=referral_id, decision=decision, by=by)
        check_mandate(by.actor_role, kind, MandateStep.DECISION)
        self._referral_decided(
            referral_id=referral_id,
            decision=ReferralDecision(decision).value,
            motivation=required_text(motivation, "motivation", "motivate the decision"),
            by=by,
        )

    @event("ReferralDecided")
    def _referral_decided(self, referral_id: str, decision: str, motivation: str, by: Attribution) -> None:
        referral = self.referrals[referral_id]
        referral["status"] = decision
        referral["decided_at"] = by.occurred_at
        referral["decided_by"] = by.actor_id
        self._touch(by)

    def record_mandate_refusal(self, *, referral_id: str, step: str, by: Attribution) -> None:
        """DOMAIN: 'a refused attempt is itself recorded' — as a refusal, never as a decision."""
        self._mandate_refusal_recorded(referral_id=referral_id, step=step, by=by)

    @event("MandateRefusalRecorded")
    def _mandate_refusal_recorded(self, referral_id: str, step: str, by: Attribution) -> None:
        self.mandate_refusals.append(
            {"referral_id": referral_id, "step": step, "actor_id": by.actor_id, "actor_role": by.actor_role,
             "at": by.occurred_at}
        )

    def open_referral_ids(self) -> list[str]:
        return [r for r, referral in self.referrals.items() if referral["status"] == "requested"]

    # ------------------------------------------------------ freedom of choice

    def request_other_worker(self, *, request_id: str, person_id: str, motivation: str, by: Attribution) -> None:
        """Keuzevrijheid (002): a client may ask for another worker."""
        self._check_active("ask for another worker")
        self._require_role(by, CLIENT_SIDE, "ask for another worker")
        self._check_member(person_id)
        request_id = required_text(request_id, "request_id", "give the request an id")
        if request_id in self.worker_change_requests:
            raise InvalidValueError("request_id: already used in this dossier", field="request_id")
        self._other_worker_requested(
            request_id=request_id, person_id=person_id,
            motivation=required_text(motivation, "motivation", "say why you would like another worker"), by=by,
        )

    @event("OtherWorkerRequested")
    def _other_worker_requested(self, request_id: str, person_id: str, motivation: str, by: Attribution) -> None:
        self.worker_change_requests[request_id] = {
            "request_id": request_id, "person_id": person_id, "status": "requested", "requested_at": by.occurred_at,
            "current_worker": self.case_director,
        }
        self._touch(by)

    def decide_worker_change(
        self, *, request_id: str, granted: bool, explanation: str, new_worker_id: str | None = None,
        by: Attribution,
    ) -> None:
        """The outcome of a worker-change request; when granted, the handover is part of the same event."""
        self._check_active("decide on a worker change")
        self._require_role(by, {Role.PROCESS_DIRECTOR, Role.TEAM_LEAD}, "decide on a worker change")
        request = self.worker_change_requests.get(request_id)
        if request is None or request["status"] != "requested":
            raise UnknownItemError("request_id: no open worker-change request with that id", field="request_id")
        if granted:
            new_worker_id = required_text(new_worker_id, "new_worker_id", "name the new worker when granting")
            if new_worker_id == self.case_director:
                raise CaseDirectorError("new_worker_id: choose a worker other than the current case director")
        self._worker_change_decided(
            request_id=request_id, granted=bool(granted),
            explanation=required_text(explanation, "explanation", "explain the outcome to the client"),
            new_worker_id=new_worker_id if granted else None,
            previous_worker_id=self.case_director, by=by,
        )

    @event("WorkerChangeDecided")
    def _worker_change_decided(
        self, request_id: str, granted: bool, explanation: str, new_worker_id: str | None,
        previous_worker_id: str, by: Attribution,
    ) -> None:
        self.worker_change_requests[request_id]["status"] = "granted" if granted else "refused"
        if granted and new_worker_id:
            self.case_director = new_worker_id
            self.tandem_workers.discard(new_worker_id)
            self.case_director_history.append({"worker_id": new_worker_id, "since": by.occurred_at})
            self.handovers.append({"from": previous_worker_id, "to": new_worker_id, "warm": True, "at": by.occurred_at})
        self._touch(by)

    # ------------------------------------------------- evaluation, monitoring

    def record_evaluation(
        self, *, goal_outcomes: dict[str, str], summary: str, by: Attribution,
        zrm_after: dict[str, dict[str, int]] | None = None, ladder_after: dict[str, int] | None = None,
    ) -> None:
        """Goals met? ZRM and ladder after, per member (004 §12)."""
        self._check_phase({Phase.SUPPORT, Phase.MONITORING}, "an evaluation follows support on an adopted plan")
        self._require_role(by, DIRECTING_ROLES, "evaluate the plan")
        plan = self.current_plan
        assert plan is not None  # SUPPORT implies a plan
        goal_ids = {g["goal_id"] for g in plan["plan"]["goals"]}
        outcomes: dict[str, str] = {}
        for goal_id in goal_ids:
            outcome = goal_outcomes.get(goal_id)
            if outcome not in ("met", "partly_met", "not_met"):
                raise InvalidValueError(
                    f"goal_outcomes.{goal_id}: say for every goal of the current plan whether it was "
                    "met, partly_met or not_met",
                    field=f"goal_outcomes.{goal_id}",
                )
            outcomes[goal_id] = outcome
        extra = sorted(set(goal_outcomes) - goal_ids)
        if extra:
            raise InvalidValueError("goal_outcomes: names a goal that is not in the current plan", field="goal_outcomes")
        zrm_checked = {}
        for person_id, scores in (zrm_after or {}).items():
            self._check_member(person_id)
            zrm_checked[person_id] = validated_zrm_scores(self.zrm_version, scores)
        ladder_checked = {}
        for person_id, level in (ladder_after or {}).items():
            self._check_member(person_id)
            ladder_checked[person_id] = validated_ladder_level(level)
        self._evaluation_recorded(
            goal_outcomes=outcomes, summary=required_text(summary, "summary", "summarise the evaluation"),
            zrm_after=zrm_checked, ladder_after=ladder_checked, zrm_version=self.zrm_version, by=by,
        )

    @event("EvaluationRecorded")
    def _evaluation_recorded(
        self, goal_outcomes: dict[str, str], summary: str, zrm_after: dict[str, dict[str, int]],
        ladder_after: dict[str, int], zrm_version: str, by: Attribution,
    ) -> None:
        self.evaluations.append({"goal_outcomes": dict(goal_outcomes), "evaluated_at": by.occurred_at,
                                 "version": self.version + 1})
        for person_id, scores in zrm_after.items():
            self.assessments.append(
                {"person_id": person_id, "zrm_version": zrm_version, "scores": dict(scores),
                 "assessed_at": by.occurred_at, "assessor": by.actor_id, "version": self.version + 1}
            )
        for person_id, level in ladder_after.items():
            self.ladder.append({"person_id": person_id, "level": level, "assessed_at": by.occurred_at,
                                "version": self.version + 1})
        self.phase = Phase.EVALUATION
        self._touch(by)

    def start_monitoring(self, *, next_check_on: date | str, by: Attribution) -> None:
        """Waakvlam: low-frequency contact after support ends."""
        self._check_phase({Phase.EVALUATION}, "monitoring starts after an evaluation")
        self._require_role(by, DIRECTING_ROLES, "start monitoring")
        if self.open_action_ids():
            raise WrongPhaseError(
                "phase_allows_command: the plan still has open actions; complete or cancel them before monitoring"
            )
        check = as_date(next_check_on, "next_check_on")
        if check <= by.occurred_at.date():
            raise InvalidValueError("next_check_on: the next check lies in the future", field="next_check_on")
        self._monitoring_started(next_check_on=check, by=by)

    @event("MonitoringStarted")
    def _monitoring_started(self, next_check_on: date, by: Attribution) -> None:
        self.monitoring = {"started_at": by.occurred_at, "next_check_on": next_check_on, "checks": 0}
        self.phase = Phase.MONITORING
        self._touch(by)

    def record_monitoring_check(self, *, all_well: bool, next_check_on: date | str, by: Attribution) -> None:
        self._check_phase({Phase.MONITORING}, "monitoring checks happen while the dossier is monitored")
        check = as_date(next_check_on, "next_check_on")
        if check <= by.occurred_at.date():
            raise InvalidValueError("next_check_on: the next check lies in the future", field="next_check_on")
        self._monitoring_checked(all_well=bool(all_well), next_check_on=check, by=by)

    @event("MonitoringChecked")
    def _monitoring_checked(self, all_well: bool, next_check_on: date, by: Attribution) -> None:
        assert self.monitoring is not None
        self.monitoring["next_check_on"] = next_check_on
        self.monitoring["checks"] += 1
        self._touch(by)

    def reopen_after_relapse(self, *, case_director_id: str | None = None, by: Attribution) -> None:
        """Relapse reopens support; a closed dossier needs a case director named in the same event."""
        self._check_phase({Phase.MONITORING, Phase.CLOSED}, "only a monitored or closed dossier can be reopened")
        self._require_role(by, DIRECTING_ROLES | {Role.TEAM_LEAD}, "reopen a dossier")
        director = case_director_id or self.case_director
        if director is None:
            raise CaseDirectorError(
                "exactly_one_case_director: reopening a closed dossier needs a case director; give case_director_id"
            )
        self._reopened_after_relapse(case_director_id=director, by=by)

    @event("ReopenedAfterRelapse")
    def _reopened_after_relapse(self, case_director_id: str, by: Attribution) -> None:
        if case_director_id != self.case_director:
            self.case_director_history.append({"worker_id": case_director_id, "since": by.occurred_at})
        self.case_director = case_director_id
        self.monitoring = None
        self.closed_at = None
        self.phase = Phase.SUPPORT if self.plan_versions else Phase.ASSESSMENT
        self._touch(by)

    def close(self, *, by: Attribution) -> None:
        """Closure; open actions and undecided referrals must be settled first (nothing lost)."""
        self._check_active("close")
        self._require_role(by, DIRECTING_ROLES, "close a dossier")
        if self.open_action_ids():
            raise WrongPhaseError(
                "phase_allows_command: the plan still has open actions; complete or cancel them before closing"
            )
        if self.open_referral_ids():
            raise WrongPhaseError(
                "phase_allows_command: a referral still waits for a decision; have it decided before closing"
            )
        self._dossier_closed(by=by)

    @event("DossierClosed")
    def _dossier_closed(self, by: Attribution) -> None:
        self.phase = Phase.CLOSED
        self.closed_at = by.occurred_at
        self.case_director = None
        self.tandem_workers.clear()
        self._touch(by)

    # ------------------------------------------------------- privacy records

    def grant_consent(
        self, *, consent_id: str, person_id: str, partner: str, purpose: str, sections: list[str],
        valid_until: date | str, by: Attribution, zrm_domains_shared: list[str] | None = None,
    ) -> None:
        """A member's consent to share named sections (or ZRM domains) with one partner, for one purpose."""
        self._check_not_erased()
        self._check_member(person_id)
        consent_id = required_text(consent_id, "consent_id", "give the consent an id")
        if consent_id in self.consents:
            raise InvalidValueError("consent_id: already used in this dossier", field="consent_id")
        if not sections and not zrm_domains_shared:
            raise InvalidValueError("sections: name at least one section or ZRM domain to share", field="sections")
        unknown_sections = sorted({str(s) for s in sections} - DOSSIER_SECTIONS)
        if unknown_sections:
            raise ImplausibleValueError(
                "sections: names a section that does not exist", field="sections",
                message_nl="Het veld sections noemt een onderdeel dat niet bestaat. Kies uit: "
                           + ", ".join(sorted(DOSSIER_SECTIONS)) + ".")
        unknown = sorted(set(zrm_domains_shared or []) - set(zrm_domains(self.zrm_version)))
        if unknown:
            raise ImplausibleValueError(
                "zrm_domains_shared: names a domain not in this dossier's ZRM", field="zrm_domains_shared",
                message_nl="Het veld zrm_domains_shared noemt een domein dat niet in de zelfredzaamheidsmatrix van "
                           "dit dossier staat. Kies uit: " + ", ".join(zrm_domains(self.zrm_version)) + ".")
        until = as_date(valid_until, "valid_until")
        if until < by.occurred_at.date():
            raise InvalidValueError("valid_until: a consent cannot end in the past", field="valid_until")
        self._consent_granted(
            consent_id=consent_id, person_id=person_id,
            partner=required_text(partner, "partner", "name the partner organisation"),
            purpose=required_text(purpose, "purpose", "name the purpose of sharing"),
            sections=[str(s) for s in sections], zrm_domains_shared=list(zrm_domains_shared or []),
            valid_until=until, by=by,
        )

    @event("ConsentGranted")
    def _consent_granted(
        self, consent_id: str, person_id: str, partner: str, purpose: str, sections: list[str],
        zrm_domains_shared: list[str], valid_until: date, by: Attribution,
    ) -> None:
        self.consents[consent_id] = {
            "consent_id": consent_id, "person_id": person_id, "partner": partner, "purpose": purpose,
            "sections": list(sections), "zrm_domains": list(zrm_domains_shared), "valid_until": valid_until,
            "granted_at": by.occurred_at, "revoked_at": None,
        }
        self._touch(by)

    def revoke_consent(self, *, consent_id: str, by: Attribution) -> None:
        consent = self.consents.get(consent_id)
        if consent is None or consent["revoked_at"] is not None:
            raise UnknownItemError("consent_id: no active consent with that id", field="consent_id")
        if by.actor_role in CLIENT_SIDE and consent["person_id"] not in (by.actor_id, by.on_behalf_of):
            raise NotPermittedError(
                "role_may_act: a consent is revoked by the person who gave it or their representative"
            )
        self._consent_revoked(consent_id=consent_id, by=by)

    @event("ConsentRevoked")
    def _consent_revoked(self, consent_id: str, by: Attribution) -> None:
        self.consents[consent_id]["revoked_at"] = by.occurred_at
        self._touch(by)

    def record_legal_duty(
        self, *, duty_id: str, partner: str, legal_basis: str, sections: list[str], by: Attribution
    ) -> None:
        """A statutory duty to share with a partner (for instance a Veilig Thuis report)."""
        self._check_not_erased()
        self._require_role(by, DIRECTING_ROLES, "record a legal duty to share")
        duty_id = required_text(duty_id, "duty_id", "give the duty an id")
        if duty_id in self.legal_duties:
            raise InvalidValueError("duty_id: already used in this dossier", field="duty_id")
        if not sections:
            raise InvalidValueError("sections: name the sections the duty covers", field="sections")
        self._legal_duty_recorded(
            duty_id=duty_id, partner=required_text(partner, "partner", "name the partner"),
            legal_basis=required_text(legal_basis, "legal_basis", "cite the legal basis"), sections=list(sections), by=by,
        )

    @event("LegalDutyRecorded")
    def _legal_duty_recorded(
        self, duty_id: str, partner: str, legal_basis: str, sections: list[str], by: Attribution
    ) -> None:
        self.legal_duties[duty_id] = {"duty_id": duty_id, "partner": partner, "legal_basis": legal_basis,
                                      "sections": list(sections), "recorded_at": by.occurred_at}
        self._touch(by)

    def withhold_information(
        self, *, withholding_id: str, item_version: int | None, section: str | None, from_person_id: str,
        by: Attribution,
    ) -> None:
        """Withhold an item or section from one person for a child's safety: a reasoned decision."""
        self._check_not_erased()
        self._require_role(by, DIRECTING_ROLES, "withhold information from a client")
        self._check_member(from_person_id)
        withholding_id = required_text(withholding_id, "withholding_id", "give the decision an id")
        if withholding_id in self.withholdings:
            raise InvalidValueError("withholding_id: already used in this dossier", field="withholding_id")
        if item_version is None and not section:
            raise InvalidValueError("item_version: name the item or the section to withhold", field="item_version")
        if item_version is not None:
            self._check_item(item_version)
        self._information_withheld(
            withholding_id=withholding_id, item_version=item_version, section=section,
            from_person_id=from_person_id, by=by,
        )

    @event("InformationWithheld")
    def _information_withheld(
        self, withholding_id: str, item_version: int | None, section: str | None, from_person_id: str,
        by: Attribution,
    ) -> None:
        self.withholdings[withholding_id] = {
            "withholding_id": withholding_id, "item_version": item_version, "section": section,
            "from_person_id": from_person_id, "decided_by": by.actor_id, "decided_at": by.occurred_at,
            "lifted_at": None,
        }
        self._touch(by)

    def lift_withholding(self, *, withholding_id: str, by: Attribution) -> None:
        self._require_role(by, DIRECTING_ROLES, "lift a withholding decision")
        decision = self.withholdings.get(withholding_id)
        if decision is None or decision["lifted_at"] is not None:
            raise UnknownItemError("withholding_id: no active withholding with that id", field="withholding_id")
        self._withholding_lifted(withholding_id=withholding_id, by=by)

    @event("WithholdingLifted")
    def _withholding_lifted(self, withholding_id: str, by: Attribution) -> None:
        self.withholdings[withholding_id]["lifted_at"] = by.occurred_at
        self._touch(by)

    def record_confidence(
        self, *, confidence_id: str, item_version: int, person_id: str, by: Attribution,
        show_as_withheld: bool = False,
    ) -> None:
        """A member told this item (a contact note, a statement, an assessment) in confidence.

        Who may then see it follows from the member's age (DOMAIN.md "Minors"), decided in privacy/;
        the dossier only records whose confidence it is. `show_as_withheld` is the professional's
        choice to let the others see that something is held back, instead of nothing at all.
        """
        self._check_not_erased()
        self._require_role(by, TEAM_PROFESSIONALS, "record that something was told in confidence")
        self._check_member(person_id)
        self._check_item(item_version)
        confidence_id = required_text(confidence_id, "confidence_id", "give the record an id")
        if confidence_id in self.confidences:
            raise InvalidValueError("confidence_id: already used in this dossier", field="confidence_id")
        self._confidence_recorded(confidence_id=confidence_id, item_version=item_version, person_id=person_id,
                                  show_as_withheld=bool(show_as_withheld), by=by)

    @event("ConfidenceRecorded")
    def _confidence_recorded(
        self, confidence_id: str, item_version: int, person_id: str, show_as_withheld: bool, by: Attribution,
    ) -> None:
        self.confidences[confidence_id] = {
            "confidence_id": confidence_id, "item_version": item_version, "person_id": person_id,
            "show_as_withheld": show_as_withheld, "recorded_by": by.actor_id, "recorded_at": by.occurred_at,
            "lifted_at": None, "version": self.version + 1,
        }
        self._touch(by)

    def lift_confidence(self, *, confidence_id: str, by: Attribution) -> None:
        """The member agrees that the item may be seen as any other (recorded with the reason)."""
        self._require_role(by, TEAM_PROFESSIONALS, "lift a confidence")
        record = self.confidences.get(confidence_id)
        if record is None or record["lifted_at"] is not None:
            raise UnknownItemError("confidence_id: no confidence with that id", field="confidence_id")
        self._confidence_lifted(confidence_id=confidence_id, by=by)

    @event("ConfidenceLifted")
    def _confidence_lifted(self, confidence_id: str, by: Attribution) -> None:
        self.confidences[confidence_id]["lifted_at"] = by.occurred_at
        self._touch(by)

    def add_statement(self, *, person_id: str, item_version: int, text: str, by: Attribution) -> None:
        """Zienswijze: the client's own statement on any item; it sits beside the item, never replaces it."""
        self._check_not_erased()
        self._require_role(by, CLIENT_SIDE, "add a client's own statement")
        self._check_member(person_id)
        self._check_item(item_version)
        self._statement_added(
            person_id=person_id, item_version=item_version,
            text=required_text(text, "text", "write the statement"), by=by,
        )

    @event("StatementAdded")
    def _statement_added(self, person_id: str, item_version: int, text: str, by: Attribution) -> None:
        self.statements.append({"person_id": person_id, "item_version": item_version, "text": text,
                                "added_at": by.occurred_at, "version": self.version + 1})
        self._touch(by)

    def request_correction(
        self, *, correction_id: str, person_id: str, item_version: int, correction: str, by: Attribution
    ) -> None:
        """A correction request; the original item remains and is marked as disputed."""
        self._check_not_erased()
        self._require_role(by, CLIENT_SIDE, "request a correction")
        self._check_member(person_id)
        self._check_item(item_version)
        correction_id = required_text(correction_id, "correction_id", "give the request an id")
        if correction_id in self.corrections:
            raise InvalidValueError("correction_id: already used in this dossier", field="correction_id")
        self._correction_requested(
            correction_id=correction_id, person_id=person_id, item_version=item_version,
            correction=required_text(correction, "correction", "say what should be corrected"), by=by,
        )

    @event("CorrectionRequested")
    def _correction_requested(
        self, correction_id: str, person_id: str, item_version: int, correction: str, by: Attribution
    ) -> None:
        self.corrections[correction_id] = {
            "correction_id": correction_id, "person_id": person_id, "item_version": item_version,
            "correction": correction, "status": "requested", "requested_at": by.occurred_at,
        }
        self._touch(by)

    def decide_correction(self, *, correction_id: str, accepted: bool, explanation: str, by: Attribution) -> None:
        """Accepted corrections add a corrected reading; the original stays, marked as corrected."""
        self._require_role(by, DIRECTING_ROLES, "decide on a correction request")
        request = self.corrections.get(correction_id)
        if request is None or request["status"] != "requested":
            raise UnknownItemError("correction_id: no open correction request with that id", field="correction_id")
        self._correction_decided(
            correction_id=correction_id, accepted=bool(accepted),
            explanation=required_text(explanation, "explanation", "explain the decision to the client"), by=by,
        )

    @event("CorrectionDecided")
    def _correction_decided(self, correction_id: str, accepted: bool, explanation: str, by: Attribution) -> None:
        self.corrections[correction_id]["status"] = "accepted" if accepted else "refused"
        self._touch(by)

    def record_erasure(self, *, legal_basis: str, by: Attribution) -> None:
        """The household's data key is destroyed; this event records that it happened and why."""
        self._check_not_erased()
        if self.phase in ACTIVE_PHASES or self.phase == Phase.INTAKE:
            raise WrongPhaseError("phase_allows_command: close the dossier before it can be erased")
        self._dossier_erased(legal_basis=required_text(legal_basis, "legal_basis", "cite the erasure basis"), by=by)

    @event("DossierErased")
    def _dossier_erased(self, legal_basis: str, by: Attribution) -> None:
        self.phase = Phase.ERASED
        self.erased = True
        self._touch(by)

    # ---------------------------------------------------------------- queries

    def current_member_ids(self) -> list[str]:
        return [p for p, m in self.members.items() if m["left_on"] is None]

    @property
    def is_active(self) -> bool:
        return self.phase in ACTIVE_PHASES

    # ---------------------------------------------------------------- guards

    def trigger_event(self, event_class: Any, **kwargs: Any) -> None:  # type: ignore[override]
        """Every act on an existing dossier: it cannot have happened before the dossier's first signal."""
        by = kwargs.get("by")
        if isinstance(by, Attribution) and self.signals:
            received = self.signals[0]["received_at"]
            if by.occurred_at < received:
                raise ImplausibleValueError(
                    "occurred_at: before the dossier's first signal; check the date", field="occurred_at",
                    message_nl="Het veld occurred_at ligt vóór het eerste signaal over dit huishouden "
                               f"({received.date().strftime('%d-%m-%Y')}). Controleer de datum.")
        super().trigger_event(event_class, **kwargs)

    def _touch(self, by: Attribution) -> None:
        self.last_changed_at = by.occurred_at

    def _check_not_erased(self) -> None:
        if getattr(self, "erased", False):
            raise DossierClosedError("dossier_not_erased: this dossier was erased; nothing can be added")

    def _check_phase(self, allowed: set[Phase], rule: str) -> None:
        self._check_not_erased()
        if self.phase not in allowed:
            raise WrongPhaseError(f"phase_allows_command: {rule}; the dossier is now in phase '{self.phase}'")

    def _check_open(self, what: str) -> None:
        self._check_not_erased()
        if self.phase in (Phase.CLOSED, Phase.ANSWERED):
            raise DossierClosedError(
                f"dossier_not_closed: cannot {what} on a closed dossier; reopen it after a relapse first"
            )
        if self.phase == Phase.SIGNAL:
            raise WrongPhaseError(f"phase_allows_command: cannot {what} before the dossier is opened; open it first")

    def _check_active(self, what: str) -> None:
        self._check_open(what)
        if self.phase not in ACTIVE_PHASES:
            raise CaseDirectorError(
                f"exactly_one_case_director: cannot {what} before a case director is assigned; assign one first"
            )

    def _check_member(self, person_id: str | None) -> None:
        member = self.members.get(person_id or "")
        if member is None:
            raise UnknownMemberError(
                "person_id: not a member of this household; add the member first", field="person_id"
            )

    def _check_item(self, item_version: int) -> None:
        if isinstance(item_version, bool) or not isinstance(item_version, int) or not 1 <= item_version <= self.version:
            raise UnknownItemError(
                f"item_version: this dossier has items 1 to {self.version}", field="item_version"
            )

    def _check_action_open(self, action_id: str) -> None:
        self._check_active("change an action")
        action = self.actions.get(action_id)
        if action is None:
            raise UnknownItemError("action_id: no action with that id in the plan", field="action_id")
        if action["status"] != "open":
            raise PlanError(f"action_id: this action is already {action['status']}", field="action_id")

    @staticmethod
    def _require_role(by: Attribution, roles: set[Role] | frozenset[Role], what: str) -> None:
        if by.actor_role not in roles:
            allowed = ", ".join(sorted(r.value for r in roles))
            raise NotPermittedError(f"role_may_act: a {by.actor_role.value} may not {what}; that is for: {allowed}")


# The record that a household was erased must stay readable after its data key is destroyed;
# the store keeps events marked like this out of the household's encryption.
HouseholdDossier.DossierErased.STORED_IN_CLEAR = True  # type: ignore[attr-defined]
