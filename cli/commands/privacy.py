"""Privacy commands: `access-log` (the privacy officer's view), `inzage` and `export-my-data`.

Operators are people too: each command takes `--as USER_ID` and `--purpose`, goes through
the same decision point as the API and is logged like any other read. A denied one exits
with code 3 and the reason.
"""

from __future__ import annotations

import argparse
from typing import Any
from uuid import UUID

from cli.arguments import time_argument, usage_error, uuid_argument
from cli.output import add_json_option, emit
from cli.operator import (
    add_identity_options,
    principal_from_args,
    report_denial,
)
from privacy.guard import AccessDeniedError
from wiring import Services, bootstrap
from privacy.model import Action, Channel, Resource, Section



def register(subparsers: argparse._SubParsersAction) -> None:
    log = subparsers.add_parser(
        "access-log", help="de toegangslog voor de privacyfunctionaris (de export wordt zelf ook vastgelegd)")
    log.add_argument("--person", help="alleen regels over deze persoon")
    log.add_argument("--household", type=uuid_argument, help="alleen regels over dit huishouden")
    log.add_argument("--user", help="alleen regels van deze gebruiker")
    log.add_argument("--since", type=time_argument, help="vanaf dit tijdstip (ISO 8601, inclusief)")
    log.add_argument("--until", type=time_argument, help="tot dit tijdstip (ISO 8601, exclusief)")
    # JSON is its only form: indented without --json, one line with it.
    add_json_option(log, "position, time, user, role, person, household, action, section, purpose, outcome, ...")
    add_identity_options(log, default_purpose="access_log_audit")
    log.set_defaults(handler=run_access_log)

    inzage = subparsers.add_parser("inzage", help="inzage: het dossier zoals de cliënt het in het portaal ziet")
    inzage.add_argument("person_id", metavar="PERSON_ID")
    inzage.add_argument("--household", type=uuid_argument, help="het huishouden (nodig als de persoon in meer dan één huishouden staat)")
    add_json_option(inzage)
    add_identity_options(inzage, default_purpose="client_rights")
    inzage.set_defaults(handler=run_inzage)

    export = subparsers.add_parser("export-my-data", help="alle eigen gegevens van een cliënt als JSON")
    export.add_argument("person_id", metavar="PERSON_ID")
    export.add_argument("--household", type=uuid_argument, help="het huishouden (nodig als de persoon in meer dan één huishouden staat)")
    add_json_option(export)
    add_identity_options(export, default_purpose="client_rights")
    export.set_defaults(handler=run_export)


def entry_as_row(stored: Any) -> dict[str, Any]:
    """One access log line as the privacy officer's JSON shows it."""
    e = stored.entry
    return {
        "position": stored.position, "time": e.time.isoformat() if e.time else None, "user": e.user_id,
        "role": e.user_role, "organisation": e.organisation, "on_behalf_of": e.on_behalf_of,
        "person": e.person_id, "household": e.household_id, "action": e.action, "section": e.section,
        "purpose": e.purpose, "processing_activity": e.processing_activity_id, "outcome": e.outcome,
        "rule": e.decision_rule, "authorisation_profile": e.authorisation_profile, "emergency": e.emergency,
        "reason": e.reason, "channel": e.channel, "status": e.status, "trace_id": e.trace_id, "span_id": e.span_id,
        "hash": stored.hash,
    }


def run_access_log(args: argparse.Namespace) -> int:
    principal = principal_from_args(args)
    since, until = args.since, args.until  # checked by the parser (cli.arguments.time_argument)
    household = UUID(args.household) if args.household else None
    resource = Resource(section=Section.ACCESS_LOG, household_id=household, person_id=args.person)
    with bootstrap(args.settings) as s:
        def fetch(_decision: Any) -> list[dict[str, Any]]:
            rows = s.access_log.query(person_id=args.person, household_id=args.household, user_id=args.user,
                               since=since, until=until)
            return [entry_as_row(r) for r in rows]
        try:
            rows = s.guard.read(principal, Action.EXPORT, resource, args.purpose, Channel.CLI, fetch)
        except AccessDeniedError as exc:
            return report_denial(exc)
    emit(args, rows)
    return 0


def _household_of(app: Any, person_id: str, given: str | None) -> UUID | None:
    """The household the person is a member of (looked up without releasing anything)."""
    if given:
        return UUID(given)
    found = [h for h in app.household_ids() if person_id in app.get_dossier(h).members]
    if len(found) > 1:
        usage_error("deze persoon hoort bij meer dan één huishouden; geef er --household ID bij")
    return found[0] if found else None


def _client_command(args: argparse.Namespace, service: str) -> int:
    principal = principal_from_args(args)
    with bootstrap(args.settings) as s:
        household = _household_of(s.dossiers, args.person_id, args.household)
        # An unknown person still goes through the guard: one logged denial, the same words.
        target = household or UUID(int=0)
        method = getattr(s.rights, service)
        try:
            data = method(principal, target, person_id=args.person_id, channel=Channel.CLI, purpose=args.purpose)
        except AccessDeniedError as exc:
            return report_denial(exc)
    emit(args, data)
    return 0


def run_inzage(args: argparse.Namespace) -> int:
    return _client_command(args, "inzage")


def run_export(args: argparse.Namespace) -> int:
    return _client_command(args, "export_my_data")
