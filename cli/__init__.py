"""The `wijkdossier` command line: an entry point, above the API it can serve (see docs/architecture.md)."""
