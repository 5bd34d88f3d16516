"""The mandate matrix for individual provisions (seed 003, figure 5): who may take which step."""

from __future__ import annotations

from enum import StrEnum

from domain.errors import NotMandatedError
from domain.vocabulary import ReferralKind, Role


class MandateStep(StrEnum):
    INFORMATION_AND_ADVICE = "information_and_advice"
    INVENTORY_AND_DIAGNOSIS = "inventory_and_diagnosis"
    INDICATION = "indication"
    DECISION = "decision"
    ADMINISTRATIVE_PROCESSING = "administrative_processing"


# 003 figure 5. "Intake consultant" has no role of its own here; that work is done by the
# municipal consultant. General provisions need no indication: the team refers directly.
MANDATE_MATRIX: dict[ReferralKind, dict[MandateStep, frozenset[Role]]] = {
    ReferralKind.SPECIALIST_YOUTH_CARE: {
        MandateStep.INFORMATION_AND_ADVICE: frozenset({Role.CASE_DIRECTOR}),
        MandateStep.INVENTORY_AND_DIAGNOSIS: frozenset({Role.CASE_DIRECTOR, Role.PROCESS_DIRECTOR}),
        MandateStep.INDICATION: frozenset({Role.PROCESS_DIRECTOR}),
        MandateStep.DECISION: frozenset({Role.PROCESS_DIRECTOR}),
        MandateStep.ADMINISTRATIVE_PROCESSING: frozenset({Role.ADMINISTRATIVE_OFFICER}),
    },
    ReferralKind.WMO_PROVISION: {
        MandateStep.INFORMATION_AND_ADVICE: frozenset({Role.CASE_DIRECTOR, Role.MUNICIPAL_CONSULTANT}),
        MandateStep.INVENTORY_AND_DIAGNOSIS: frozenset(
            {Role.CASE_DIRECTOR, Role.PROCESS_DIRECTOR, Role.MUNICIPAL_CONSULTANT}
        ),
        MandateStep.INDICATION: frozenset({Role.PROCESS_DIRECTOR, Role.MUNICIPAL_CONSULTANT}),
        MandateStep.DECISION: frozenset({Role.PROCESS_DIRECTOR, Role.MUNICIPAL_CONSULTANT}),
        MandateStep.ADMINISTRATIVE_PROCESSING: frozenset({Role.ADMINISTRATIVE_OFFICER}),
    },
    ReferralKind.GENERAL_PROVISION: {
        MandateStep.INFORMATION_AND_ADVICE: frozenset(
            {Role.SOCIAL_WORKER, Role.CASE_DIRECTOR, Role.PROCESS_DIRECTOR, Role.MUNICIPAL_CONSULTANT}
        ),
        MandateStep.INVENTORY_AND_DIAGNOSIS: frozenset(
            {Role.SOCIAL_WORKER, Role.CASE_DIRECTOR, Role.PROCESS_DIRECTOR, Role.MUNICIPAL_CONSULTANT}
        ),
        MandateStep.INDICATION: frozenset({Role.CASE_DIRECTOR, Role.PROCESS_DIRECTOR}),
        MandateStep.DECISION: frozenset({Role.CASE_DIRECTOR, Role.PROCESS_DIRECTOR}),
        MandateStep.ADMINISTRATIVE_PROCESSING: frozenset({Role.ADMINISTRATIVE_OFFICER}),
    },
}


def mandated_roles(kind: ReferralKind, step: MandateStep) -> frozenset[Role]:
    return MANDATE_MATRIX[kind][step]


def is_mandated(role: Role, kind: ReferralKind, step: MandateStep) -> bool:
    return role in MANDATE_MATRIX[kind][step]


def check_mandate(role: Role, kind: ReferralKind, step: MandateStep) -> None:
    """Raise NotMandatedError naming who does hold the mandate."""
    if not is_mandated(role, kind, step):
        holders = ", ".join(sorted(r.value for r in mandated_roles(kind, step)))
        raise NotMandatedError(
            f"mandate_matrix: a {role.value} has no mandate for the {step.value.replace('_', ' ')} "
            f"of {kind.value.replace('_', ' ')}; ask a {holders} to take this step"
        )
