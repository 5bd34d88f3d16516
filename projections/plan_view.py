"""Read model 1: the current plan per household (Plan van Aanpak, 004 §12).

Per household: the adopted plan version, its goals and actions (owner, due date, status),
which actions are overdue on a given day, whether the client agreed, and the case director.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.dispatch import singledispatchmethod

from domain.dossier import client_rights, direction, entry, evaluation, plan
from projections.base import ViewProjection, as_date, hid, household_row, when
from projections.rows import RowUnit, RowView, Table



class PlanView(RowView):
    """Rows: one per household (`households`); plan texts and actions as JSON."""

    TABLES = {
        "households": Table(
            "households", key=("household_id",), columns=("team", "case_director", "adopted_at"),
            integer_columns=("erased", "plan_version"),
            json_columns=("plan", "actions", "agreed_by"),
            sealed_columns=("plan", "actions"),  # goals in the client's words, names of network members
        ),
    }

    def current_plan(self, household_id: str, today: date | None = None) -> dict[str, Any] | None:
        """The household's current plan with overdue actions as of `today`; None when there is none."""
        row = self.row("households", str(household_id))
        if row is None:
            return None
        if row["erased"]:
            return {"household_id": row["household_id"], "erased": True}
        return _plan_out(row, today or date.today())

    def plans(self, *, team: str | None = None, case_director: str | None = None,
              today: date | None = None) -> list[dict[str, Any]]:
        """Every current plan (of a team, or of one case director)."""
        where: dict[str, Any] = {}
        if team:
            where["team"] = team
        if case_director:
            where["case_director"] = case_director
        day = today or date.today()
        return [_plan_out(r, day) for r in self.rows("households", where) if not r["erased"] and r["plan_version"]]

    def overdue_actions(self, today: date | None = None, *, team: str | None = None) -> list[dict[str, Any]]:
        """Open actions past their due date, over all households (of a team)."""
        out = []
        for plan in self.plans(team=team, today=today):
            for action in plan["actions"] + plan["open_actions_from_earlier_versions"]:
                if action["overdue"]:
                    out.append({"household_id": plan["household_id"], "case_director": plan["case_director"],
                                **action})
        return out


def _action_out(action: dict[str, Any], today: date) -> dict[str, Any]:
    due = as_date(action["due_on"])
    return {**action, "overdue": action["status"] == "open" and due is not None and due < today}


def _plan_out(row: dict[str, Any], today: date) -> dict[str, Any]:
    actions = row["actions"] or {}
    version = row["plan_version"]
    current = [_action_out(a, today) for a in actions.values() if a["plan_version"] == version]
    earlier = [_action_out(a, today) for a in actions.values()
               if a["plan_version"] != version and a["status"] == "open"]
    plan = row["plan"] or {}
    return {
        "household_id": row["household_id"],
        "team": row["team"],
        "case_director": row["case_director"],
        "plan_version": version,
        "adopted_at": row["adopted_at"],
        "problems": plan.get("problems", []),
        "goals": plan.get("goals", []),
        "results": plan.get("results", []),
        "solutions": plan.get("solutions", []),
        "actions": current,
        "open_actions_from_earlier_versions": earlier,
        "overdue_actions": [a["action_id"] for a in current + earlier if a["overdue"]],
        "agreed_by": row["agreed_by"] or [],
        "client_agreed": bool(row["agreed_by"]),
        "erased": False,
    }


class PlanProjection(ViewProjection):
    name = "plan"

    @singledispatchmethod
    def apply(self, domain_event: Any, rows: RowUnit) -> None:
        """Other events do not change the plan view."""

    @apply.register(entry.SignalReceived)
    def _signal(self, event: Any, rows: RowUnit) -> None:
        if rows.get("households", hid(event)) is not None:
            return  # an erased household's id is never reused; keep the tombstone
        rows.put("households", {"household_id": hid(event), "team": event.team, "case_director": None,
                                "erased": 0, "plan_version": 0, "plan": None, "actions": {}, "agreed_by": []})

    def _director(self, rows: RowUnit, event: Any, worker_id: str | None) -> None:
        row = household_row(rows, event)
        if row is not None:
            row["case_director"] = worker_id
            rows.put("households", row)

    @apply.register(direction.CaseDirectorAssigned)
    def _assigned(self, event: Any, rows: RowUnit) -> None:
        self._director(rows, event, event.worker_id)

    @apply.register(direction.CaseDirectorHandedOver)
    def _handed_over(self, event: Any, rows: RowUnit) -> None:
        self._director(rows, event, event.to_worker_id)

    @apply.register(direction.TakenOverByProcessDirector)
    def _taken_over(self, event: Any, rows: RowUnit) -> None:
        self._director(rows, event, event.by.actor_id)

    @apply.register(direction.WorkerChangeDecided)
    def _worker_change(self, event: Any, rows: RowUnit) -> None:
        if event.granted and event.new_worker_id:
            self._director(rows, event, event.new_worker_id)

    @apply.register(evaluation.ReopenedAfterRelapse)
    def _reopened(self, event: Any, rows: RowUnit) -> None:
        self._director(rows, event, event.case_director_id)

    @apply.register(evaluation.DossierClosed)
    def _closed(self, event: Any, rows: RowUnit) -> None:
        self._director(rows, event, None)

    @apply.register(plan.PlanVersionAdopted)
    def _adopted(self, event: Any, rows: RowUnit) -> None:
        row = household_row(rows, event)
        if row is None:
            return
        plan = event.plan
        row["plan_version"] = event.plan_version
        row["adopted_at"] = when(event)
        row["plan"] = {k: plan[k] for k in ("problems", "goals", "results", "solutions")}
        row["agreed_by"] = []
        actions = row["actions"] or {}
        for action in plan["actions"]:
            existing = actions.get(action["action_id"])
            actions[action["action_id"]] = {
                **{k: (v.isoformat() if isinstance(v, date) else v) for k, v in action.items()},
                "status": existing["status"] if existing else "open",
                "finished_at": existing.get("finished_at") if existing else None,
                "plan_version": event.plan_version,
            }
        row["actions"] = actions
        rows.put("households", row)

    @apply.register(plan.PlanAgreed)
    def _agreed(self, event: Any, rows: RowUnit) -> None:
        row = household_row(rows, event)
        if row is not None and event.plan_version == row["plan_version"]:
            row["agreed_by"] = [*row["agreed_by"], event.person_id]
            rows.put("households", row)

    def _finish(self, rows: RowUnit, event: Any, status: str) -> None:
        row = household_row(rows, event)
        if row is None or event.action_id not in (row["actions"] or {}):
            return
        row["actions"][event.action_id].update(status=status, finished_at=when(event))
        rows.put("households", row)

    @apply.register(plan.ActionCompleted)
    def _completed(self, event: Any, rows: RowUnit) -> None:
        self._finish(rows, event, "completed")

    @apply.register(plan.ActionCancelled)
    def _cancelled(self, event: Any, rows: RowUnit) -> None:
        self._finish(rows, event, "cancelled")

    @apply.register(client_rights.DossierErased)
    def _erased(self, event: Any, rows: RowUnit) -> None:
        self.erase(rows, hid(event), "")
