"""`wijkdossier token --role ROLE --subject ID`: a demo bearer token, alone on the last line."""

from __future__ import annotations

import argparse

from cli.output import add_json_option, emit
from domain.vocabulary import Role


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("token", help="maak een demo-token (alleen in demomodus; het token staat op de laatste regel)")
    parser.add_argument("--role", required=True, choices=[r.value for r in Role if r != Role.SYSTEM])
    parser.add_argument("--subject", required=True, help="id van de gebruiker; voor een inwoner (client) het persoons-id")
    parser.add_argument("--team", default="noord")
    parser.add_argument("--organisation", default="wijkteam")
    parser.add_argument("--acr", default=None, help="betrouwbaarheidsniveau van de inlog (inwoners: standaard substantieel)")
    parser.add_argument("--represents", default="", help="persoons-ids, gescheiden door komma's (voor een wettelijk vertegenwoordiger)")
    parser.add_argument("--minutes", type=int, default=None,
                        help="hoe lang het token geldig is (standaard 60 voor inwoners, 480 voor professionals)")
    add_json_option(parser, "token, role, subject, issuer, minutes")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from api.auth.demo_issuer import DemoIssuer

    # The token command always speaks for the demo issuer: it exists to try the demo.
    settings = args.settings.api.model_copy(update={"demo": True})
    issuer = DemoIssuer.from_settings(settings)
    token = issuer.mint(
        role=args.role, subject=args.subject, team=args.team or None, organisation=args.organisation,
        acr=args.acr, represents=[p.strip() for p in args.represents.split(",") if p.strip()] or None,
        lifetime_seconds=None if args.minutes is None else max(1, args.minutes) * 60,
    )
    data = {"token": token, "role": args.role, "subject": args.subject, "issuer": issuer.issuer,
            "minutes": args.minutes}

    def text(d: dict) -> None:  # type: ignore[type-arg]
        # The token alone on the last line, so `| tail -1` gives it to a script.
        print(f"# demo-token voor {d['role']} {d['subject']} (uitgever {d['issuer']}, geldig "
              f"{d['minutes'] or 'standaard'} min)")
        print(d["token"])
    emit(args, data, text)
    return 0
