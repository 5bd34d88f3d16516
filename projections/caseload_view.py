"""Read model 2: caseload per worker and per team, and who is assigned to a household now.

Per household: team, phase, case director, process director, tandem workers, first
assignment and first contact (the 2-day term, 003 §3.2.1), last contact, the next
monitoring check, and referrals waiting for a decision. A derived table
`worker_households` answers "which households does this worker have?" and the privacy
layer asks `assignment_of(household_id)` on every request: one primary-key read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from eventsourcing.dispatch import singledispatchmethod

from domain.dossier import FIRST_CONTACT_TERM_DAYS
from domain.dossier import assessment, client_rights, direction, entry, evaluation, plan, referrals
from domain.vocabulary import ACTIVE_PHASES, ContactOutcome, Phase
from projections.base import ViewProjection, as_date, as_datetime, hid, household_row, when
from projections.rows import RowUnit, RowView, Table

ACTIVE = {p.value for p in ACTIVE_PHASES}


@dataclass(frozen=True)
class Assignment:
    """Who works on a household now (for the privacy decision point)."""

    household_id: str
    team: str | None
    phase: str | None
    case_director: str | None
    tandem_workers: tuple[str, ...]
    process_director: str | None
    erased: bool = False

    def involves(self, worker_id: str) -> bool:
        return worker_id == self.case_director or worker_id in self.tandem_workers


class CaseloadView(RowView):
    TABLES = {
        "households": Table(
            "households", key=("household_id",),
            columns=("team", "phase", "case_director", "process_director", "first_assigned_at",
                     "first_contact_at", "last_contact_at", "next_check_on"),
            integer_columns=("erased", "has_plan"),
            json_columns=("tandem_workers", "open_referrals"),
            indexes=("team", "case_director"),
        ),
        "worker_households": Table(
            "worker_households", key=("worker_id", "household_id"), columns=("role",),
            indexes=("household_id",),
        ),
        # Which households a person is (or was) a member of: the portal's way in. Ids only.
        "person_households": Table(
            "person_households", key=("person_id", "household_id"), integer_columns=("has_left",),
            indexes=("household_id",),
        ),
    }

    def after_rows_written(self, cursor: Any, table: str, rows: list[tuple[tuple[Any, ...], dict[str, Any] | None]]) -> None:
        """Keep `worker_households` in step with the household rows (one statement per kind)."""
        if table != "households":
            return
        p = self._param  # type: ignore[attr-defined]
        cursor.executemany(f"DELETE FROM {self._qualified('worker_households')} WHERE household_id = {p}",
                           [[key[0]] for key, _ in rows])
        erased = [[key[0]] for key, row in rows if row is None or row.get("erased")]
        if erased:
            cursor.executemany(f"DELETE FROM {self._qualified('person_households')} WHERE household_id = {p}", erased)
        workers = []
        for key, row in rows:
            if row is None or row.get("erased"):
                continue
            if row.get("case_director"):
                workers.append({"worker_id": row["case_director"], "household_id": key[0], "role": "case_director"})
            workers += [{"worker_id": w, "household_id": key[0], "role": "tandem_worker"}
                        for w in row.get("tandem_workers") or [] if w != row.get("case_director")]
        self._insert_many(cursor, "worker_households", workers)

    # ----------------------------------------------------------------- queries

    def households_of_person(self, person_id: str) -> list[str]:
        """The households this person is or was a member of (erased ones excluded)."""
        return [r["household_id"] for r in self.rows("person_households", {"person_id": str(person_id)})]

    def members_of(self, household_id: str) -> list[str]:
        """The household's current members (ids only): whom a list that shows the household is about."""
        return [r["person_id"] for r in self.rows("person_households", {"household_id": str(household_id)})
                if not r.get("has_left")]

    def assignment_of(self, household_id: str) -> Assignment | None:
        """Team, case director, tandem workers and process director of a household now; None if unknown."""
        row = self.row("households", str(household_id))
        if row is None:
            return None
        return Assignment(
            household_id=row["household_id"], team=row["team"], phase=row["phase"],
            case_director=row["case_director"], tandem_workers=tuple(row["tandem_workers"] or ()),
            process_director=row["process_director"], erased=bool(row["erased"]),
        )

    def household_ids_of_worker(self, worker_id: str) -> list[str]:
        return [r["household_id"] for r in self.rows("worker_households", {"worker_id": worker_id})]

    def worker_caseload(self, worker_id: str, today: date | None = None) -> dict[str, Any]:
        """The households a worker has now, each with its terms, and the worker's totals."""
        day = today or date.today()
        roles = {r["household_id"]: r["role"] for r in self.rows("worker_households", {"worker_id": worker_id})}
        items = []
        for household_id, role in roles.items():
            row = self.row("households", household_id)
            if row is not None:
                items.append({**_household_out(row, day), "role": role})
        return {"worker_id": worker_id, "households": items, "totals": _totals(items)}

    def team_caseload(self, team: str, today: date | None = None) -> dict[str, Any]:
        """For the team lead: totals per worker, households waiting for a case director, team totals."""
        day = today or date.today()
        rows = [r for r in self.rows("households", {"team": team}) if not r["erased"]]
        per_worker: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            item = _household_out(row, day)
            if row["case_director"] and row["phase"] in ACTIVE:
                per_worker.setdefault(row["case_director"], []).append(item)
        active = [_household_out(r, day) for r in rows if r["phase"] in ACTIVE]
        return {
            "team": team,
            "workers": {w: _totals(items) for w, items in sorted(per_worker.items())},
            "waiting_for_case_director": sorted(r["household_id"] for r in rows if r["phase"] == Phase.INTAKE),
            "new_signals": sorted(r["household_id"] for r in rows if r["phase"] == Phase.SIGNAL),
            "totals": _totals(active),
        }

    def teams(self) -> list[str]:
        return sorted({r["team"] for r in self.rows("households") if r["team"]})


def _household_out(row: dict[str, Any], today: date) -> dict[str, Any]:
    assigned = as_datetime(row["first_assigned_at"])
    first_contact = as_datetime(row["first_contact_at"])
    last_contact = as_datetime(row["last_contact_at"])
    next_check = as_date(row["next_check_on"])
    referrals = row["open_referrals"] or {}
    return {
        "household_id": row["household_id"],
        "team": row["team"],
        "phase": row["phase"],
        "case_director": row["case_director"],
        "tandem_workers": row["tandem_workers"] or [],
        "days_since_last_contact": None if last_contact is None else (today - last_contact.date()).days,
        "first_contact_late": first_contact_late(assigned, first_contact, today),
        "monitoring_check_due": row["phase"] == Phase.MONITORING and next_check is not None and next_check <= today,
        "next_check_on": row["next_check_on"],
        "open_referrals": [{"referral_id": k, **v} for k, v in sorted(referrals.items())],
    }


def first_contact_late(assigned: datetime | None, first_contact: datetime | None, today: date) -> bool:
    """First contact more than 2 days after assignment, or still none and the 2 days have passed."""
    if assigned is None:
        return False
    term = FIRST_CONTACT_TERM_DAYS * 86400
    if first_contact is not None:
        return (first_contact - assigned).total_seconds() > term
    return (today - assigned.date()).days > FIRST_CONTACT_TERM_DAYS


def _totals(items: list[dict[str, Any]]) -> dict[str, Any]:
    by_phase: dict[str, int] = {}
    for item in items:
        if item["phase"] in ACTIVE:
            by_phase[item["phase"]] = by_phase.get(item["phase"], 0) + 1
    return {
        "active_households": sum(by_phase.values()),
        "by_phase": dict(sorted(by_phase.items())),
        "first_contact_late": sum(1 for i in items if i["first_contact_late"]),
        "monitoring_checks_due": sum(1 for i in items if i["monitoring_check_due"]),
        "open_referrals": sum(len(i["open_referrals"]) for i in items),
        "no_contact_for_30_days": sum(
            1 for i in items if i["phase"] in ACTIVE and (i["days_since_last_contact"] or 0) > 30
        ),
    }


class CaseloadProjection(ViewProjection):
    name = "caseload"

    @singledispatchmethod
    def apply(self, domain_event: Any, rows: RowUnit) -> None:
        """Other events do not change the caseload."""

    def _change(self, rows: RowUnit, event: Any, **changes: Any) -> dict[str, Any] | None:
        row = household_row(rows, event)
        if row is None:
            return None
        row.update(changes)
        rows.put("households", row)
        return row

    @apply.register(entry.SignalReceived)
    def _signal(self, event: Any, rows: RowUnit) -> None:
        if rows.get("households", hid(event)) is None:
            rows.put("households", {"household_id": hid(event), "team": event.team, "phase": Phase.SIGNAL.value,
                                    "erased": 0, "has_plan": 0, "tandem_workers": [], "open_referrals": {}})

    @apply.register(entry.AnsweredWithoutDossier)
    def _answered(self, event: Any, rows: RowUnit) -> None:
        self._change(rows, event, phase=Phase.ANSWERED.value)

    @apply.register(entry.DossierOpened)
    def _opened(self, event: Any, rows: RowUnit) -> None:
        self._change(rows, event, phase=Phase.INTAKE.value)

    @apply.register(direction.CaseDirectorAssigned)
    def _assigned(self, event: Any, rows: RowUnit) -> None:
        row = household_row(rows, event)
        if row is None:
            return
        row.update(case_director=event.worker_id, phase=Phase.ASSESSMENT.value)
        row["first_assigned_at"] = row["first_assigned_at"] or when(event)
        if event.by.actor_role == "process_director":
            row["process_director"] = event.by.actor_id
        rows.put("households", row)

    def _new_director(self, rows: RowUnit, event: Any, worker_id: str) -> None:
        row = household_row(rows, event)
        if row is None:
            return
        row["case_director"] = worker_id
        row["tandem_workers"] = [w for w in row["tandem_workers"] if w != worker_id]
        rows.put("households", row)

    @apply.register(direction.CaseDirectorHandedOver)
    def _handed_over(self, event: Any, rows: RowUnit) -> None:
        self._new_director(rows, event, event.to_worker_id)

    @apply.register(direction.WorkerChangeDecided)
    def _worker_change(self, event: Any, rows: RowUnit) -> None:
        if event.granted and event.new_worker_id:
            self._new_director(rows, event, event.new_worker_id)

    @apply.register(direction.TakenOverByProcessDirector)
    def _taken_over(self, event: Any, rows: RowUnit) -> None:
        self._change(rows, event, case_director=event.by.actor_id, process_director=event.by.actor_id)

    @apply.register(direction.TandemWorkerAssigned)
    def _tandem_assigned(self, event: Any, rows: RowUnit) -> None:
        row = household_row(rows, event)
        if row is not None:
            self._change(rows, event, tandem_workers=sorted({*row["tandem_workers"], event.worker_id}))

    @apply.register(direction.TandemWorkerReleased)
    def _tandem_released(self, event: Any, rows: RowUnit) -> None:
        row = household_row(rows, event)
        if row is not None:
            self._change(rows, event, tandem_workers=[w for w in row["tandem_workers"] if w != event.worker_id])

    @apply.register(assessment.ContactRecorded)
    def _contact(self, event: Any, rows: RowUnit) -> None:
        row = household_row(rows, event)
        if row is None or event.outcome == ContactOutcome.NOT_REACHED:
            return
        row["last_contact_at"] = when(event)
        row["first_contact_at"] = row["first_contact_at"] or when(event)
        rows.put("households", row)

    @apply.register(plan.PlanVersionAdopted)
    def _plan(self, event: Any, rows: RowUnit) -> None:
        row = household_row(rows, event)
        if row is None:
            return
        row["has_plan"] = 1
        if row["phase"] in (Phase.ASSESSMENT, Phase.EVALUATION):
            row["phase"] = Phase.SUPPORT.value
        rows.put("households", row)

    @apply.register(evaluation.EvaluationRecorded)
    def _evaluated(self, event: Any, rows: RowUnit) -> None:
        self._change(rows, event, phase=Phase.EVALUATION.value)

    @apply.register(evaluation.MonitoringStarted)
    def _monitoring(self, event: Any, rows: RowUnit) -> None:
        self._change(rows, event, phase=Phase.MONITORING.value, next_check_on=event.next_check_on.isoformat())

    @apply.register(evaluation.MonitoringChecked)
    def _checked(self, event: Any, rows: RowUnit) -> None:
        self._change(rows, event, next_check_on=event.next_check_on.isoformat())

    @apply.register(evaluation.ReopenedAfterRelapse)
    def _reopened(self, event: Any, rows: RowUnit) -> None:
        row = household_row(rows, event)
        if row is None:
            return
        row.update(case_director=event.case_director_id, next_check_on=None,
                   phase=(Phase.SUPPORT if row["has_plan"] else Phase.ASSESSMENT).value)
        rows.put("households", row)

    @apply.register(evaluation.DossierClosed)
    def _closed(self, event: Any, rows: RowUnit) -> None:
        self._change(rows, event, phase=Phase.CLOSED.value, case_director=None, tandem_workers=[],
                     next_check_on=None)

    @apply.register(referrals.ReferralRequested)
    def _referral(self, event: Any, rows: RowUnit) -> None:
        row = household_row(rows, event)
        if row is not None:
            referrals = dict(row["open_referrals"])
            referrals[event.referral_id] = {"kind": event.kind, "provision": event.provision,
                                            "requested_at": when(event)}
            self._change(rows, event, open_referrals=referrals)

    @apply.register(referrals.ReferralDecided)
    def _referral_decided(self, event: Any, rows: RowUnit) -> None:
        row = household_row(rows, event)
        if row is not None:
            referrals = {k: v for k, v in row["open_referrals"].items() if k != event.referral_id}
            self._change(rows, event, open_referrals=referrals)

    @apply.register(entry.MemberAdded)
    def _member_added(self, event: Any, rows: RowUnit) -> None:
        if household_row(rows, event) is not None:
            rows.put("person_households", {"person_id": event.person_id, "household_id": hid(event), "has_left": 0})

    @apply.register(entry.MemberLeft)
    def _member_left(self, event: Any, rows: RowUnit) -> None:
        if household_row(rows, event) is not None:
            rows.put("person_households", {"person_id": event.person_id, "household_id": hid(event), "has_left": 1})

    @apply.register(client_rights.DossierErased)
    def _erased(self, event: Any, rows: RowUnit) -> None:
        self.erase(rows, hid(event), "")
