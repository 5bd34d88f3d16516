"""Subcommands of the `wijkdossier` CLI; every module here defines `register(subparsers)`."""
