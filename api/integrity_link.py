"""What the API uses of the integrity work (helper-2), looked up at call time so either side can land first."""

from __future__ import annotations

import importlib
import logging
from typing import Any

logger = logging.getLogger("wijkdossier.api")


def integrity_store(dossiers: Any) -> Any | None:
    """The application's IntegrityStore, or None when the store runs without the integrity recorder."""
    try:
        module = importlib.import_module("infra.integrity.integrity_store")
    except ImportError:
        return None
    try:
        return module.integrity_of(dossiers)
    except TypeError:
        return None


def public_keys(dossiers: Any) -> dict[str, Any] | None:
    store = integrity_store(dossiers)
    return None if store is None else store.public_keys()

def verification_bundle(dossiers: Any, household_id: str) -> dict[str, Any] | None:
    """A household's verification bundle when the integrity work offers one (`bundle_for_household`)."""
    store = integrity_store(dossiers)
    for name in ("verification_bundle", "bundle_for_household"):
        maker = getattr(store, name, None)
        if maker is not None:
            return maker(household_id)
    try:
        module = importlib.import_module("infra.integrity.bundle")
    except ImportError:
        return None
    maker = getattr(module, "verification_bundle", None) or getattr(module, "build_bundle", None)
    return None if maker is None else maker(dossiers, household_id)
