"""`wijkdossier serve`: the API, GraphQL and the portal over HTTP with uvicorn (projections alongside)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("serve", help="start de API en het portaal (standaard 127.0.0.1:8000)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--demo", action="store_true",
                        help="demo mode: local token issuer under var/, demo login page, GraphQL introspection")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from api.app import create_app
    from infra.migrations import ensure_current
    from projections.backends import ViewLayoutError
    from projections.operations import stale_views

    settings = args.settings
    if args.demo:
        # --demo means what WIJKDOSSIER_DEMO=1 means: the demo issuer and the generated master key.
        settings = settings.model_copy(update={
            "demo": settings.demo.model_copy(update={"enabled": True}),
            "api": settings.api.model_copy(update={"demo": True})})
    # Refuse an old or a newer schema here, in one line, before the server says it is starting.
    ensure_current(settings.store)
    if stale := stale_views(settings):
        raise ViewLayoutError(f"projecties {', '.join(stale)}: andere indeling; voer `wijkdossier migrate` uit. / "
                              "views with another layout: run `wijkdossier migrate`.")
    # No `server: uvicorn` banner: it tells an attacker which bugs to try.
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="info", server_header=False)
    return 0
