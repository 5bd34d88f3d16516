"""Tamper evidence for the event store: hash chains, signed checkpoints, verification."""
