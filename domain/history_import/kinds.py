"""The kinds of an imported line: each names one step of the domain (an event), carried out by the
aggregate's own command, so an imported history passes every rule a recorded one does.

A kind is the event's name in snake case (`DossierOpened` -> `dossier_opened`); its `data` holds the
command's arguments by name (docs/import.md lists them). Erasure, refusal records and the system's
own bookkeeping are not importable: they are made here, not carried over.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.complaint import Complaint
from domain.dossier.household import HouseholdDossier

DOSSIER = "dossier"
COMPLAINT = "complaint"
COMPLAINT_KEY = "complaint"  # the field in `data` that names a complaint within its household


@dataclass(frozen=True)
class Kind:
    name: str
    aggregate: str  # DOSSIER or COMPLAINT
    method: str  # the aggregate's command
    parameters: tuple[str, ...]  # what `data` may hold
    required: tuple[str, ...]  # what `data` must hold
    dates: frozenset[str]  # parameters that take a calendar day (ISO text in the file)
    creates: bool = False  # the first step of its aggregate
    accepted: frozenset[str] = frozenset()  # `parameters` as a set, for checking a line's data


_DOSSIER_STEPS = {
    "SignalReceived": "receive_signal", "FurtherSignalReceived": "receive_further_signal",
    "AnsweredWithoutDossier": "answer_without_dossier", "DossierOpened": "open_dossier",
    "MemberAdded": "add_member", "MemberLeft": "record_member_left",
    "CaseDirectorAssigned": "assign_case_director", "CaseDirectorHandedOver": "hand_over_case_director",
    "TakenOverByProcessDirector": "take_over_by_process_director", "TandemWorkerAssigned": "assign_tandem_worker",
    "TandemWorkerReleased": "release_tandem_worker", "TandemStarted": "start_tandem", "TandemEnded": "end_tandem",
    "WarmHandoverDone": "record_warm_handover", "OtherWorkerRequested": "request_other_worker",
    "WorkerChangeDecided": "decide_worker_change",
    "ContactRecorded": "record_contact", "ZrmAssessed": "assess_zrm", "ParticipationAssessed": "assess_participation",
    "ChildSafetyAssessed": "assess_child_safety",
    "PlanVersionAdopted": "adopt_plan_version", "PlanAgreed": "agree_to_plan", "ActionCompleted": "complete_action",
    "ActionCancelled": "cancel_action",
    "ReferralRequested": "request_referral", "ReferralDecided": "decide_referral",
    "EvaluationRecorded": "record_evaluation", "MonitoringStarted": "start_monitoring",
    "MonitoringChecked": "record_monitoring_check", "ReopenedAfterRelapse": "reopen_after_relapse",
    "DossierClosed": "close",
    "ConsentGranted": "grant_consent", "ConsentRevoked": "revoke_consent", "LegalDutyRecorded": "record_legal_duty",
    "InformationWithheld": "withhold_information", "WithholdingLifted": "lift_withholding",
    "ConfidenceRecorded": "record_confidence", "ConfidenceLifted": "lift_confidence",
    "StatementAdded": "add_statement", "CorrectionRequested": "request_correction",
    "CorrectionDecided": "decide_correction",
}
_COMPLAINT_STEPS = {
    "ComplaintFiled": "file", "ComplaintAcknowledged": "acknowledge", "RouteChosen": "choose_route",
    "MediationConcluded": "conclude_mediation", "ReferredToCommission": "refer_to_commission",
    "CommissionAdvised": "give_advice", "TermExtended": "extend_term", "ComplaintDecided": "decide",
    "ComplaintClosed": "close", "ForwardedToOmbudsman": "forward_to_ombudsman",
}
# Set by the import itself, not by the file.
_SUPPLIED = {"self", "by", "household_id", "complaint_id"}


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _complaint_kind_name(event_name: str) -> str:
    name = snake(event_name)
    return name if name.startswith("complaint_") else f"complaint_{name}"


def _kind(event_name: str, aggregate: str, cls: type, method: str) -> Kind:
    signature = inspect.signature(getattr(cls, method))
    params = [p for p in signature.parameters.values() if p.name not in _SUPPLIED and p.kind is not p.VAR_KEYWORD]
    names = tuple(p.name for p in params)
    required = tuple(p.name for p in params if p.default is inspect.Parameter.empty)
    dates = frozenset(p.name for p in params if "date" in str(p.annotation) and "datetime" not in str(p.annotation))
    name = _complaint_kind_name(event_name) if aggregate == COMPLAINT else snake(event_name)
    creates = method in ("receive_signal", "file")
    if aggregate == COMPLAINT:
        names, required = (COMPLAINT_KEY, *names), (COMPLAINT_KEY, *required)
    return Kind(name, aggregate, method, names, required, dates, creates, frozenset(names))


KINDS: dict[str, Kind] = {
    **{snake(e): _kind(e, DOSSIER, HouseholdDossier, m) for e, m in _DOSSIER_STEPS.items()},
    **{_complaint_kind_name(e): _kind(e, COMPLAINT, Complaint, m) for e, m in _COMPLAINT_STEPS.items()},
}
FIRST_KIND = "signal_received"


def arguments(kind: Kind, data: dict[str, Any]) -> dict[str, Any]:
    """`data` as the command's keyword arguments: calendar days from ISO text, the complaint key left out."""
    out: dict[str, Any] = {}
    for name, value in data.items():
        if name == COMPLAINT_KEY:
            continue
        if name in kind.dates and isinstance(value, str):
            value = date.fromisoformat(value)
        out[name] = value
    return out
