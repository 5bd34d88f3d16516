"""`wijkdossier demo`: load the demo municipality into the configured store (idempotent)."""

from __future__ import annotations

import argparse

from demo.emergency import record_demo_emergencies
from demo.reads import record_demo_reads
from demo.loader import DEFAULT_HOUSEHOLDS, DEFAULT_SEED, DemoSettingsError, load_demo
from cli.output import add_json_option, emit
from infra.errors import register_speaking_error
from wiring import bootstrap

register_speaking_error(DemoSettingsError)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="laad de demo-gemeente (synthetische huishoudens, medewerkers en klachten)",
        description="Laadt een vaste, verzonnen gemeente in de ingestelde opslag. Nog een keer draaien "
                    "voegt niets dubbel toe.",
    )
    parser.add_argument("--households", type=int, default=DEFAULT_HOUSEHOLDS, metavar="N",
                        help=f"aantal huishoudens, inclusief de vijf scenario's (standaard {DEFAULT_HOUSEHOLDS})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S",
                        help=f"startwaarde voor het toeval; dezelfde waarde geeft dezelfde gemeente "
                             f"(standaard {DEFAULT_SEED})")
    parser.add_argument("--no-progress", action="store_true", help="geen voortgangsbalk tonen")
    add_json_option(parser, "households_added, households_skipped, complaints_added, refused_attempts, events, "
                            "seconds, emergency_reads_added, staff_reads_added")
    parser.set_defaults(handler=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    with bootstrap(args.settings) as services:
        report = load_demo(services.dossiers, households=args.households, seed=args.seed,
                           progress=not args.no_progress)
        # The demo's emergency reads go through the one guard, into the store's own access log.
        emergencies = record_demo_emergencies(services.dossiers, services.guard, services.access_log)
        reads = record_demo_reads(services.dossiers, services.guard, services.access_log)
    data = {"households_added": report.households_added, "households_skipped": report.households_skipped,
            "complaints_added": report.complaints_added, "refused_attempts": report.refused_attempts,
            "events": report.events, "seconds": round(report.seconds, 3), "emergency_reads_added": emergencies,
            "staff_reads_added": reads}
    emit(args, data, _print_report)
    return 0


def _print_report(d: dict) -> None:  # type: ignore[type-arg]
    print(
        f"Demo-gemeente geladen: {d['households_added']} huishoudens toegevoegd, "
        f"{d['households_skipped']} waren er al; {d['complaints_added']} klachten; "
        f"{d['refused_attempts']} geweigerde pogingen (niet opgeslagen of als weigering vastgelegd)."
    )
    per_second = d["events"] / d["seconds"] if d["seconds"] > 0 else 0.0
    print(
        f"{d['events']} gebeurtenissen in {d['seconds']:.1f} s "
        f"({per_second:,.0f} gebeurtenissen per seconde).".replace(",", ".")
    )
    print(f"{d['emergency_reads_added']} noodtoegangen toegevoegd voor de toetsing door de functionaris "
          "gegevensbescherming (pagina /portal/privacy).")
    print(f"{d['staff_reads_added']} inzages door medewerkers, een partner en de klachtencommissie toegevoegd "
          "(de inwoner ziet ze bij Wie heeft mijn dossier bekeken).")

