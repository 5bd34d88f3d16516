"""`wijkdossier demo`: load the demo municipality into the configured store (idempotent)."""

from __future__ import annotations

import argparse

from demo.emergency import record_demo_emergencies
from demo.reads import record_demo_reads
from demo.loader import DEFAULT_HOUSEHOLDS, DEFAULT_SEED, DemoSettingsError, load_demo
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
    parser.set_defaults(handler=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    with bootstrap(args.settings) as services:
        report = load_demo(services.dossiers, households=args.households, seed=args.seed,
                           progress=not args.no_progress)
        # The demo's emergency reads go through the one guard, into the store's own access log.
        emergencies = record_demo_emergencies(services.dossiers, services.guard, services.access_log)
        reads = record_demo_reads(services.dossiers, services.guard, services.access_log)
    print(
        f"Demo-gemeente geladen: {report.households_added} huishoudens toegevoegd, "
        f"{report.households_skipped} waren er al; {report.complaints_added} klachten; "
        f"{report.refused_attempts} geweigerde pogingen (niet opgeslagen of als weigering vastgelegd)."
    )
    print(
        f"{report.events} gebeurtenissen in {report.seconds:.1f} s "
        f"({report.events_per_second:,.0f} gebeurtenissen per seconde).".replace(",", ".")
    )
    print(f"{emergencies} noodtoegangen toegevoegd voor de toetsing door de functionaris gegevensbescherming "
          "(pagina /portal/privacy).")
    print(f"{reads} inzages door medewerkers, een partner en de klachtencommissie toegevoegd "
          "(de inwoner ziet ze bij Wie heeft mijn dossier bekeken).")
    return 0

