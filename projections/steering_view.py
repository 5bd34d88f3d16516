"""Read model 4: the steering figures (what the municipality steers on; DOMAIN.md).

Per household it keeps only what the figures need: team, when the signal came, first
contact, opening and closure, the case director while active, referral kinds, and per
member the first and the last ZRM. Figures are computed on request (`figures`), by the
pure functions of `projections.figures`.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.dispatch import singledispatchmethod

from domain.dossier import assessment, client_rights, direction, entry, evaluation, referrals
from domain.vocabulary import ContactOutcome, ReferralKind
from projections.base import ViewProjection, as_datetime, hid, household_row, when
from projections.figures import caseload_per_worker, days_between, median, share, zrm_change_per_domain
from projections.rows import RowUnit, RowView, Table

STEERED_KINDS = (ReferralKind.WMO_PROVISION.value, ReferralKind.SPECIALIST_YOUTH_CARE.value)


class SteeringView(RowView):
    TABLES = {
        "households": Table(
            "households", key=("household_id",),
            columns=("team", "zrm_version", "signal_at", "first_contact_at", "opened_at", "closed_at",
                     "case_director"),
            integer_columns=("erased",),
            json_columns=("zrm", "referrals"),
            indexes=("team",),
        ),
    }

    def figures(self, *, team: str | None = None) -> dict[str, Any]:
        """All steering figures (of one team, or of the whole municipality)."""
        rows = self.rows("households", {"team": team} if team else None)
        erased = sum(1 for r in self.rows("households") if r["erased"]) if not team else None
        live = [r for r in rows if not r["erased"]]
        opened = [r for r in live if r["opened_at"]]
        closed = [r for r in live if r["closed_at"] and not r["case_director"]]

        to_contact = [days_between(as_datetime(r["signal_at"]), as_datetime(r["first_contact_at"])) for r in live]
        durations = [days_between(as_datetime(r["opened_at"]), as_datetime(r["closed_at"])) for r in closed]

        zrm: dict[str, list[tuple[dict[str, int], dict[str, int]]]] = {}
        for r in closed:
            for member in (r["zrm"] or {}).values():
                if member["count"] >= 2:
                    zrm.setdefault(r["zrm_version"], []).append((member["first"], member["last"]))

        def referred(kind: str, status: str) -> int:
            return sum(1 for r in opened if (r["referrals"] or {}).get(kind, {}).get(status, 0))

        def referred_any(status: str) -> int:
            return sum(1 for r in opened if any((r["referrals"] or {}).get(k, {}).get(status, 0)
                                                for k in STEERED_KINDS))

        referrals = {"households_with_dossier": len(opened)}
        for status in ("requested", "granted"):
            referrals[status] = {
                **{kind: {"households": referred(kind, status), "share": share(referred(kind, status), len(opened))}
                   for kind in STEERED_KINDS},
                "wmo_or_specialist_youth_care": {"households": referred_any(status),
                                                 "share": share(referred_any(status), len(opened))},
            }
        return {
            "team": team,
            "households": {"signals": len(live), "dossiers_opened": len(opened), "closed": len(closed),
                           "active": sum(1 for r in live if r["case_director"]), "erased": erased},
            "zrm_change_per_domain": {version: zrm_change_per_domain(pairs) for version, pairs in sorted(zrm.items())},
            "referrals": referrals,
            "median_days_signal_to_first_contact": median(d for d in to_contact if d is not None),
            "median_support_duration_days": median(d for d in durations if d is not None),
            "caseload_per_worker": caseload_per_worker(r["case_director"] for r in live),
        }


class SteeringProjection(ViewProjection):
    name = "steering"

    @singledispatchmethod
    def apply(self, domain_event: Any, rows: RowUnit) -> None:
        """Other events do not change the steering figures."""

    def _change(self, rows: RowUnit, event: Any, **changes: Any) -> None:
        row = household_row(rows, event)
        if row is not None:
            row.update(changes)
            rows.put("households", row)

    @apply.register(entry.SignalReceived)
    def _signal(self, event: Any, rows: RowUnit) -> None:
        if rows.get("households", hid(event)) is None:
            rows.put("households", {"household_id": hid(event), "team": event.team, "zrm_version": event.zrm_version,
                                    "signal_at": when(event), "erased": 0, "zrm": {}, "referrals": {}})

    @apply.register(entry.DossierOpened)
    def _opened(self, event: Any, rows: RowUnit) -> None:
        self._change(rows, event, opened_at=when(event))

    @apply.register(direction.CaseDirectorAssigned)
    def _assigned(self, event: Any, rows: RowUnit) -> None:
        self._change(rows, event, case_director=event.worker_id)

    @apply.register(direction.CaseDirectorHandedOver)
    def _handed_over(self, event: Any, rows: RowUnit) -> None:
        self._change(rows, event, case_director=event.to_worker_id)

    @apply.register(direction.TakenOverByProcessDirector)
    def _taken_over(self, event: Any, rows: RowUnit) -> None:
        self._change(rows, event, case_director=event.by.actor_id)

    @apply.register(direction.WorkerChangeDecided)
    def _worker_change(self, event: Any, rows: RowUnit) -> None:
        if event.granted and event.new_worker_id:
            self._change(rows, event, case_director=event.new_worker_id)

    @apply.register(evaluation.ReopenedAfterRelapse)
    def _reopened(self, event: Any, rows: RowUnit) -> None:
        self._change(rows, event, case_director=event.case_director_id, closed_at=None)

    @apply.register(evaluation.DossierClosed)
    def _closed(self, event: Any, rows: RowUnit) -> None:
        self._change(rows, event, case_director=None, closed_at=when(event))

    @apply.register(assessment.ContactRecorded)
    def _contact(self, event: Any, rows: RowUnit) -> None:
        row = household_row(rows, event)
        if row is not None and row["first_contact_at"] is None and event.outcome != ContactOutcome.NOT_REACHED:
            self._change(rows, event, first_contact_at=when(event))

    def _scores(self, rows: RowUnit, event: Any, scores_by_member: dict[str, dict[str, int]]) -> None:
        row = household_row(rows, event)
        if row is None or not scores_by_member:
            return
        zrm = dict(row["zrm"])
        for person_id, scores in scores_by_member.items():
            member = zrm.get(person_id)
            if member is None:
                zrm[person_id] = {"first": dict(scores), "last": dict(scores), "count": 1}
            else:
                zrm[person_id] = {**member, "last": dict(scores), "count": member["count"] + 1}
        self._change(rows, event, zrm=zrm)

    @apply.register(assessment.ZrmAssessed)
    def _zrm(self, event: Any, rows: RowUnit) -> None:
        self._scores(rows, event, {event.person_id: event.scores})

    @apply.register(evaluation.EvaluationRecorded)
    def _evaluation(self, event: Any, rows: RowUnit) -> None:
        self._scores(rows, event, dict(event.zrm_after))

    def _referral(self, rows: RowUnit, event: Any, kind: str, status: str) -> None:
        row = household_row(rows, event)
        if row is None:
            return
        referrals = dict(row["referrals"])
        counts = dict(referrals.get(kind, {}))
        counts[status] = counts.get(status, 0) + 1
        referrals[kind] = counts
        self._change(rows, event, referrals=referrals)

    @apply.register(referrals.ReferralRequested)
    def _referral_requested(self, event: Any, rows: RowUnit) -> None:
        self._referral(rows, event, event.kind, "requested")
        row = household_row(rows, event)
        if row is not None:
            kinds = dict((row["referrals"] or {}).get("_kinds", {}))
            kinds[event.referral_id] = event.kind
            referrals = {**row["referrals"], "_kinds": kinds}
            self._change(rows, event, referrals=referrals)

    @apply.register(referrals.ReferralDecided)
    def _referral_decided(self, event: Any, rows: RowUnit) -> None:
        row = household_row(rows, event)
        if row is None:
            return
        kind = (row["referrals"] or {}).get("_kinds", {}).get(event.referral_id)
        if kind is not None and event.decision == "granted":
            self._referral(rows, event, kind, "granted")

    @apply.register(client_rights.DossierErased)
    def _erased(self, event: Any, rows: RowUnit) -> None:
        self.erase(rows, hid(event), "")
