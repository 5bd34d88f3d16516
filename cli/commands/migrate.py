"""`wijkdossier migrate`: bring the store's schema to this release (take a backup first)."""

from __future__ import annotations

import argparse

from cli.output import add_json_option, write_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "migrate", help="werk het databaseschema bij naar deze versie (maak eerst een back-up)",
        description="Past de genummerde schemawijzigingen toe die nog ontbreken en bouwt projecties opnieuw op "
                    "waarvan de indeling is veranderd. Een database van een nieuwere versie wordt geweigerd.")
    parser.add_argument("--check", action="store_true",
                        help="alleen tonen wat er zou gebeuren; exitcode 1 als bijwerken nodig is")
    add_json_option(parser, "store, components, applied/stale_views, migration_needed/rebuilt_views")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from infra import migrations

    settings = args.settings
    store = settings.store
    if args.check:
        states = [s.as_dict() for s in migrations.inspect(store)]
        # An empty component is no work for an operator: it is created when first opened.
        stale = _stale_views(settings) if all(s["status"] in ("current", "empty") for s in states) else []
        needed = any(s["status"] not in ("current", "empty") for s in states) or bool(stale)
        if args.json:
            write_json({"store": store.describe(), "components": states, "stale_views": stale,
                        "migration_needed": needed})
        else:
            for s in states:
                print(f"{s['component']}: versie {s['version']} van {s['latest']} ({s['status']}) — {s['where']}")
            for name in stale:
                print(f"projectie {name}: indeling veranderd, wordt opnieuw opgebouwd")
            print("bijwerken nodig: wijkdossier migrate" if needed else "schema is actueel")
        return 1 if needed else 0

    applied = migrations.migrate(store)
    from projections.operations import rebuild

    stale = _stale_views(settings)
    rebuilt = rebuild(settings, stale) if stale else {}
    if args.json:
        write_json({"store": store.describe(),
                    "applied": [{"component": c, "version": m.version, "name": m.name} for c, m in applied],
                    "rebuilt_views": rebuilt,
                    "components": [s.as_dict() for s in migrations.inspect(store)]})
        return 0
    for component, migration in applied:
        print(f"{component}: versie {migration.version} toegepast ({migration.name})")
    for name, events in rebuilt.items():
        print(f"projectie {name}: opnieuw opgebouwd uit {events} gebeurtenissen")
    if not applied and not rebuilt:
        print(f"{store.describe()}: schema is al actueel")
    return 0


def _stale_views(settings):  # type: ignore[no-untyped-def]
    from projections.operations import stale_views

    return stale_views(settings)
