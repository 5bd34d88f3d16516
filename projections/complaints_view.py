"""Read model 3: complaints by stage and term (001 Amaryllis; Wkkgz: 6 weeks, once +4).

Per complaint: household, team, worker concerned, stage, route, deadline (6 weeks after
filing; 10 with a recorded extension), who holds it (team, commission, ombudsman).
No complaint texts are kept. Complaints of an erased household are removed; only their
number remains (`counters`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.dispatch import singledispatchmethod

from domain.complaint import DECISION_TERM, EXTENSION, OPEN_STAGES, Complaint
from domain.dossier import client_rights, entry
from domain.vocabulary import ComplaintStage
from projections.base import ViewProjection, as_date, as_datetime, hid, tombstone, when
from projections.rows import RowUnit, RowView, Table

C = Complaint
OPEN = {s.value for s in OPEN_STAGES}
ERASED_COMPLAINTS = "erased_complaints"


class ComplaintsView(RowView):
    TABLES = {
        "complaints": Table(
            "complaints", key=("complaint_id",),
            columns=("household_id", "team", "about_worker_id", "stage", "route", "filed_at", "deadline_at",
                     "acknowledged_at", "commission_id", "ombudsman_id", "decided_at", "closed_at"),
            integer_columns=("extended", "decided_within_term"),
            indexes=("team", "about_worker_id"),
        ),
        "households": Table(
            "households", key=("household_id",), columns=("team",), integer_columns=("erased",),
            json_columns=("complaint_ids",),
        ),
        "counters": Table("counters", key=("name",), integer_columns=("value",)),
    }

    def complaint(self, complaint_id: str, today: date | None = None) -> dict[str, Any] | None:
        row = self.row("complaints", str(complaint_id))
        return None if row is None else _complaint_out(row, today or date.today())

    def complaints(self, today: date | None = None, *, team: str | None = None, stage: str | None = None,
                   about_worker_id: str | None = None, held_by: str | None = None) -> list[dict[str, Any]]:
        """Complaints with days left and overdue, filtered by team, stage, worker or holder."""
        day = today or date.today()
        where = {k: v for k, v in {"team": team, "stage": stage, "about_worker_id": about_worker_id}.items() if v}
        items = [_complaint_out(r, day) for r in self.rows("complaints", where)]
        if held_by:
            items = [i for i in items if i["held_by"] == held_by]
        return items

    def overview(self, today: date | None = None, *, team: str | None = None) -> dict[str, Any]:
        """Counts by stage, by team, by worker concerned and by holder; the overdue ones listed."""
        items = self.complaints(today, team=team)
        counter = self.row("counters", ERASED_COMPLAINTS)

        def count(key: str) -> dict[str, int]:
            out: dict[str, int] = {}
            for item in items:
                out[str(item[key])] = out.get(str(item[key]), 0) + 1
            return dict(sorted(out.items()))

        return {
            "total": len(items),
            "open": sum(1 for i in items if i["open"]),
            "by_stage": count("stage"),
            "by_team": count("team"),
            "by_worker_concerned": count("about_worker_id"),
            "by_holder": count("held_by"),
            "overdue": [i["complaint_id"] for i in items if i["overdue"]],
            "decided_late": [i["complaint_id"] for i in items if i["decided_within_term"] is False],
            "erased_complaints": 0 if counter is None or team else counter["value"],
        }


def holder(stage: str) -> str:
    """Who holds the complaint now: the team's complaint officer, the commission or the ombudsman."""
    if stage in (ComplaintStage.COMMISSION, ComplaintStage.ADVISED):
        return "commission"
    if stage == ComplaintStage.OMBUDSMAN:
        return "ombudsman"
    if stage in OPEN:
        return "team"
    return "none"


def _complaint_out(row: dict[str, Any], today: date) -> dict[str, Any]:
    deadline = as_date(row["deadline_at"])
    is_open = row["stage"] in OPEN
    days_left = None if deadline is None else (deadline - today).days
    within = row["decided_within_term"]
    return {
        "complaint_id": row["complaint_id"],
        "household_id": row["household_id"],
        "team": row["team"],
        "about_worker_id": row["about_worker_id"],
        "stage": row["stage"],
        "route": row["route"],
        "filed_at": row["filed_at"],
        "deadline": None if deadline is None else deadline.isoformat(),
        "extended": bool(row["extended"]),
        "term_weeks": 10 if row["extended"] else 6,
        "days_left": days_left if is_open else None,
        "overdue": bool(is_open and days_left is not None and days_left < 0),
        "open": is_open,
        "held_by": holder(row["stage"]),
        "commission_id": row["commission_id"],
        "ombudsman_id": row["ombudsman_id"],
        "acknowledged_at": row["acknowledged_at"],
        "decided_at": row["decided_at"],
        "decided_within_term": None if within is None else bool(within),
        "closed_at": row["closed_at"],
    }


class ComplaintsProjection(ViewProjection):
    name = "complaints"

    @singledispatchmethod
    def apply(self, domain_event: Any, rows: RowUnit) -> None:
        """Other events do not change the complaints view."""

    @apply.register(entry.SignalReceived)
    def _signal(self, event: Any, rows: RowUnit) -> None:
        if rows.get("households", hid(event)) is None:
            rows.put("households", {"household_id": hid(event), "team": event.team, "erased": 0,
                                    "complaint_ids": []})

    @apply.register(client_rights.DossierErased)
    def _erased(self, event: Any, rows: RowUnit) -> None:
        self.erase(rows, hid(event), "")

    def erase(self, rows: RowUnit, household_id: str, topic: str) -> None:
        household = rows.get("households", household_id)
        removed = 0
        if household is not None and not household["erased"]:
            for complaint_id in household["complaint_ids"] or []:
                rows.delete("complaints", complaint_id)
                removed += 1
        if topic.endswith("Complaint.ComplaintFiled"):
            removed += 1  # filed, but unreadable: it never became a row
        if removed:
            self._count_erased(rows, removed)
        rows.put("households", tombstone(household_id))

    def _count_erased(self, rows: RowUnit, n: int) -> None:
        counter = rows.get("counters", ERASED_COMPLAINTS) or {"name": ERASED_COMPLAINTS, "value": 0}
        counter["value"] += n
        rows.put("counters", counter)

    @apply.register(C.ComplaintFiled)
    def _filed(self, event: Any, rows: RowUnit) -> None:
        household_id = str(event.household_id)
        household = rows.get("households", household_id)
        if household is not None and household["erased"]:
            self._count_erased(rows, 1)
            return
        complaint_id = hid(event)
        rows.put("complaints", {
            "complaint_id": complaint_id, "household_id": household_id,
            "team": None if household is None else household["team"],
            "about_worker_id": event.about_worker_id, "stage": ComplaintStage.FILED.value, "route": None,
            "filed_at": when(event), "deadline_at": (event.by.occurred_at + DECISION_TERM).isoformat(),
            "extended": 0, "decided_within_term": None,
        })
        if household is not None:
            household["complaint_ids"] = [*household["complaint_ids"], complaint_id]
            rows.put("households", household)

    def _change(self, rows: RowUnit, event: Any, **changes: Any) -> None:
        row = rows.get("complaints", hid(event))
        if row is not None:
            row.update(changes)
            rows.put("complaints", row)

    @apply.register(C.ComplaintAcknowledged)
    def _acknowledged(self, event: Any, rows: RowUnit) -> None:
        self._change(rows, event, acknowledged_at=when(event))

    @apply.register(C.RouteChosen)
    def _route(self, event: Any, rows: RowUnit) -> None:
        self._change(rows, event, route=event.route, stage=event.route)

    @apply.register(C.MediationConcluded)
    def _mediation(self, event: Any, rows: RowUnit) -> None:
        if event.resolved:
            self._change(rows, event, stage=ComplaintStage.CLOSED.value, closed_at=when(event))

    @apply.register(C.ReferredToCommission)
    def _commission(self, event: Any, rows: RowUnit) -> None:
        self._change(rows, event, commission_id=event.commission_id, route="commission",
                     stage=ComplaintStage.COMMISSION.value)

    @apply.register(C.CommissionAdvised)
    def _advised(self, event: Any, rows: RowUnit) -> None:
        self._change(rows, event, stage=ComplaintStage.ADVISED.value)

    @apply.register(C.TermExtended)
    def _extended(self, event: Any, rows: RowUnit) -> None:
        row = rows.get("complaints", hid(event))
        if row is not None and not row["extended"]:
            deadline = as_datetime(row["deadline_at"])
            assert deadline is not None
            self._change(rows, event, extended=1, deadline_at=(deadline + EXTENSION).isoformat())

    @apply.register(C.ComplaintDecided)
    def _decided(self, event: Any, rows: RowUnit) -> None:
        self._change(rows, event, stage=ComplaintStage.DECIDED.value, decided_at=when(event),
                     decided_within_term=int(event.within_term))

    @apply.register(C.ComplaintClosed)
    def _closed(self, event: Any, rows: RowUnit) -> None:
        self._change(rows, event, stage=ComplaintStage.CLOSED.value, closed_at=when(event))

    @apply.register(C.ForwardedToOmbudsman)
    def _ombudsman(self, event: Any, rows: RowUnit) -> None:
        self._change(rows, event, stage=ComplaintStage.OMBUDSMAN.value, ombudsman_id=event.ombudsman_id,
                     closed_at=None)

