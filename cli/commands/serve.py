"""`wijkdossier serve`: the API, GraphQL and the portal over HTTP with uvicorn (projections alongside)."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("serve", help="start de API en het portaal (standaard 127.0.0.1:8000)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--demo", action="store_true",
                        help="demomodus: eigen tokenuitgifte onder var/, demo-inlogpagina, GraphQL-introspectie")
    parser.add_argument("--workers", type=_workers, default=1,
                        help="aantal serverprocessen (standaard 1); elk met eigen verbindingen en projecties")
    parser.set_defaults(handler=run)


def _workers(value: str) -> int:
    try:
        workers = int(value)
    except ValueError:
        workers = 0
    if workers < 1:
        raise argparse.ArgumentTypeError(f"--workers: geef een heel getal van 1 of meer (niet {value!r})")
    return workers


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from infra.logs import configure_logging, logging_config
    from infra.migrations import ensure_current
    from projections.backends import ViewLayoutError
    from projections.operations import stale_views

    settings = args.settings
    if args.demo:
        # --demo means what WIJKDOSSIER_DEMO=1 means: the demo issuer and the generated master key.
        settings = settings.model_copy(update={
            "demo": settings.demo.model_copy(update={"enabled": True}),
            "api": settings.api.model_copy(update={"demo": True})})
    # One JSON object per line, uvicorn's lines too, at WIJKDOSSIER_LOG_LEVEL (infra.logs).
    observability = settings.observability
    configure_logging(observability)
    # Refuse an old or a newer schema here, in one line, before the server says it is starting.
    ensure_current(settings.store)
    if stale := stale_views(settings):
        raise ViewLayoutError(f"projecties {', '.join(stale)}: andere indeling; voer `wijkdossier migrate` uit. / "
                              "views with another layout: run `wijkdossier migrate`.")
    # No `server: uvicorn` banner: it tells an attacker which bugs to try.
    options = dict(host=args.host, port=args.port, server_header=False, log_config=logging_config(observability),
                   log_level=observability.log_level.lower())
    if args.workers == 1:
        uvicorn.run(_app(settings), **options)
        return 0
    # Each worker is a new process that builds its app from the environment (app_from_environment below);
    # --demo reaches it as WIJKDOSSIER_DEMO. The demo's token key and master key are made here, once,
    # so the workers do not race to create them and all sign and decrypt alike.
    if args.demo:
        from api.auth.demo_issuer import DemoIssuer
        from infra.crypto.master_key import load_master_key
        from infra.settings import pass_demo_mode_to_workers

        pass_demo_mode_to_workers()
        DemoIssuer.from_settings(settings.api)
        environment = {**settings.library_env(), "WIJKDOSSIER_DEMO": "1"}
        load_master_key(environment.get)
    uvicorn.run("cli.commands.serve:app_from_environment", factory=True, workers=args.workers, **options)
    return 0


def _app(settings: Any) -> Any:
    """The API on these settings, with the demo municipality's names (staff in demo mode only)."""
    from api.app import create_app
    from demo.directory import demo_directory

    return create_app(settings, directory=demo_directory(settings.api.demo))


def app_from_environment() -> Any:
    """The app of one `wijkdossier serve --workers N` worker: a new process reads the settings from
    the environment (as the command did) and sets up the same logging, then builds its own services."""
    from infra.logs import configure_logging
    from infra.settings import load_settings

    settings = load_settings()
    configure_logging(settings.observability)
    return _app(settings)
