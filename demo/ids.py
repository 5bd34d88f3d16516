"""Deterministic ids for everything the demo creates, so a second run finds what the first made."""

from __future__ import annotations

from uuid import UUID, uuid5

# Fixed for good: changing it would orphan every demo store already loaded.
DEMO_NAMESPACE = UUID("6f1d2c1e-8f3a-5b7e-9a41-0c2d4e6f8a10")


def household_id(key: str) -> UUID:
    """The household id for a demo key such as 'scenario:mantelzorg' or 'demo:2024:00042'."""
    return uuid5(DEMO_NAMESPACE, key)


def person_id(household_key: str, number: int) -> str:
    """A member's person id: stable, unique across the municipality, and free of personal data."""
    return str(uuid5(DEMO_NAMESPACE, f"{household_key}:person:{number}"))


def complaint_id(household_key: str, number: int = 1) -> UUID:
    return uuid5(DEMO_NAMESPACE, f"{household_key}:complaint:{number}")
