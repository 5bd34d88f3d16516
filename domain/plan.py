"""Plan van Aanpak (004 §12): problems, goals, results, solutions, and actions with an owner."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from domain.errors import PlanError
from domain.values import limited_list, limited_text
from domain.vocabulary import ActionOwnerKind


def _texts(plan: Mapping[str, Any], key: str, *, required: bool) -> list[str]:
    values = plan.get(key) or []
    if isinstance(values, str) or not isinstance(values, Sequence):
        raise PlanError(f"{key}: give a list of short texts", field=key)
    texts = [limited_text(str(v).strip(), f"{key}", "plan_text") for v in limited_list(list(values), key)]
    if any(not t for t in texts):
        raise PlanError(f"{key}: an entry is empty; remove it or write it out", field=key)
    if required and not texts:
        raise PlanError(f"{key}: a plan needs at least one entry here", field=key)
    return texts


def validated_plan(plan: Mapping[str, Any], member_ids: set[str]) -> dict[str, Any]:
    """A plan as stored in the PlanVersionAdopted event: plain, JSON-friendly, checked.

    Goals: [{goal_id, text, member_ids}]. Actions: [{action_id, description, owner_kind,
    owner_name, due_on, goal_id}]. Every action has an owner and a due date.
    """
    problems = _texts(plan, "problems", required=True)
    results = _texts(plan, "results", required=False)
    solutions = _texts(plan, "solutions", required=False)

    goals_in = plan.get("goals") or []
    if not goals_in:
        raise PlanError("goals: a plan needs at least one goal, in the client's own words", field="goals")
    goals: list[dict[str, Any]] = []
    for index, goal in enumerate(limited_list(list(goals_in), "goals")):
        goal_id = str(goal.get("goal_id") or f"g{index + 1}")
        text = limited_text(str(goal.get("text") or "").strip(), f"goals[{index}].text", "plan_text")
        if not text:
            raise PlanError(f"goals[{index}].text: write the goal out", field=f"goals[{index}].text")
        members = [str(m) for m in goal.get("member_ids") or []]
        unknown = [m for m in members if m not in member_ids]
        if unknown:
            raise PlanError(
                f"goals[{index}].member_ids: not a member of this household; add the member first",
                field=f"goals[{index}].member_ids",
            )
        goals.append({"goal_id": goal_id, "text": text, "member_ids": members})
    goal_ids = [g["goal_id"] for g in goals]
    if len(set(goal_ids)) != len(goal_ids):
        raise PlanError("goals: two goals share one goal_id; give each its own", field="goals")

    actions_in = plan.get("actions") or []
    if not actions_in:
        raise PlanError("actions: a plan needs at least one action (who does what, by when)", field="actions")
    actions: list[dict[str, Any]] = []
    for index, action in enumerate(limited_list(list(actions_in), "actions")):
        where = f"actions[{index}]"
        action_id = str(action.get("action_id") or f"a{index + 1}")
        description = limited_text(str(action.get("description") or "").strip(), f"{where}.description", "plan_text")
        if not description:
            raise PlanError(f"{where}.description: say what will be done", field=f"{where}.description")
        owner_kind = action.get("owner_kind")
        owner_name = limited_text(str(action.get("owner_name") or "").strip(), f"{where}.owner_name", "owner_name")
        if not owner_kind or not owner_name:
            raise PlanError(
                f"{where}.owner: every action needs an owner (owner_kind and owner_name): "
                "the client, a network member, a volunteer or a professional",
                field=f"{where}.owner_kind",
            )
        try:
            owner_kind = ActionOwnerKind(owner_kind).value
        except ValueError:
            raise PlanError(
                f"{where}.owner_kind: {owner_kind!r} is not an owner kind; use one of "
                + ", ".join(k.value for k in ActionOwnerKind),
                field=f"{where}.owner_kind",
            ) from None
        due_on = action.get("due_on")
        if isinstance(due_on, str):
            try:
                due_on = date.fromisoformat(due_on)
            except ValueError:
                due_on = None
        if not isinstance(due_on, date):
            raise PlanError(f"{where}.due_on: give a due date as YYYY-MM-DD", field=f"{where}.due_on")
        goal_id = action.get("goal_id")
        if goal_id is not None and str(goal_id) not in goal_ids:
            raise PlanError(f"{where}.goal_id: no goal with that id in this plan", field=f"{where}.goal_id")
        actions.append(
            {
                "action_id": action_id,
                "description": description,
                "owner_kind": owner_kind,
                "owner_name": owner_name,
                "due_on": due_on,
                "goal_id": None if goal_id is None else str(goal_id),
            }
        )
    action_ids = [a["action_id"] for a in actions]
    if len(set(action_ids)) != len(action_ids):
        raise PlanError("actions: two actions share one action_id; give each its own", field="actions")
    return {
        "problems": problems,
        "goals": goals,
        "results": results,
        "solutions": solutions,
        "actions": actions,
    }
