"""Plan and support: one plan of approach in versions (older ones stay readable), the client's
agreement, and the actions it names."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from domain.attribution import Attribution
from domain.dossier.base import DIRECTING_ROLES, DossierEvent, check_active, check_member, require_role
from domain.event_meta import EventMeta
from domain.errors import PlanError, UnknownItemError
from domain.plan import validated_plan
from domain.vocabulary import CLIENT_SIDE, Phase

if TYPE_CHECKING:
    from domain.dossier.household import HouseholdDossier


@dataclass(frozen=True)
class PlanVersion:
    plan_version: int
    plan: dict[str, Any]  # problems, goals, results, solutions, actions: as validated and stored
    adopted_at: datetime
    agreed_by: tuple[str, ...]
    version: int


@dataclass(frozen=True)
class Action:
    action_id: str
    description: str
    owner_kind: str
    owner_name: str
    due_on: date
    goal_id: str | None
    status: str  # open, completed, cancelled
    plan_version: int  # the latest plan version that names it
    finished_at: datetime | None = None


class PlanVersionAdopted(DossierEvent):
    meta = EventMeta(section="plan", label="Plan van aanpak vastgesteld", shows="plan")
    plan_version: int
    plan: dict[str, Any]

    def apply(self, d: HouseholdDossier) -> None:
        d.plan_versions.append(PlanVersion(self.plan_version, self.plan, self.by.occurred_at, (),
                                           self.originator_version))
        for action in self.plan["actions"]:
            existing = d.actions.get(action["action_id"])
            d.actions[action["action_id"]] = Action(
                action["action_id"], action["description"], action["owner_kind"], action["owner_name"],
                action["due_on"], action["goal_id"], existing.status if existing else "open", self.plan_version,
                existing.finished_at if existing else None)
        if d.phase in (Phase.ASSESSMENT, Phase.EVALUATION):
            d.phase = Phase.SUPPORT


class PlanAgreed(DossierEvent):
    meta = EventMeta(section="plan", label="Akkoord met het plan", subjects=("person_id",), shows="plan_agreed")
    plan_version: int
    person_id: str

    def apply(self, d: HouseholdDossier) -> None:
        agreed = d.plan_versions[self.plan_version - 1]
        d.plan_versions[self.plan_version - 1] = replace(agreed, agreed_by=(*agreed.agreed_by, self.person_id))


class ActionCompleted(DossierEvent):
    meta = EventMeta(section="plan", label="Actie gedaan")
    action_id: str

    def apply(self, d: HouseholdDossier) -> None:
        d.actions[self.action_id] = replace(d.actions[self.action_id], status="completed",
                                            finished_at=self.by.occurred_at)


class ActionCancelled(DossierEvent):
    meta = EventMeta(section="plan", label="Actie gestopt")
    action_id: str

    def apply(self, d: HouseholdDossier) -> None:
        d.actions[self.action_id] = replace(d.actions[self.action_id], status="cancelled",
                                            finished_at=self.by.occurred_at)


class Plan:
    """Commands of the plan; part of `HouseholdDossier`."""

    def start_plan(self: Any) -> None:
        self.plan_versions: list[PlanVersion] = []
        self.actions: dict[str, Action] = {}

    def adopt_plan_version(self: Any, *, plan: dict[str, Any], by: Attribution) -> None:
        """A new version of the one plan; older versions stay readable."""
        check_active(self, "adopt a plan")
        require_role(by, DIRECTING_ROLES, "adopt a plan")
        checked = validated_plan(plan, set(self.current_member_ids()))
        self.trigger_event(PlanVersionAdopted, plan_version=len(self.plan_versions) + 1, plan=checked, by=by)

    @property
    def current_plan(self: Any) -> PlanVersion | None:
        return self.plan_versions[-1] if self.plan_versions else None

    def agree_to_plan(self: Any, *, plan_version: int, person_id: str, by: Attribution) -> None:
        """The client (or their representative) agrees to a plan version."""
        check_active(self, "agree to a plan")
        require_role(by, CLIENT_SIDE, "agree to the plan on the client's behalf")
        check_member(self, person_id)
        if not self.plan_versions or plan_version != self.plan_versions[-1].plan_version:
            raise PlanError("plan_version: only the current plan version can be agreed to", field="plan_version")
        if person_id in self.plan_versions[-1].agreed_by:
            raise PlanError("person_id: this member already agreed to this plan version", field="person_id")
        self.trigger_event(PlanAgreed, plan_version=plan_version, person_id=person_id, by=by)

    def complete_action(self: Any, *, action_id: str, by: Attribution) -> None:
        self._check_action_open(action_id)
        self.trigger_event(ActionCompleted, action_id=action_id, by=by)

    def cancel_action(self: Any, *, action_id: str, by: Attribution) -> None:
        self._check_action_open(action_id)
        self.trigger_event(ActionCancelled, action_id=action_id, by=by)

    def open_action_ids(self: Any) -> list[str]:
        return [a for a, action in self.actions.items() if action.status == "open"]

    def _check_action_open(self: Any, action_id: str) -> None:
        check_active(self, "change an action")
        action = self.actions.get(action_id)
        if action is None:
            raise UnknownItemError("action_id: no action with that id in the plan", field="action_id")
        if action.status != "open":
            raise PlanError(f"action_id: this action is already {action.status}", field="action_id")


EVENTS = (PlanVersionAdopted, PlanAgreed, ActionCompleted, ActionCancelled)
