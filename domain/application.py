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
from domain.dossier import HouseholdDossier, entry
from domain.dossier.commands import DossierCommands
from domain.dossier.legacy_topics import topics_of
from domain.errors import (
    ComplaintNotFoundError,
    ConcurrentChangeError,
    DossierErasedError,
    DossierNotFoundError,
    InvalidValueError,
)
from domain import reads
from domain.recording import entered_record_at
from domain.transcodings import register_domain_transcodings
from domain.values import as_uuid

T = TypeVar("T")

# Release 0.1.0 stored dossier events under other topics; both are asked for (legacy_topics).
SIGNAL_RECEIVED_TOPICS = topics_of(entry.SignalReceived)
MEMBER_ADDED_TOPICS = topics_of(entry.MemberAdded)
COMPLAINT_FILED_TOPICS = [get_topic(Complaint.ComplaintFiled)]


class WijkdossierApplication(DossierCommands, Application):
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
        for aggregate in aggregates:  # a request that acts and then reads sees its act
            reads.forget(aggregate.id)
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
        uid = as_uuid(household_id, "household_id")
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
            complaint_id=None if complaint_id is None else as_uuid(complaint_id, "complaint_id"),
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
        `include_erased` is for completing an interrupted erasure only. Inside a `reads.reading()`
        scope the dossier now is loaded once (the decision and the view share it).
        """
        uid = as_uuid(household_id, "household_id")

        def load() -> Any:
            with self._lock_of(uid):  # never copy a cached dossier while a command changes it
                return self.repository.get(uid, version=version, deepcopy_from_cache=_copy)
        try:
            aggregate = reads.once(("dossier", uid), load) if version is None and _copy else load()
        except AggregateNotFoundError:
            raise DossierNotFoundError("household_id: no dossier with that id", field="household_id") from None
        if not isinstance(aggregate, HouseholdDossier):
            raise DossierNotFoundError("household_id: no dossier with that id", field="household_id")
        if aggregate.erased and not include_erased:
            raise DossierErasedError("dossier_erased: this household's data was erased for good")
        return aggregate

    def get_dossier_as_of(self, household_id: UUID | str, moment: datetime) -> HouseholdDossier:
        """Time travel: the dossier as it stood on record at `moment`: by recording time, and for history
        imported from a previous system by when it happened (`domain.recording.entered_record_at`)."""
        if moment.tzinfo is None:
            raise InvalidValueError("as_of: give a time with a time zone", field="as_of")
        version = None
        for stored in self.history(household_id):
            if entered_record_at(stored) <= moment:
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
        """Every event of one dossier or complaint, oldest first (read once in a `reads.reading()` scope)."""
        uid = as_uuid(aggregate_id, "household_id")
        events = list(reads.once(("history", uid), lambda: list(self.events.get(uid))))
        if not events:
            raise DossierNotFoundError("household_id: no dossier with that id", field="household_id")
        return events

    def get_complaint(self, complaint_id: UUID | str) -> Complaint:
        uid = as_uuid(complaint_id, "complaint_id")
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

    def _ids_with_topic(self, topics: list[str], page: int = 1000) -> Iterator[UUID]:
        start = 1
        while True:
            notifications = self.recorder.select_notifications(start=start, limit=page, topics=topics)
            if not notifications:
                return
            for notification in notifications:
                yield UUID(str(notification.originator_id))
            start = notifications[-1].id + 1

    def households_joined_after(self, persons: set[str], position: int, *, page: int = 1000) -> list[UUID]:
        """Households that the log records one of `persons` joining after notification `position`.

        For a read model that is behind the log: only the MemberAdded events in the tail it has
        not applied yet are read, a page at a time to the end of the log (a lag of more than a
        page must not hide a household), never every household. Erased households are skipped;
        their data is gone."""
        found: list[UUID] = []
        while notifications := self.recorder.select_notifications(
            start=position, limit=page, topics=MEMBER_ADDED_TOPICS, inclusive_of_start=False
        ):
            for notification in notifications:
                try:
                    joined = self.mapper.to_domain_event(notification)
                except DossierErasedError:
                    continue
                household_id = UUID(str(notification.originator_id))
                if joined.person_id in persons and household_id not in found:
                    found.append(household_id)
            position = notifications[-1].id
        return found

    def household_ids(self) -> list[UUID]:
        """Every household that ever had a signal, in order of arrival."""
        return list(self._ids_with_topic(SIGNAL_RECEIVED_TOPICS))

    def complaint_ids(self) -> list[UUID]:
        return list(self._ids_with_topic(COMPLAINT_FILED_TOPICS))
