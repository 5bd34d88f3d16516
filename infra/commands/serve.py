"""`wijkdossier serve`: the API, GraphQL and the portal over HTTP with uvicorn (projections alongside)."""

from __future__ import annotations

import argparse
import os


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

    if args.demo:
        os.environ["WIJKDOSSIER_DEMO"] = "1"
    # No `server: uvicorn` banner: it tells an attacker which bugs to try.
    uvicorn.run(create_app(), host=args.host, port=args.port, log_level="info", server_header=False)
    return 0
