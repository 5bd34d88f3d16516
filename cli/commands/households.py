"""Read commands: `households`, `staff` and `history HOUSEHOLD_ID`.

`history` reads through the privacy guard like the API does: `--as USER_ID --purpose P`
are required, the decision and one access-log line come before any output.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.members import age_on
from infra.crypto.errors import HouseholdErasedError
from demo.staff import TEAMS, demo_staff
from cli.arguments import uuid_argument
from cli.output import add_json_option, emit, plain
from cli.operator import add_identity_options, principal_from_args, report_denial
from privacy.guard import AccessDeniedError
from wiring import Services, bootstrap
from privacy.model import Action, Channel, Principal, Resource, Section
from privacy.listing import visible_assignments
from privacy.redaction import history_view
from projections.caseload_view import Assignment

LOCAL_TIME = ZoneInfo("Europe/Amsterdam")


def register(subparsers: argparse._SubParsersAction) -> None:
    households = subparsers.add_parser(
        "households", help="toon de huishoudens (fase, team, casusregisseur; zonder --as ook leden en leeftijden)")
    add_json_option(households, "id, phase, team, case_director, members")
    # With --as: a search through the privacy guard, overview only, the households this person may open.
    # Without --as: the operator's demo listing, logged as "cli:<OS user>" (see run_households).
    add_identity_options(households, default_purpose="support", required=False)
    households.set_defaults(handler=run_households)

    staff = subparsers.add_parser("staff", help="toon de medewerkers van de demo-gemeente")
    add_json_option(staff, "id, role, team, name, organisation")
    staff.set_defaults(handler=run_staff)

    history = subparsers.add_parser("history", help="toon de geschiedenis van een dossier of klacht, gebeurtenis "
                                                    "voor gebeurtenis")
    history.add_argument("household_id", metavar="HOUSEHOLD_ID", type=uuid_argument, help="id van het huishouden (of van een klacht)")
    add_json_option(history, "version, recorded_at, occurred_at, event, actor_id, actor_role, on_behalf_of, reason, fields")
    # Operators are people too: who reads, why, and the same decision point and access log as the API.
    add_identity_options(history, default_purpose="support")
    history.set_defaults(handler=run_history)


# ------------------------------------------------------------------ households


def household_rows(app: Any, today: date | None = None) -> list[dict[str, Any]]:
    """One row per household: id, phase, team, case_director, members (current ones, with age today).

    An erased household (its key destroyed) is listed with phase 'erased' and no members.
    """
    today = today or datetime.now(timezone.utc).date()
    rows = []
    for household_id in app.household_ids():
        try:
            dossier = app.get_dossier(household_id)
        except HouseholdErasedError:
            rows.append({"id": str(household_id), "phase": "erased", "team": None, "case_director": None,
                         "members": []})
            continue
        members = [{"person_id": m.person_id, "age": age_on(m.date_of_birth, today)}
                   for m in dossier.members.values() if m.left_on is None]
        rows.append({"id": str(dossier.id), "phase": str(dossier.phase), "team": dossier.team,
                     "case_director": dossier.case_director, "members": members})
    return rows


def operator_id() -> str:
    """The operator behind an unattributed command: their OS account, never a made-up staff id."""
    return f"cli:{getpass.getuser()}"


def _assignments(app: Any, members: dict[str, list[str]] | None = None) -> list[Assignment]:
    # From the aggregates, not a read model: the CLI runs without the projection runner, so a
    # read model could be behind; the dossier is always current.
    found = []
    for household_id in app.household_ids():
        try:
            d = app.get_dossier(household_id)
        except HouseholdErasedError:
            continue
        found.append(Assignment(str(d.id), d.team, str(d.phase), d.case_director, tuple(sorted(d.tandem_workers)),
                                 d.process_director, bool(getattr(d, "erased", False))))
        if members is not None:  # whom the household's row is about, for the list's line
            members[str(d.id)] = [m.person_id for m in d.members.values() if m.left_on is None]
    return found


def visible_household_rows(services: Services, principal: Principal, *, purpose: str) -> list[dict[str, Any]]:
    """Overview rows this principal may open: one SEARCH decision and one access-log line for the list,
    naming the members of every household on it."""
    found: list[tuple[list[Assignment], dict[str, list[str]]]] = []

    def listed(_decision: Any) -> tuple[list[Assignment], dict[str, list[str]]]:
        if not found:  # worked out once: for the line's data subjects, then for the output
            members: dict[str, list[str]] = {}
            shown = visible_assignments(principal, purpose, _assignments(services.dossiers, members), date.today(),
                                        services.guard.register)
            found.append((shown, members))
        return found[0]

    def subjects(decision: Any) -> list[str]:
        shown, members = listed(decision)
        return [p for a in shown for p in members.get(str(a.household_id), [])]

    def fetch(decision: Any) -> list[dict[str, Any]]:
        return [{"id": a.household_id, "phase": a.phase, "team": a.team, "case_director": a.case_director}
                for a in listed(decision)[0]]
    return services.guard.read(principal, Action.SEARCH, Resource(section=Section.OVERVIEW), purpose, Channel.CLI,
                               fetch, subjects=subjects)


def run_households(args: argparse.Namespace) -> int:
    if args.as_user:
        principal = principal_from_args(args)
        with bootstrap(args.settings) as services:
            try:
                rows = visible_household_rows(services, principal, purpose=args.purpose)
            except AccessDeniedError as exc:
                return report_denial(exc)
    else:
        with bootstrap(args.settings) as services:
            # The operator's demo listing reads person ids and ages without a role to decide on: it is
            # logged before any output, as the OS user with rule operator.without_decision, naming
            # every person listed.
            rows = household_rows(services.dossiers)
            services.guard.record_without_decision(
                user_id=operator_id(), action=Action.SEARCH, section=Section.MEMBERS.value, channel=Channel.CLI,
                reason="wijkdossier households zonder --as: lijst van de beheerder met persoonsnummers en leeftijden",
                data_subject_ids=[m["person_id"] for row in rows for m in row["members"]])
        print("let op: zonder --as is dit de beheerderslijst; de inzage is gelogd op naam van "
              f"{operator_id()}", file=sys.stderr)
    emit(args, rows, _print_households)
    return 0


def _print_households(rows: list[dict[str, Any]]) -> None:
    table = [(r["id"], r["phase"], TEAMS.get(r["team"] or "", r["team"] or "-"), r["case_director"] or "-",
              ", ".join(str(m["age"]) for m in r["members"]) or "-" if "members" in r else "(alleen overzicht)")
             for r in rows]
    _print_table(("id", "fase", "team", "casusregisseur", "leeftijden leden"), table)
    print(f"{len(rows)} huishoudens")


# ----------------------------------------------------------------------- staff


def run_staff(args: argparse.Namespace) -> int:
    emit(args, [member.as_dict() for member in demo_staff()], _print_staff)
    return 0


def _print_staff(staff: list[dict[str, Any]]) -> None:
    _print_table(("id", "rol", "team", "naam", "organisatie"),
                 [(m["id"], m["role"], TEAMS.get(m["team"] or "", "-"), m["name"], m["organisation"]) for m in staff])


# --------------------------------------------------------------------- history


@dataclass(frozen=True)
class HistoryRow:
    """One event as a person reads it; `fields` are the event's own data (not the envelope)."""

    version: int
    recorded_at: datetime
    occurred_at: datetime | None
    event: str
    actor_id: str | None
    actor_role: str | None
    on_behalf_of: str | None
    reason: str | None
    fields: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["recorded_at"] = self.recorded_at.isoformat()
        data["occurred_at"] = self.occurred_at.isoformat() if self.occurred_at else None
        data["fields"] = plain(self.fields)
        return data


def read_history(services: Services, principal: Principal, aggregate_id: UUID | str, *, purpose: str) -> list[HistoryRow]:
    """The history as `principal` may read it: decided and logged by the privacy guard first.

    A complaint id reads the complaint's own history under the complaints section of its household.
    """
    app = services.dossiers
    uid = UUID(str(aggregate_id))
    complaint_household = _household_of_complaint(app, uid)
    if complaint_household is not None:
        resource = Resource(section=Section.COMPLAINTS, household_id=complaint_household, complaint_id=uid)
    else:
        resource = Resource(section=Section.HISTORY, household_id=uid)

    def fetch(decision: Any) -> list[HistoryRow]:
        view = history_view(app.history(uid), decision)
        return [_row_from_view(item) for item in view["items"]]

    return services.guard.read(principal, Action.READ, resource, purpose, Channel.CLI, fetch)


def _household_of_complaint(app: Any, uid: UUID) -> UUID | None:
    from domain.errors import ComplaintNotFoundError, DossierErasedError

    try:
        return app.get_complaint(uid).household_id
    except (ComplaintNotFoundError, DossierErasedError):
        return None


def _row_from_view(item: dict[str, Any]) -> HistoryRow:
    by = item.get("by") or {}
    occurred = item.get("occurred_at")
    return HistoryRow(
        version=item["version"],
        recorded_at=datetime.fromisoformat(item["recorded_at"]),
        occurred_at=datetime.fromisoformat(occurred) if occurred else None,
        event=item["type"],
        actor_id=by.get("actor_id"),
        actor_role=by.get("role"),
        on_behalf_of=by.get("on_behalf_of"),
        reason=by.get("reason"),
        fields=item.get("data") or {"status": item.get("status", "withheld")},
    )


def run_history(args: argparse.Namespace) -> int:
    principal = principal_from_args(args)
    with bootstrap(args.settings) as services:
        try:
            rows = read_history(services, principal, args.household_id, purpose=args.purpose)
        except AccessDeniedError as exc:
            return report_denial(exc)
    emit(args, [row.as_dict() for row in rows], _print_history)
    return 0


def _print_history(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        on_behalf = f" namens {row['on_behalf_of']}" if row["on_behalf_of"] else ""
        print(f"#{row['version']:<3} {row['event']}")
        print(f"     vastgelegd {_local(row['recorded_at'])} · gebeurd {_local(row['occurred_at'])}")
        print(f"     door {row['actor_id']} ({row['actor_role']}){on_behalf} · reden: {row['reason']}")
        for key, value in row["fields"].items():
            print(f"     {key}: {_short(value)}")
    print(f"{len(rows)} gebeurtenissen")


# --------------------------------------------------------------------- helpers


def _short(value: Any, width: int = 110) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= width else text[: width - 1] + "…"


def _local(moment: str | None) -> str:
    return datetime.fromisoformat(moment).astimezone(LOCAL_TIME).strftime("%Y-%m-%d %H:%M") if moment else "-"


def _print_table(headers: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    widths = [max([len(h), *(len(str(r[i])) for r in rows)]) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths)))
