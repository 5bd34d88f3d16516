"""The topics under which release 0.1.0 stored the dossier's events.

Until the dossier was split into area modules its events were classes nested in
`HouseholdDossier`, so a stored event says `domain.dossier:HouseholdDossier.SignalReceived`
where a new one says `domain.dossier.entry:SignalReceived`. Stored events are append-only and
their topic is hashed into the chain and bound into the encryption, so the old names are never
rewritten: they resolve to today's classes instead, and lookups by topic ask for both names.
"""

from __future__ import annotations

from eventsourcing.utils import get_topic, register_topic

from domain.dossier import events

RELEASE_0_1_PREFIX = "domain.dossier:HouseholdDossier."
# Every event class release 0.1.0 defined (and so may have stored); frozen, never extended.
RELEASE_0_1_EVENTS = (
    "ActionCancelled", "ActionCompleted", "AnsweredWithoutDossier", "CaseDirectorAssigned", "CaseDirectorHandedOver",
    "ChildSafetyAssessed", "ConfidenceLifted", "ConfidenceRecorded", "ConsentGranted", "ConsentRevoked",
    "ContactRecorded", "CorrectionDecided", "CorrectionRequested", "DossierClosed", "DossierErased", "DossierOpened",
    "EvaluationRecorded", "FurtherSignalReceived", "InformationWithheld", "LegalDutyRecorded",
    "MandateRefusalRecorded", "MemberAdded", "MemberLeft", "MonitoringChecked", "MonitoringStarted",
    "OtherWorkerRequested", "ParticipationAssessed", "PlanAgreed", "PlanVersionAdopted", "ReferralDecided",
    "ReferralRequested", "ReopenedAfterRelapse", "SignalReceived", "StatementAdded", "TakenOverByProcessDirector",
    "TandemEnded", "TandemStarted", "TandemWorkerAssigned", "TandemWorkerReleased", "WarmHandoverDone",
    "WithholdingLifted", "WorkerChangeDecided", "ZrmAssessed",
)


def topics_of(event_class: type) -> list[str]:
    """Every topic an event of this class may be stored under: today's, and release 0.1.0's."""
    topics = [get_topic(event_class)]
    if event_class.__name__ in RELEASE_0_1_EVENTS:
        topics.append(RELEASE_0_1_PREFIX + event_class.__name__)
    return topics


_BY_NAME = {event_class.__name__: event_class for event_class in events.ALL}
for _name in RELEASE_0_1_EVENTS:
    register_topic(RELEASE_0_1_PREFIX + _name, _BY_NAME[_name])
