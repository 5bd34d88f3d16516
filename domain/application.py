"""Application services: the commands and queries of Wijkdossier over one event store.

One application holds both aggregate types so the household dossiers and complaints share
one log (one global order for projections and the integrity chain). Callers pass plain
values plus an `Attribution`; every refused command raises a `DomainError` and stores nothing.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, JSONTranscoder
from eventsourcing.utils import get_topic

from domain.attribution import Attribution
from domain.complaint import Complaint
from domain.dossier import HouseholdDossier, events
from domain.errors import (
    ComplaintNotFoundError,
    ConcurrentChangeError,
    DossierErasedError,
    DossierNotFoundError,
    InvalidValueError,
    NotMandatedError,
)
from domain.mandate import MandateStep
from domain.transcodings import register_domain_transcodings

T = TypeVar("T")

SIGNAL_RECEIVED_TOPIC = get_topic(events.SignalReceived)
MEMBER_ADDED_TOPIC = get_topic(events.MemberAdded)
COMPLAINT_FILED_TOPIC = get_topic(Complaint.ComplaintFiled)


def _as_uuid(value: UUID | str, field: str) -> UUID:
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        raise InvalidValueError(f"{field}: {value!r} is not a valid id (a UUID)", field=field) from None


class WijkdossierApplication(Application):
    """Commands and queries for household dossiers and complaints."""

    name = "wijkdossier"

    def __init__(self, env: Any = None) -> None:
        super().__init__(env)
        # Striped, so memory stays bounded however many households there are.
        self._household_locks = [threading.RLock() for _ in range(64)]

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_domain_transcodings(transcoder)

    # ---------------------------------------------------------------- helpers

    def _save(self, *aggregates: Any) -> None:
        try:
            self.save(*aggregates)
        except IntegrityError:
            raise ConcurrentChangeError(
                "no_concurrent_change: someone changed this dossier at the same time; "
                "reload it and try again"
            ) from None

    def _change_dossier(self, household_id: UUID | str, command: Callable[[HouseholdDossier], T]) -> T:
        # With the dossier cache on, a command works on the cached dossier itself rather than a
        # deep copy (copying a long dossier cost more than the command). The household's lock
        # keeps readers' copies and other commands off it meanwhile; a command that changed it
        # without storing the change (refused half-way, or stale) evicts it, so the next read
        # rebuilds it from the log.
        uid = _as_uuid(household_id, "household_id")
        with self._lock_of(uid):
            dossier = self.get_dossier(uid, _copy=False)
            version = dossier.version
            try:
                result = command(dossier)
                self._save(dossier)
            except BaseException:
                if dossier.version != version and self.repository.cache is not None:
                    with contextlib.suppress(KeyError):
                        self.repository.cache.get(uid, evict=True)
                raise
        return result

    def _lock_of(self, household_id: UUID) -> threading.RLock:
        return self._household_locks[hash(household_id) % len(self._household_locks)]

    def _change_complaint(self, complaint_id: UUID | str, command: Callable[[Complaint], T]) -> T:
        complaint = self.get_complaint(complaint_id)
        result = command(complaint)
        self._save(complaint)
        return result

    # ------------------------------------------------------------------ entry

    def receive_signal(
        self, *, source: str, reporter: str, description: str, team: str, by: Attribution,
        household_id: UUID | str | None = None, zrm_version: str | None = None,
    ) -> UUID:
        """A signal arrives; returns the new household id."""
        kwargs: dict[str, Any] = {}
        if zrm_version is not None:
            kwargs["zrm_version"] = zrm_version
        dossier = HouseholdDossier.receive_signal(
            source=source, reporter=reporter, description=description, team=team, by=by,
            household_id=None if household_id is None else _as_uuid(household_id, "household_id"), **kwargs,
        )
        self._save(dossier)
        return dossier.id

    def receive_further_signal(self, household_id: UUID | str, *, source: str, reporter: str,
                               description: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.receive_further_signal(
            source=source, reporter=reporter, description=description, by=by))

    def answer_without_dossier(self, household_id: UUID | str, *, answer: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.answer_without_dossier(answer=answer, by=by))

    def open_dossier(self, household_id: UUID | str, *, summary: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.open_dossier(summary=summary, by=by))

    # ---------------------------------------------------------------- members

    def add_member(self, household_id: UUID | str, *, person_id: str, name: str, date_of_birth: date | str,
                   relation: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.add_member(
            person_id=person_id, name=name, date_of_birth=date_of_birth, relation=relation, by=by))

    def record_member_left(self, household_id: UUID | str, *, person_id: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.record_member_left(person_id=person_id, by=by))

    # ------------------------------------------------------------- direction

    def assign_case_director(self, household_id: UUID | str, *, worker_id: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.assign_case_director(worker_id=worker_id, by=by))

    def hand_over_case_director(self, household_id: UUID | str, *, to_worker_id: str, warm: bool = True,
                                by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.hand_over_case_director(
            to_worker_id=to_worker_id, warm=warm, by=by))

    def take_over_by_process_director(self, household_id: UUID | str, *, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.take_over_by_process_director(by=by))

    def assign_tandem_worker(self, household_id: UUID | str, *, worker_id: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.assign_tandem_worker(worker_id=worker_id, by=by))

    def release_tandem_worker(self, household_id: UUID | str, *, worker_id: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.release_tandem_worker(worker_id=worker_id, by=by))

    def start_tandem(self, household_id: UUID | str, *, tandem_id: str, organisation: str, service: str,
                     by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.start_tandem(
            tandem_id=tandem_id, organisation=organisation, service=service, by=by))

    def end_tandem(self, household_id: UUID | str, *, tandem_id: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.end_tandem(tandem_id=tandem_id, by=by))

    def record_warm_handover(self, household_id: UUID | str, *, organisation: str, summary: str,
                             by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.record_warm_handover(
            organisation=organisation, summary=summary, by=by))

    # ------------------------------------------------------------ the work

    def record_contact(self, household_id: UUID | str, *, kind: str, outcome: str = "reached",
                       with_person_ids: list[str] | None = None, note: str = "", by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.record_contact(
            kind=kind, outcome=outcome, with_person_ids=with_person_ids, note=note, by=by))

    def assess_zrm(self, household_id: UUID | str, *, person_id: str, scores: dict[str, int],
                   by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.assess_zrm(person_id=person_id, scores=scores, by=by))

    def assess_participation(self, household_id: UUID | str, *, person_id: str, level: int,
                             by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.assess_participation(
            person_id=person_id, level=level, by=by))

    def assess_child_safety(self, household_id: UUID | str, *, meldcode_step: int, outcome: str, summary: str,
                            by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.assess_child_safety(
            meldcode_step=meldcode_step, outcome=outcome, summary=summary, by=by))

    def adopt_plan_version(self, household_id: UUID | str, *, plan: dict[str, Any], by: Attribution) -> int:
        """Adopt a new plan version; returns its number."""
        def adopt(d: HouseholdDossier) -> int:
            d.adopt_plan_version(plan=plan, by=by)
            return len(d.plan_versions)
        return self._change_dossier(household_id, adopt)

    def agree_to_plan(self, household_id: UUID | str, *, plan_version: int, person_id: str,
                      by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.agree_to_plan(
            plan_version=plan_version, person_id=person_id, by=by))

    def complete_action(self, household_id: UUID | str, *, action_id: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.complete_action(action_id=action_id, by=by))

    def cancel_action(self, household_id: UUID | str, *, action_id: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.cancel_action(action_id=action_id, by=by))

    def request_referral(self, household_id: UUID | str, *, referral_id: str, kind: str, provision: str,
                         motivation: str, by: Attribution, person_id: str | None = None) -> None:
        self._change_dossier(household_id, lambda d: d.request_referral(
            referral_id=referral_id, kind=kind, provision=provision, motivation=motivation, person_id=person_id,
            by=by))

    def decide_referral(self, household_id: UUID | str, *, referral_id: str, decision: str, motivation: str,
                        by: Attribution) -> None:
        """Decide a referral. An unmandated attempt is recorded as a refusal, then raised."""
        dossier = self.get_dossier(household_id)
        try:
            dossier.decide_referral(referral_id=referral_id, decision=decision, motivation=motivation, by=by)
        except NotMandatedError:
            refused = self.get_dossier(household_id)
            refused.record_mandate_refusal(referral_id=referral_id, step=MandateStep.DECISION.value, by=by)
            self._save(refused)
            raise
        self._save(dossier)

    def request_other_worker(self, household_id: UUID | str, *, request_id: str, person_id: str,
                             motivation: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.request_other_worker(
            request_id=request_id, person_id=person_id, motivation=motivation, by=by))

    def decide_worker_change(self, household_id: UUID | str, *, request_id: str, granted: bool,
                             explanation: str, by: Attribution, new_worker_id: str | None = None) -> None:
        self._change_dossier(household_id, lambda d: d.decide_worker_change(
            request_id=request_id, granted=granted, explanation=explanation, new_worker_id=new_worker_id, by=by))

    def record_evaluation(self, household_id: UUID | str, *, goal_outcomes: dict[str, str], summary: str,
                          by: Attribution, zrm_after: dict[str, dict[str, int]] | None = None,
                          ladder_after: dict[str, int] | None = None) -> None:
        self._change_dossier(household_id, lambda d: d.record_evaluation(
            goal_outcomes=goal_outcomes, summary=summary, zrm_after=zrm_after, ladder_after=ladder_after, by=by))

    def start_monitoring(self, household_id: UUID | str, *, next_check_on: date | str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.start_monitoring(next_check_on=next_check_on, by=by))

    def record_monitoring_check(self, household_id: UUID | str, *, all_well: bool, next_check_on: date | str,
                                by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.record_monitoring_check(
            all_well=all_well, next_check_on=next_check_on, by=by))

    def reopen_after_relapse(self, household_id: UUID | str, *, by: Attribution,
                             case_director_id: str | None = None) -> None:
        self._change_dossier(household_id, lambda d: d.reopen_after_relapse(
            case_director_id=case_director_id, by=by))

    def close_dossier(self, household_id: UUID | str, *, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.close(by=by))

    # ------------------------------------------------------- privacy records

    def grant_consent(self, household_id: UUID | str, *, consent_id: str, person_id: str, partner: str,
                      purpose: str, sections: list[str], valid_until: date | str, by: Attribution,
                      zrm_domains_shared: list[str] | None = None) -> None:
        self._change_dossier(household_id, lambda d: d.grant_consent(
            consent_id=consent_id, person_id=person_id, partner=partner, purpose=purpose, sections=sections,
            valid_until=valid_until, zrm_domains_shared=zrm_domains_shared, by=by))

    def revoke_consent(self, household_id: UUID | str, *, consent_id: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.revoke_consent(consent_id=consent_id, by=by))

    def record_legal_duty(self, household_id: UUID | str, *, duty_id: str, partner: str, legal_basis: str,
                          sections: list[str], by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.record_legal_duty(
            duty_id=duty_id, partner=partner, legal_basis=legal_basis, sections=sections, by=by))

    def withhold_information(self, household_id: UUID | str, *, withholding_id: str, from_person_id: str,
                             by: Attribution, item_version: int | None = None, section: str | None = None) -> None:
        self._change_dossier(household_id, lambda d: d.withhold_information(
            withholding_id=withholding_id, item_version=item_version, section=section,
            from_person_id=from_person_id, by=by))

    def lift_withholding(self, household_id: UUID | str, *, withholding_id: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.lift_withholding(withholding_id=withholding_id, by=by))

    def record_confidence(self, household_id: UUID | str, *, confidence_id: str, item_version: int,
                          person_id: str, by: Attribution, show_as_withheld: bool = False) -> None:
        self._change_dossier(household_id, lambda d: d.record_confidence(
            confidence_id=confidence_id, item_version=item_version, person_id=person_id,
            show_as_withheld=show_as_withheld, by=by))

    def lift_confidence(self, household_id: UUID | str, *, confidence_id: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.lift_confidence(confidence_id=confidence_id, by=by))

    def add_statement(self, household_id: UUID | str, *, person_id: str, item_version: int, text: str,
                      by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.add_statement(
            person_id=person_id, item_version=item_version, text=text, by=by))

    def request_correction(self, household_id: UUID | str, *, correction_id: str, person_id: str,
                           item_version: int, correction: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.request_correction(
            correction_id=correction_id, person_id=person_id, item_version=item_version, correction=correction,
            by=by))

    def decide_correction(self, household_id: UUID | str, *, correction_id: str, accepted: bool,
                          explanation: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.decide_correction(
            correction_id=correction_id, accepted=accepted, explanation=explanation, by=by))

    def record_erasure(self, household_id: UUID | str, *, legal_basis: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.record_erasure(legal_basis=legal_basis, by=by))

    # ------------------------------------------------------------- complaints

    def file_complaint(self, *, household_id: UUID | str, complainant_person_id: str, about_worker_id: str,
                       subject: str, description: str, by: Attribution, complaint_id: UUID | str | None = None,
                       scope_from: date | None = None, scope_until: date | None = None) -> UUID:
        """File a complaint about conduct; returns the complaint id."""
        dossier = self.get_dossier(household_id)
        if complainant_person_id not in dossier.members:
            raise InvalidValueError(
                "complainant_person_id: the complainant is not a member of this household", field="complainant_person_id"
            )
        complaint = Complaint.file(
            household_id=dossier.id, complainant_person_id=complainant_person_id, about_worker_id=about_worker_id,
            subject=subject, description=description, by=by, scope_from=scope_from, scope_until=scope_until,
            complaint_id=None if complaint_id is None else _as_uuid(complaint_id, "complaint_id"),
        )
        self._save(complaint)
        return complaint.id

    def acknowledge_complaint(self, complaint_id: UUID | str, *, contact_kind: str, by: Attribution) -> None:
        self._change_complaint(complaint_id, lambda c: c.acknowledge(contact_kind=contact_kind, by=by))

    def choose_complaint_route(self, complaint_id: UUID | str, *, route: str, by: Attribution) -> None:
        self._change_complaint(complaint_id, lambda c: c.choose_route(route=route, by=by))

    def conclude_mediation(self, complaint_id: UUID | str, *, resolved: bool, summary: str,
                           by: Attribution) -> None:
        self._change_complaint(complaint_id, lambda c: c.conclude_mediation(resolved=resolved, summary=summary,
                                                                            by=by))

    def refer_complaint_to_commission(self, complaint_id: UUID | str, *, commission_id: str,
                                      by: Attribution) -> None:
        self._change_complaint(complaint_id, lambda c: c.refer_to_commission(commission_id=commission_id, by=by))

    def give_commission_advice(self, complaint_id: UUID | str, *, well_founded: bool, advice: str,
                               by: Attribution) -> None:
        self._change_complaint(complaint_id, lambda c: c.give_advice(well_founded=well_founded, advice=advice,
                                                                     by=by))

    def extend_complaint_term(self, complaint_id: UUID | str, *, notice: str, by: Attribution) -> None:
        self._change_complaint(complaint_id, lambda c: c.extend_term(notice=notice, by=by))

    def decide_complaint(self, complaint_id: UUID | str, *, well_founded: bool, decision: str,
                         by: Attribution) -> None:
        self._change_complaint(complaint_id, lambda c: c.decide(well_founded=well_founded, decision=decision,
                                                                by=by))

    def close_complaint(self, complaint_id: UUID | str, *, by: Attribution) -> None:
        self._change_complaint(complaint_id, lambda c: c.close(by=by))

    def forward_complaint_to_ombudsman(self, complaint_id: UUID | str, *, ombudsman_id: str,
                                       by: Attribution) -> None:
        self._change_complaint(complaint_id, lambda c: c.forward_to_ombudsman(ombudsman_id=ombudsman_id, by=by))

    # ---------------------------------------------------------------- queries

    def get_dossier(self, household_id: UUID | str, *, version: int | None = None,
                    include_erased: bool = False, _copy: bool = True) -> HouseholdDossier:
        """The dossier now, or as it stood at a given version.

        An erased dossier is not readable: DossierErasedError, also when this process still holds it
        in its cache (the erasure event, kept readable, reaches the cached copy first).
        `include_erased` is for completing an interrupted erasure only.
        """
        uid = _as_uuid(household_id, "household_id")
        try:
            with self._lock_of(uid):  # never copy a cached dossier while a command changes it
                aggregate = self.repository.get(uid, version=version, deepcopy_from_cache=_copy)
        except AggregateNotFoundError:
            raise DossierNotFoundError("household_id: no dossier with that id", field="household_id") from None
        if not isinstance(aggregate, HouseholdDossier):
            raise DossierNotFoundError("household_id: no dossier with that id", field="household_id")
        if aggregate.erased and not include_erased:
            raise DossierErasedError("dossier_erased: this household's data was erased for good")
        return aggregate

    def get_dossier_as_of(self, household_id: UUID | str, moment: datetime) -> HouseholdDossier:
        """Time travel: the dossier as recorded at `moment` (by recording time)."""
        if moment.tzinfo is None:
            raise InvalidValueError("as_of: give a time with a time zone", field="as_of")
        version = None
        for stored in self.history(household_id):
            if stored.timestamp <= moment:
                version = stored.originator_version
            else:
                break
        if version is None:
            raise DossierNotFoundError("as_of: the dossier did not exist yet at that moment", field="as_of")
        return self.get_dossier(household_id, version=version)

    def get_dossier_as_occurred(self, household_id: UUID | str, moment: datetime) -> HouseholdDossier:
        """The dossier as far as things had happened by `moment` (by `by.occurred_at`).

        The longest prefix of the history whose events all happened by then: a review scope
        ("up to the date of the complaint") speaks of world time, like the complaint's own dates.
        """
        if moment.tzinfo is None:
            raise InvalidValueError("as_of: give a time with a time zone", field="as_of")
        version = None
        for stored in self.history(household_id):
            if stored.by.occurred_at > moment:
                break
            version = stored.originator_version
        if version is None:
            raise DossierNotFoundError("as_of: the dossier did not exist yet at that moment", field="as_of")
        return self.get_dossier(household_id, version=version)

    def history(self, aggregate_id: UUID | str) -> list[Any]:
        """Every event of one dossier or complaint, oldest first."""
        uid = _as_uuid(aggregate_id, "household_id")
        events = list(self.events.get(uid))
        if not events:
            raise DossierNotFoundError("household_id: no dossier with that id", field="household_id")
        return events

    def get_complaint(self, complaint_id: UUID | str) -> Complaint:
        uid = _as_uuid(complaint_id, "complaint_id")
        try:
            aggregate = self.repository.get(uid)
        except AggregateNotFoundError:
            raise ComplaintNotFoundError("complaint_id: no complaint with that id", field="complaint_id") from None
        if not isinstance(aggregate, Complaint):
            raise ComplaintNotFoundError("complaint_id: no complaint with that id", field="complaint_id")
        self.get_dossier(aggregate.household_id)  # a complaint goes with its household's erasure
        return aggregate

    def dossier_exists(self, household_id: UUID | str) -> bool:
        try:
            self.get_dossier(household_id)
        except DossierNotFoundError:
            return False
        except DossierErasedError:
            return True  # it existed; only its data is gone
        return True

    def _ids_with_topic(self, topic: str, page: int = 1000) -> Iterator[UUID]:
        start = 1
        while True:
            notifications = self.recorder.select_notifications(start=start, limit=page, topics=[topic])
            if not notifications:
                return
            for notification in notifications:
                yield UUID(str(notification.originator_id))
            start = notifications[-1].id + 1

    def households_joined_after(self, persons: set[str], position: int, *, limit: int = 1000) -> list[UUID]:
        """Households that the log records one of `persons` joining after notification `position`.

        For a read model that is behind the log: only the MemberAdded events in the tail it has
        not applied yet are read (at most `limit`), never every household. Erased households are
        skipped; their data is gone."""
        found: list[UUID] = []
        for notification in self.recorder.select_notifications(
            start=position, limit=limit, topics=[MEMBER_ADDED_TOPIC], inclusive_of_start=False
        ):
            try:
                joined = self.mapper.to_domain_event(notification)
            except DossierErasedError:
                continue
            household_id = UUID(str(notification.originator_id))
            if joined.person_id in persons and household_id not in found:
                found.append(household_id)
        return found

    def household_ids(self) -> list[UUID]:
        """Every household that ever had a signal, in order of arrival."""
        return list(self._ids_with_topic(SIGNAL_RECEIVED_TOPIC))

    def complaint_ids(self) -> list[UUID]:
        return list(self._ids_with_topic(COMPLAINT_FILED_TOPIC))
