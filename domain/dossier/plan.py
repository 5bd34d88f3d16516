"""Plan and support: one plan of approach in versions (older ones stay readable), the client's
agreement, and the actions it names."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from domain.attribution import Attribution
from domain.dossier.base import DIRECTING_ROLES, DossierEvent, check_active, check_member, require_role
from domain.event_meta import EventMeta
from domain.errors import PlanError, UnknownItemError
from domain.plan import validated_plan
from domain.vocabulary import CLIENT_SIDE, Phase

if TYPE_CHECKING:
    from domain.dossier.household import HouseholdDossier


class PlanVersionAdopted(DossierEvent):
    meta = EventMeta(section="plan", label="Plan van aanpak vastgesteld")
    plan_version: int
    plan: dict[str, Any]

    def apply(self, d: HouseholdDossier) -> None:
        d.plan_versions.append({"plan_version": self.plan_version, "plan": self.plan,
                                "adopted_at": self.by.occurred_at, "agreed_by": [],
                                "version": self.originator_version})
        for action in self.plan["actions"]:
            existing = d.actions.get(action["action_id"])
            status = existing["status"] if existing else "open"
            d.actions[action["action_id"]] = {**action, "status": status, "plan_version": self.plan_version}
        if d.phase in (Phase.ASSESSMENT, Phase.EVALUATION):
            d.phase = Phase.SUPPORT


class PlanAgreed(DossierEvent):
    meta = EventMeta(section="plan", label="Akkoord met het plan", subjects=("person_id",))
    plan_version: int
    person_id: str

    def apply(self, d: HouseholdDossier) -> None:
        d.plan_versions[self.plan_version - 1]["agreed_by"].append(self.person_id)


class ActionCompleted(DossierEvent):
    meta = EventMeta(section="plan", label="Actie gedaan")
    action_id: str

    def apply(self, d: HouseholdDossier) -> None:
        d.actions[self.action_id]["status"] = "completed"
        d.actions[self.action_id]["finished_at"] = self.by.occurred_at


class ActionCancelled(DossierEvent):
    meta = EventMeta(section="plan", label="Actie gestopt")
    action_id: str

    def apply(self, d: HouseholdDossier) -> None:
        d.actions[self.action_id]["status"] = "cancelled"
        d.actions[self.action_id]["finished_at"] = self.by.occurred_at


class Plan:
    """Commands of the plan; part of `HouseholdDossier`."""

    def start_plan(self: Any) -> None:
        self.plan_versions: list[dict[str, Any]] = []
        self.actions: dict[str, dict[str, Any]] = {}

    def adopt_plan_version(self: Any, *, plan: dict[str, Any], by: Attribution) -> None:
        """A new version of the one plan; older versions stay readable."""
        check_active(self, "adopt a plan")
        require_role(by, DIRECTING_ROLES, "adopt a plan")
        checked = validated_plan(plan, set(self.current_member_ids()))
        self.trigger_event(PlanVersionAdopted, plan_version=len(self.plan_versions) + 1, plan=checked, by=by)

    @property
    def current_plan(self: Any) -> dict[str, Any] | None:
        return self.plan_versions[-1] if self.plan_versions else None

    def agree_to_plan(self: Any, *, plan_version: int, person_id: str, by: Attribution) -> None:
        """The client (or their representative) agrees to a plan version."""
        check_active(self, "agree to a plan")
        require_role(by, CLIENT_SIDE, "agree to the plan on the client's behalf")
        check_member(self, person_id)
        if not self.plan_versions or plan_version != self.plan_versions[-1]["plan_version"]:
            raise PlanError("plan_version: only the current plan version can be agreed to", field="plan_version")
        if person_id in self.plan_versions[-1]["agreed_by"]:
            raise PlanError("person_id: this member already agreed to this plan version", field="person_id")
        self.trigger_event(PlanAgreed, plan_version=plan_version, person_id=person_id, by=by)

    def complete_action(self: Any, *, action_id: str, by: Attribution) -> None:
        self._check_action_open(action_id)
        self.trigger_event(ActionCompleted, action_id=action_id, by=by)

    def cancel_action(self: Any, *, action_id: str, by: Attribution) -> None:
        self._check_action_open(action_id)
        self.trigger_event(ActionCancelled, action_id=action_id, by=by)

    def open_action_ids(self: Any) -> list[str]:
        return [a for a, action in self.actions.items() if action["status"] == "open"]

    def _check_action_open(self: Any, action_id: str) -> None:
        check_active(self, "change an action")
        action = self.actions.get(action_id)
        if action is None:
            raise UnknownItemError("action_id: no action with that id in the plan", field="action_id")
        if action["status"] != "open":
            raise PlanError(f"action_id: this action is already {action['status']}", field="action_id")


EVENTS = (PlanVersionAdopted, PlanAgreed, ActionCompleted, ActionCancelled)
