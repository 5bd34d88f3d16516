"""The one seam every read of personal data goes through.

`PrivacyGuard.read(principal, action, resource, purpose, channel, fetch)`:

1. looks up the household's facts and asks `decide()`;
2. writes exactly ONE access log entry, durably, for a permit and for a denial alike
   (NEN 7513 minimum + Logius trace/span, processing activity, data subject);
3. only then: on deny raises `AccessDeniedError` (403-style: the same words whether the
   household exists or not), on permit calls `fetch(decision)` and returns its result.

If the log entry cannot be written, the request fails with `AccessLogUnavailableError`
and `fetch` is never called. Writes by clients (statements, consents) go through the same
seam (`guard.access`), so a refused attempt is logged too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import TypeVar

from domain.errors import DomainError, DossierErasedError
from privacy import tracing
from privacy.access_log import (
    DATA_SUBJECT_SEPARATOR,
    UNKNOWN_SUBJECT,
    AccessLog,
    AccessLogEntry,
    AccessLogWriteError,
    format_time,
    new_span_id,
)
from privacy.decision import admit_to_surface, decide
from privacy.facts import FactsProvider, HouseholdFacts, load_facts_or_none
from privacy.model import Action, Channel, Decision, Principal, Resource, Surface
from privacy.register import ProcessingRegister, current_register
from privacy.rules import EMERGENCY_PURPOSE, GENERIC_DENIAL, OPERATIONS_PURPOSE, explanation, is_role_level

T = TypeVar("T")
logger = logging.getLogger(__name__)
UNREGISTERED_ACTIVITY = "unregistered"
SECTION_SEPARATOR = " "  # a line about several sections names each, as data_subject_ids names each person
MUNICIPALITY_ORGANISATIONS = frozenset({"wijkteam", "gemeente", "beheer"})


class AccessDeniedError(DomainError):
    """403: this access is not allowed. The message never says whether the household exists."""

    rule = "privacy_decision"

    def __init__(self, decision: Decision) -> None:
        message = decision.explanation if is_role_level(decision.rule) else GENERIC_DENIAL
        if is_role_level(decision.rule):
            message = f"{decision.rule}: {message}"
        super().__init__(message, message_nl=decision.explanation if is_role_level(decision.rule) else GENERIC_DENIAL)
        self.decision = decision
        self.decided_by = decision.rule  # for the privacy officer and tests; not shown to callers


class AccessLogUnavailableError(DomainError):
    """503: the access could not be logged, so no data is released. Try again later."""

    rule = "access_is_logged"

    def __init__(self) -> None:
        dutch = ("De toegang kon niet worden vastgelegd, daarom zijn er geen gegevens getoond. "
                 "Probeer het later opnieuw of meld het aan de beheerder.")
        super().__init__(f"access_is_logged: {dutch}", message_nl=dutch)


class PrivacyGuard:
    """Decides, logs, then fetches. Construct one per application with its access log."""

    def __init__(
        self,
        access_log: AccessLog,
        facts: FactsProvider,
        *,
        register: ProcessingRegister | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.access_log = access_log
        self.facts = facts
        self.register = register or current_register()
        self.today = today

    def read(
        self,
        principal: Principal,
        action: Action | str,
        resource: Resource,
        purpose: str,
        channel: Channel | str,
        fetch: Callable[[Decision], T],
        *,
        trace_id: str | None = None,
        span_id: str | None = None,
        subjects: Callable[[Decision], Iterable[str]] | None = None,
    ) -> T:
        """Decide, write one access log entry, then return `fetch(decision)` or raise.

        `subjects(decision)`, for a list, names the people whose data the permitted call will show
        (the members of the households on the page): asked after the decision and before the line,
        which names them; nothing is fetched or released until the line is stored."""
        action = Action(action)
        channel = Channel(channel)
        try:
            facts = load_facts_or_none(self.facts, principal, resource, self.today())
        except DossierErasedError:
            # The household was erased (its key destroyed): the attempt is logged, then the caller
            # answers "gewist" (the error passes on). No data exists to release.
            gone = Decision(False, "erasure.data_unreadable", explanation("erasure.data_unreadable"))
            self._log(principal, action, resource, purpose, channel, gone, None, trace_id, span_id, "ok")
            raise
        except Exception:
            # The lookup itself failed (store down, data unreadable): still one log line, then fail.
            failed = Decision(False, "facts.unavailable", GENERIC_DENIAL)
            self._log(principal, action, resource, purpose, channel, failed, None, trace_id, span_id, "error")
            raise
        decision = decide(principal, action, resource, purpose, facts, register=self.register)
        listed: list[str] | None = None
        if subjects is not None and decision.permitted:
            try:
                listed = list(subjects(decision))
            except Exception:
                # Whose data the list holds could not be read: one line saying so, and nothing shown.
                failed = Decision(False, "facts.unavailable", GENERIC_DENIAL)
                self._log(principal, action, resource, purpose, channel, failed, facts, trace_id, span_id, "error")
                raise
        self._log(principal, action, resource, purpose, channel, decision, facts, trace_id, span_id, "ok",
                  listed=listed)
        if not decision.permitted:
            raise AccessDeniedError(decision)
        return fetch(decision)

    access = read  # writes by clients use the same seam: decide, log, then act

    def read_together(
        self,
        principal: Principal,
        action: Action | str,
        resources: Sequence[Resource],
        purpose: str,
        channel: Channel | str,
        fetch: Callable[[list[Decision]], T],
        *,
        trace_id: str | None = None,
    ) -> T:
        """One call that shows several sections of one household (the portal's ZRM and ladder, the
        review's complaint and history): each section decided on the same facts, ONE line naming
        every section and every data subject, then `fetch(decisions)` (in the order asked) or raise.

        Refused when any section is refused (the line names the rule of the first refusal), so a
        call never shows part of what it asked for without saying so.
        """
        if not resources:
            raise ValueError("read_together needs at least one resource")
        first = resources[0]
        if any((r.household_id, r.complaint_id, r.person_id) != (first.household_id, first.complaint_id,
                                                                  first.person_id) for r in resources):
            raise ValueError("read_together reads sections of one household, for one person")
        action, channel = Action(action), Channel(channel)
        sections = SECTION_SEPARATOR.join(dict.fromkeys(str(r.section) for r in resources))
        try:
            facts = load_facts_or_none(self.facts, principal, first, self.today())
        except DossierErasedError:
            gone = Decision(False, "erasure.data_unreadable", explanation("erasure.data_unreadable"))
            self._log(principal, action, first, purpose, channel, gone, None, trace_id, None, "ok", sections)
            raise
        except Exception:
            failed = Decision(False, "facts.unavailable", GENERIC_DENIAL)
            self._log(principal, action, first, purpose, channel, failed, None, trace_id, None, "error", sections)
            raise
        decisions = [decide(principal, action, r, purpose, facts, register=self.register) for r in resources]
        refused = next((d for d in decisions if not d.permitted), None)
        logged = refused or _together(decisions)
        self._log(principal, action, first, purpose, channel, logged, facts, trace_id, None, "ok", sections)
        if refused is not None:
            raise AccessDeniedError(refused)
        return fetch(decisions)

    def admit(self, principal: Principal, surface: Surface, resource: Resource, purpose: str,
              channel: Channel | str) -> None:
        """Let the principal use a surface meant for some roles only (the portal, the review).

        A refusal is decided here and logged like any other before it is raised, so a
        professional trying the portal, or a client the review, leaves their line.
        """
        decision = admit_to_surface(principal, surface)
        if decision is None:
            return
        # The household the call names is looked up only to say whose data was asked for: its
        # members are the refusal's data subjects, as for any other refusal of a household read.
        try:
            facts = load_facts_or_none(self.facts, principal, resource, self.today())
        except Exception:  # an erased or unreadable household: the refusal is logged all the same
            facts = None
        self._log(principal, Action(Action.READ), resource, purpose, Channel(channel), decision, facts, None, None, "ok")
        raise AccessDeniedError(decision)

    def record_without_decision(
        self, *, user_id: str, action: Action | str, section: str, channel: Channel | str, reason: str,
        data_subject_ids: list[str] | None = None,
    ) -> None:
        """Log an operator's read that no principal's role decided (the demo's `households` listing).

        Not a permit by any rule: the line says so (`operator.without_decision`, role `system`),
        under the register's activity for running the installation, so the privacy officer sees
        every such read. Raises `AccessLogUnavailableError` when the line cannot be written; the
        caller then shows nothing.
        """
        action, channel = Action(action), Channel(channel)
        activity = self.register.activity_for(OPERATIONS_PURPOSE)
        trace = tracing.current()
        entry = AccessLogEntry(
            event=f"{section}.{action.value}", user_id=user_id, user_role="system", organisation="beheer",
            action=action.value, section=section, channel=channel.value, outcome="permit",
            decision_rule="operator.without_decision", purpose=OPERATIONS_PURPOSE,
            processing_activity_id=activity.reference if activity is not None else UNREGISTERED_ACTIVITY,
            trace_id=trace.trace_id, span_id=new_span_id(), status="ok", reason=reason,
            data_subject_ids=_subjects_or_unknown(data_subject_ids or []),
            legal_basis=activity.legal_basis if activity is not None else None,
            legal_reference=activity.legal_reference if activity is not None else None,
            parent_span_id=trace.parent_span_id, start_time=format_time(trace.started_at),
        )
        try:
            self.access_log.append(entry)
        except AccessLogWriteError:
            logger.error("access log write failed; operator listing refused")
            raise AccessLogUnavailableError() from None

    def decide_only(self, principal: Principal, action: Action | str, resource: Resource, purpose: str) -> Decision:
        """A decision without logging or data, for UI hints (what buttons to show). Never releases data."""
        try:
            facts = load_facts_or_none(self.facts, principal, resource, self.today())
        except DossierErasedError:
            return Decision(False, "erasure.data_unreadable", explanation("erasure.data_unreadable"))
        return decide(principal, action, resource, purpose, facts, register=self.register)

    def _log(
        self, principal: Principal, action: Action, resource: Resource, purpose: str, channel: Channel,
        decision: Decision, facts: HouseholdFacts | None, trace_id: str | None, span_id: str | None, status: str,
        sections: str | None = None, listed: list[str] | None = None,
    ) -> None:
        activity = self.register.activity_for(EMERGENCY_PURPOSE if decision.obligations.emergency else purpose)
        household = facts.household_id if facts is not None else resource.household_id
        trace = tracing.current()
        # LDV: a call from another organisation is a foreign operation, not a parent within our trace.
        foreign = principal.organisation not in MUNICIPALITY_ORGANISATIONS and trace.parent_span_id is not None
        section = sections or str(resource.section)
        entry = AccessLogEntry(
            event=f"{section.replace(SECTION_SEPARATOR, '+')}.{action.value}",
            user_id=principal.user_id,
            user_role=principal.role.value,
            organisation=principal.organisation,
            on_behalf_of=principal.on_behalf_of,
            action=action.value,
            section=section,
            channel=channel.value,
            outcome=decision.outcome,
            decision_rule=decision.rule,
            purpose=purpose or "-",
            processing_activity_id=activity.reference if activity is not None else UNREGISTERED_ACTIVITY,
            trace_id=trace_id or trace.trace_id,
            span_id=span_id or new_span_id(),
            status=status,
            person_id=resource.person_id,
            household_id=None if household is None else str(household),
            authorisation_profile=decision.authorisation_profile,
            emergency=decision.obligations.emergency,
            data_subject_id=resource.person_id,
            reason=principal.emergency_reason if principal.is_emergency else None,
            data_subject_ids=_subjects_or_unknown(
                listed if listed is not None else data_subjects(principal, resource, decision, facts)),
            legal_basis=activity.legal_basis if activity is not None else None,
            legal_reference=_legal_reference(activity, decision),
            parent_span_id=None if foreign else trace.parent_span_id,
            start_time=format_time(trace.started_at),
            foreign_entity=f"urn:wijkdossier:organisatie:{principal.organisation}" if foreign else None,
            foreign_operation_id=trace.parent_span_id if foreign else None,
        )
        try:
            self.access_log.append(entry)
        except AccessLogWriteError:
            logger.error("access log write failed; request refused (rule %s)", decision.rule)
            raise AccessLogUnavailableError() from None


def data_subjects(principal: Principal, resource: Resource, decision: Decision,
                  facts: HouseholdFacts | None) -> list[str]:
    """Whose data the access concerned: the named person; else, for a household, each member whose
    data was (or, for a refusal, would have been) in it; else the client asking about themself.
    None of these (a household or complaint not found, a list, an aggregate): the line says
    `unknown` (`_subjects_or_unknown`)."""
    if resource.person_id is not None:
        return [resource.person_id]
    if facts is not None:
        members = [m.person_id for m in facts.members]
        if decision.permitted:
            members = [p for p in members if p not in decision.obligations.redact_person_ids]
        return members
    return [p for p in (principal.person_id, *principal.represents) if p]


def _together(decisions: list[Decision]) -> Decision:
    """The permits of one call's sections as the one decision its line records: every rule and
    profile that let it in, every member left out of any section (so none is named as shown), and
    emergency when any section was opened in an emergency."""
    rules = " ".join(dict.fromkeys(d.rule for d in decisions))
    profiles = " ".join(dict.fromkeys(d.authorisation_profile for d in decisions if d.authorisation_profile))
    hidden = frozenset().union(*(d.obligations.redact_person_ids for d in decisions))
    first = decisions[0]
    emergency = any(d.obligations.emergency for d in decisions)
    return Decision(True, rules, first.explanation,
                    replace(first.obligations, redact_person_ids=hidden, emergency=emergency), profiles or None)


def _subjects_or_unknown(person_ids: Iterable[str]) -> str:
    """Every line names its data subjects (NEN 7513 "which client"); where none could be
    established it says so with `unknown`, so an empty column is never a question."""
    unique = sorted({p for p in person_ids if p and DATA_SUBJECT_SEPARATOR not in p})
    return DATA_SUBJECT_SEPARATOR.join(unique) or UNKNOWN_SUBJECT


def _legal_reference(activity: object | None, decision: Decision) -> str | None:
    """In words: the law the activity rests on, and the consent or legal duty that let this one in."""
    law = getattr(activity, "legal_reference", None) or None
    profile = decision.authorisation_profile or ""
    if profile.startswith(("consent:", "legal_duty:")):
        return f"{law}; {profile}" if law else profile
    return law
