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
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from domain.errors import DomainError, DossierErasedError
from privacy.access_log import AccessLog, AccessLogEntry, AccessLogWriteError, new_span_id, new_trace_id
from privacy.decision import decide
from privacy.facts import FactsProvider, HouseholdFacts, load_facts_or_none
from privacy.model import Action, Channel, Decision, Principal, Resource
from privacy.register import ProcessingRegister, current_register
from privacy.rules import EMERGENCY_PURPOSE, GENERIC_DENIAL, explanation, is_role_level

T = TypeVar("T")
logger = logging.getLogger(__name__)
UNREGISTERED_ACTIVITY = "unregistered"


class AccessDeniedError(DomainError):
    """403: this access is not allowed. The message never says whether the household exists."""

    rule = "privacy_decision"

    def __init__(self, decision: Decision) -> None:
        message = decision.explanation if is_role_level(decision.rule) else GENERIC_DENIAL
        if is_role_level(decision.rule):
            message = f"{decision.rule}: {message}"
        super().__init__(message)
        self.decision = decision
        self.decided_by = decision.rule  # for the privacy officer and tests; not shown to callers


class AccessLogUnavailableError(DomainError):
    """503: the access could not be logged, so no data is released. Try again later."""

    rule = "access_is_logged"

    def __init__(self) -> None:
        super().__init__(
            "access_is_logged: de toegang kon niet worden vastgelegd, daarom zijn er geen gegevens getoond. "
            "Probeer het later opnieuw of meld het aan de beheerder."
        )


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
    ) -> T:
        """Decide, write one access log entry, then return `fetch(decision)` or raise."""
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
        self._log(principal, action, resource, purpose, channel, decision, facts, trace_id, span_id, "ok")
        if not decision.permitted:
            raise AccessDeniedError(decision)
        return fetch(decision)

    access = read  # writes by clients use the same seam: decide, log, then act

    def record_without_decision(
        self, *, user_id: str, action: Action | str, section: str, channel: Channel | str, reason: str,
    ) -> None:
        """Log an operator's read that no principal's role decided (the demo's `households` listing).

        Not a permit by any rule: the line says so (`operator.without_decision`, role `system`, no
        registered purpose), so the privacy officer sees every such read. Raises
        `AccessLogUnavailableError` when the line cannot be written; the caller then shows nothing.
        """
        action, channel = Action(action), Channel(channel)
        entry = AccessLogEntry(
            event=f"{section}.{action.value}", user_id=user_id, user_role="system", organisation="beheer",
            action=action.value, section=section, channel=channel.value, outcome="permit",
            decision_rule="operator.without_decision", purpose="-", processing_activity_id=UNREGISTERED_ACTIVITY,
            trace_id=new_trace_id(), span_id=new_span_id(), status="ok", reason=reason,
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
    ) -> None:
        activity = self.register.activity_for(EMERGENCY_PURPOSE if decision.obligations.emergency else purpose)
        household = facts.household_id if facts is not None else resource.household_id
        entry = AccessLogEntry(
            event=f"{resource.section}.{action.value}",
            user_id=principal.user_id,
            user_role=principal.role.value,
            organisation=principal.organisation,
            on_behalf_of=principal.on_behalf_of,
            action=action.value,
            section=str(resource.section),
            channel=channel.value,
            outcome=decision.outcome,
            decision_rule=decision.rule,
            purpose=purpose or "-",
            processing_activity_id=activity.reference if activity is not None else UNREGISTERED_ACTIVITY,
            trace_id=trace_id or new_trace_id(),
            span_id=span_id or new_span_id(),
            status=status,
            person_id=resource.person_id,
            household_id=None if household is None else str(household),
            authorisation_profile=decision.authorisation_profile,
            emergency=decision.obligations.emergency,
            data_subject_id=resource.person_id,
            reason=principal.emergency_reason if principal.is_emergency else None,
        )
        try:
            self.access_log.append(entry)
        except AccessLogWriteError:
            logger.error("access log write failed; request refused (rule %s)", decision.rule)
            raise AccessLogUnavailableError() from None
