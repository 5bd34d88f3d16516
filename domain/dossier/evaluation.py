"""Evaluation and monitoring: were the goals met (004 §12), the waakvlam after support, a relapse
that reopens support, and closure once nothing is left open."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from domain.assessment import validated_ladder_level, validated_zrm_scores
from domain.attribution import Attribution
from domain.dossier.assessment import ladder_row, zrm_row
from domain.dossier.direction import Directorship
from domain.dossier.base import DIRECTING_ROLES, DossierEvent, check_active, check_member, check_phase, require_role
from domain.event_meta import EventMeta
from domain.errors import CaseDirectorError, InvalidValueError, WrongPhaseError
from domain.values import as_date, required_text
from domain.vocabulary import Phase, Role

if TYPE_CHECKING:
    from domain.dossier.household import HouseholdDossier

GOAL_OUTCOMES = ("met", "partly_met", "not_met")


@dataclass(frozen=True)
class GoalEvaluation:
    goal_outcomes: dict[str, str]  # goal id -> met, partly_met, not_met
    evaluated_at: datetime
    version: int


@dataclass(frozen=True)
class Monitoring:
    """The waakvlam: when it started, when the next check is due, how many checks were done."""

    started_at: datetime
    next_check_on: date
    checks: int = 0


def checked_goal_outcomes(plan: dict[str, Any], goal_outcomes: dict[str, str]) -> dict[str, str]:
    """An outcome for every goal of the plan, and none for a goal it does not have."""
    goal_ids = {g["goal_id"] for g in plan["goals"]}
    outcomes: dict[str, str] = {}
    for goal_id in goal_ids:
        outcome = goal_outcomes.get(goal_id)
        if outcome not in GOAL_OUTCOMES:
            raise InvalidValueError(
                f"goal_outcomes.{goal_id}: say for every goal of the current plan whether it was "
                "met, partly_met or not_met",
                field=f"goal_outcomes.{goal_id}",
            )
        outcomes[goal_id] = outcome
    if set(goal_outcomes) - goal_ids:
        raise InvalidValueError("goal_outcomes: names a goal that is not in the current plan", field="goal_outcomes")
    return outcomes


def next_check(next_check_on: date | str, by: Attribution) -> date:
    check = as_date(next_check_on, "next_check_on")
    if check <= by.occurred_at.date():
        raise InvalidValueError("next_check_on: the next check lies in the future", field="next_check_on")
    return check


class EvaluationRecorded(DossierEvent):
    meta = EventMeta(section="evaluation", label="Evaluatie", per_member=("zrm_after", "ladder_after"))
    goal_outcomes: dict[str, str]
    summary: str
    zrm_after: dict[str, dict[str, int]]
    ladder_after: dict[str, int]
    zrm_version: str

    def apply(self, d: HouseholdDossier) -> None:
        d.evaluations.append(GoalEvaluation(dict(self.goal_outcomes), self.by.occurred_at, self.originator_version))
        for person_id, scores in self.zrm_after.items():
            d.assessments.append(zrm_row(person_id, self.zrm_version, scores, self))
        for person_id, level in self.ladder_after.items():
            d.ladder.append(ladder_row(person_id, level, self))
        d.phase = Phase.EVALUATION


class MonitoringStarted(DossierEvent):
    meta = EventMeta(section="evaluation", label="Waakvlam gestart")
    next_check_on: date

    def apply(self, d: HouseholdDossier) -> None:
        d.monitoring = Monitoring(self.by.occurred_at, self.next_check_on)
        d.phase = Phase.MONITORING


class MonitoringChecked(DossierEvent):
    meta = EventMeta(section="evaluation", label="Waakvlamcontact")
    all_well: bool
    next_check_on: date

    def apply(self, d: HouseholdDossier) -> None:
        assert d.monitoring is not None
        d.monitoring = replace(d.monitoring, next_check_on=self.next_check_on, checks=d.monitoring.checks + 1)


class ReopenedAfterRelapse(DossierEvent):
    meta = EventMeta(section="overview", label="Weer geopend", staff=("case_director_id",))
    case_director_id: str

    def apply(self, d: HouseholdDossier) -> None:
        if self.case_director_id != d.case_director:
            d.case_director_history.append(Directorship(self.case_director_id, self.by.occurred_at))
        d.case_director = self.case_director_id
        d.monitoring = None
        d.closed_at = None
        d.phase = Phase.SUPPORT if d.plan_versions else Phase.ASSESSMENT


class DossierClosed(DossierEvent):
    meta = EventMeta(section="overview", label="Dossier afgesloten")
    def apply(self, d: HouseholdDossier) -> None:
        d.phase = Phase.CLOSED
        d.closed_at = self.by.occurred_at
        d.case_director = None
        d.tandem_workers.clear()


class Evaluation:
    """Commands of evaluation, monitoring and closure; part of `HouseholdDossier`."""

    def start_evaluation(self: Any) -> None:
        self.evaluations: list[GoalEvaluation] = []
        self.monitoring: Monitoring | None = None
        self.closed_at = None

    def record_evaluation(
        self: Any, *, goal_outcomes: dict[str, str], summary: str, by: Attribution,
        zrm_after: dict[str, dict[str, int]] | None = None, ladder_after: dict[str, int] | None = None,
    ) -> None:
        """Goals met? ZRM and ladder after, per member (004 §12)."""
        check_phase(self, {Phase.SUPPORT, Phase.MONITORING}, "an evaluation follows support on an adopted plan")
        require_role(by, DIRECTING_ROLES, "evaluate the plan")
        plan = self.current_plan
        assert plan is not None  # SUPPORT implies a plan
        outcomes = checked_goal_outcomes(plan.plan, goal_outcomes)
        zrm_checked = {}
        for person_id, scores in (zrm_after or {}).items():
            check_member(self, person_id)
            zrm_checked[person_id] = validated_zrm_scores(self.zrm_version, scores)
        ladder_checked = {}
        for person_id, level in (ladder_after or {}).items():
            check_member(self, person_id)
            ladder_checked[person_id] = validated_ladder_level(level)
        self.trigger_event(
            EvaluationRecorded, goal_outcomes=outcomes,
            summary=required_text(summary, "summary", "summarise the evaluation"),
            zrm_after=zrm_checked, ladder_after=ladder_checked, zrm_version=self.zrm_version, by=by,
        )

    def start_monitoring(self: Any, *, next_check_on: date | str, by: Attribution) -> None:
        """Waakvlam: low-frequency contact after support ends."""
        check_phase(self, {Phase.EVALUATION}, "monitoring starts after an evaluation")
        require_role(by, DIRECTING_ROLES, "start monitoring")
        if self.open_action_ids():
            raise WrongPhaseError(
                "phase_allows_command: the plan still has open actions; complete or cancel them before monitoring"
            )
        self.trigger_event(MonitoringStarted, next_check_on=next_check(next_check_on, by), by=by)

    def record_monitoring_check(self: Any, *, all_well: bool, next_check_on: date | str, by: Attribution) -> None:
        check_phase(self, {Phase.MONITORING}, "monitoring checks happen while the dossier is monitored")
        check = next_check(next_check_on, by)
        self.trigger_event(MonitoringChecked, all_well=bool(all_well), next_check_on=check, by=by)

    def reopen_after_relapse(self: Any, *, case_director_id: str | None = None, by: Attribution) -> None:
        """Relapse reopens support; a closed dossier needs a case director named in the same event."""
        check_phase(self, {Phase.MONITORING, Phase.CLOSED}, "only a monitored or closed dossier can be reopened")
        require_role(by, DIRECTING_ROLES | {Role.TEAM_LEAD}, "reopen a dossier")
        director = case_director_id or self.case_director
        if director is None:
            raise CaseDirectorError(
                "exactly_one_case_director: reopening a closed dossier needs a case director; give case_director_id"
            )
        self.trigger_event(ReopenedAfterRelapse, case_director_id=director, by=by)

    def close(self: Any, *, by: Attribution) -> None:
        """Closure; open actions and undecided referrals must be settled first (nothing lost)."""
        check_active(self, "close")
        require_role(by, DIRECTING_ROLES, "close a dossier")
        if self.open_action_ids():
            raise WrongPhaseError(
                "phase_allows_command: the plan still has open actions; complete or cancel them before closing"
            )
        if self.open_referral_ids():
            raise WrongPhaseError(
                "phase_allows_command: a referral still waits for a decision; have it decided before closing"
            )
        self.trigger_event(DossierClosed, by=by)


EVENTS = (EvaluationRecorded, MonitoringStarted, MonitoringChecked, ReopenedAfterRelapse, DossierClosed)
