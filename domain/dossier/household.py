"""The household dossier: one household, one plan, one case director, from the first signal to
closure (and erasure). One aggregate and one event stream per household, composed of its areas.

Each area (entry.py, direction.py, ...) holds its events and its commands; this class puts them
together, so a rule that spans areas (closing needs the plan's actions and the referrals settled)
reads one consistent state and is checked against one version. docs/architecture.md says why.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.domain import Aggregate

from domain.attribution import Attribution
from domain.dossier.assessment import Assessment
from domain.dossier.client_rights import ClientRights
from domain.dossier.direction import Direction
from domain.dossier.entry import Entry
from domain.dossier.evaluation import Evaluation
from domain.dossier.plan import Plan
from domain.dossier.privacy_records import PrivacyRecords
from domain.dossier.referrals import Referrals
from domain.errors import ImplausibleValueError
from domain.recording import RecordedAggregateMixin
from domain.vocabulary import ACTIVE_PHASES


class HouseholdDossier(Entry, Direction, Assessment, Plan, Referrals, Evaluation, PrivacyRecords, ClientRights,
                       RecordedAggregateMixin, Aggregate):
    """A household's dossier from the first signal to closure (and erasure)."""

    # Set by the first signal: team, zrm_version, phase, last_changed_at (no class annotations:
    # the library would take them for the aggregate's constructor arguments).

    def start_state(self) -> None:
        """Every area's empty state, as the first signal finds it (called by `SignalReceived`)."""
        self.start_entry()
        self.start_direction()
        self.start_assessment()
        self.start_plan()
        self.start_referrals()
        self.start_evaluation()
        self.start_privacy_records()
        self.start_client_rights()

    @property
    def is_active(self) -> bool:
        return self.phase in ACTIVE_PHASES

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
