"""Every event of the household dossier, by area: the one place projections and privacy/ import them from."""

from __future__ import annotations

from domain.dossier import assessment, client_rights, direction, entry, evaluation, plan, privacy_records, referrals
from domain.dossier.assessment import ChildSafetyAssessed, ContactRecorded, ParticipationAssessed, ZrmAssessed
from domain.dossier.base import DossierEvent
from domain.dossier.client_rights import CorrectionDecided, CorrectionRequested, DossierErased, StatementAdded
from domain.dossier.direction import (
    CaseDirectorAssigned,
    CaseDirectorHandedOver,
    OtherWorkerRequested,
    TakenOverByProcessDirector,
    TandemEnded,
    TandemStarted,
    TandemWorkerAssigned,
    TandemWorkerReleased,
    WarmHandoverDone,
    WorkerChangeDecided,
)
from domain.dossier.entry import (
    AnsweredWithoutDossier,
    DossierOpened,
    FurtherSignalReceived,
    MemberAdded,
    MemberLeft,
    SignalReceived,
)
from domain.dossier.evaluation import (
    DossierClosed,
    EvaluationRecorded,
    MonitoringChecked,
    MonitoringStarted,
    ReopenedAfterRelapse,
)
from domain.dossier.plan import ActionCancelled, ActionCompleted, PlanAgreed, PlanVersionAdopted
from domain.dossier.privacy_records import (
    ConfidenceLifted,
    ConfidenceRecorded,
    ConsentGranted,
    ConsentRevoked,
    InformationWithheld,
    LegalDutyRecorded,
    WithholdingLifted,
)
from domain.dossier.referrals import MandateRefusalRecorded, ReferralDecided, ReferralRequested

AREAS = (entry, direction, assessment, plan, referrals, evaluation, privacy_records, client_rights)
ALL: tuple[type[DossierEvent], ...] = tuple(e for area in AREAS for e in area.EVENTS)

__all__ = [
    "ALL", "AREAS", "ActionCancelled", "ActionCompleted", "AnsweredWithoutDossier", "CaseDirectorAssigned",
    "CaseDirectorHandedOver", "ChildSafetyAssessed", "ConfidenceLifted", "ConfidenceRecorded", "ConsentGranted",
    "ConsentRevoked", "ContactRecorded", "CorrectionDecided", "CorrectionRequested", "DossierClosed", "DossierErased",
    "DossierEvent", "DossierOpened", "EvaluationRecorded", "FurtherSignalReceived", "InformationWithheld",
    "LegalDutyRecorded", "MandateRefusalRecorded", "MemberAdded", "MemberLeft", "MonitoringChecked",
    "MonitoringStarted", "OtherWorkerRequested", "ParticipationAssessed", "PlanAgreed", "PlanVersionAdopted",
    "ReferralDecided", "ReferralRequested", "ReopenedAfterRelapse", "SignalReceived", "StatementAdded",
    "TakenOverByProcessDirector", "TandemEnded", "TandemStarted", "TandemWorkerAssigned", "TandemWorkerReleased",
    "WarmHandoverDone", "WithholdingLifted", "WorkerChangeDecided", "ZrmAssessed",
]
