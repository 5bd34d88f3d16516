"""The mix of the demo: which phase each generated household ends in, and which side paths it takes."""

from __future__ import annotations

import random
from dataclasses import dataclass

from demo.complaints import COMPLAINT_STAGES

PHASES = ("signal", "answered", "intake", "assessment", "support", "evaluation", "monitoring", "closed",
          "reopened")
PHASE_WEIGHTS = (3, 10, 3, 8, 24, 5, 15, 27, 5)
# How many days before today a household's story starts, by the phase it ends in.
START_DAYS = {
    "signal": (0.5, 6), "answered": (1, 1080), "intake": (2, 10), "assessment": (8, 40),
    "support": (60, 330), "evaluation": (220, 420), "monitoring": (320, 820), "closed": (330, 1090),
    "reopened": (560, 1090),
}


@dataclass
class Features:
    """Side paths a story takes; the first generated households force some so small demos show all."""

    complaint_stage: str | None = None
    unmandated_attempt: bool = False
    veilig_thuis: bool = False
    consent: bool = False
    revoke_consent: bool = False
    worker_change: bool = False
    handover: bool = False
    plan_revision: bool = False
    statement: bool = False
    correction: bool = False
    outreach: bool = False
    late_contact: bool = False
    individual_referral: bool = False
    warm_handover: bool = False
    tandem_worker: bool = False
    needs_children: bool = False
    child_ages: tuple[int, ...] = ()


FORCED: dict[int, tuple[str, Features]] = {
    0: ("signal", Features()),
    1: ("answered", Features()),
    2: ("intake", Features(needs_children=True)),
    3: ("assessment", Features(outreach=True, late_contact=True)),
    4: ("support", Features(child_ages=(9, 13, 16), veilig_thuis=True, consent=True, revoke_consent=True,
                            individual_referral=True, complaint_stage="commission")),
    5: ("evaluation", Features(unmandated_attempt=True, individual_referral=True, worker_change=True,
                               warm_handover=True, complaint_stage="decided")),
    6: ("monitoring", Features(plan_revision=True, statement=True, correction=True, handover=True,
                               tandem_worker=True, consent=True, complaint_stage="intake_resolved")),
    7: ("closed", Features(complaint_stage="ombudsman", individual_referral=True, needs_children=True)),
    8: ("reopened", Features(plan_revision=True, complaint_stage="decided_extended")),
}


def random_features(rng: random.Random, phase: str) -> Features:
    has_plan = phase in ("support", "evaluation", "monitoring", "closed", "reopened")
    return Features(
        complaint_stage=rng.choice(COMPLAINT_STAGES) if has_plan and rng.random() < 0.05 else None,
        unmandated_attempt=rng.random() < 0.06,
        veilig_thuis=rng.random() < 0.08,
        consent=rng.random() < 0.25,
        revoke_consent=rng.random() < 0.3,
        worker_change=rng.random() < 0.05,
        handover=rng.random() < 0.10,
        plan_revision=rng.random() < 0.25,
        statement=rng.random() < 0.08,
        correction=rng.random() < 0.05,
        outreach=rng.random() < 0.07,
        late_contact=rng.random() < 0.15,
        individual_referral=rng.random() < 0.4,
        warm_handover=rng.random() < 0.15,
        tandem_worker=rng.random() < 0.10,
    )


def plan_for(index: int, rng: random.Random) -> tuple[str, Features]:
    """The phase and side paths of generated household `index` (independent of how many are made)."""
    if index in FORCED:
        return FORCED[index]
    phase = rng.choices(PHASES, weights=PHASE_WEIGHTS)[0]
    return phase, random_features(rng, phase)
