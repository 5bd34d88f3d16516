"""The register of processing activities (AVG art. 30), kept as versioned configuration.

`processing_register.json` beside this module holds every version; the newest version
whose `valid_from` has passed is in force. Every access names a purpose; the register maps
it to one activity, whose `reference` (`id@version`) goes into the access log line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

REGISTER_PATH = Path(__file__).with_name("processing_register.json")
DPV_LEGAL_BASES = frozenset(
    {
        "dpv:Consent",
        "dpv:Contract",
        "dpv:LegalObligation",
        "dpv:LegitimateInterest",
        "dpv:PublicInterest",
        "dpv:OfficialAuthorityOfController",
        "dpv:VitalInterest",
    }
)


class RegisterError(ValueError):
    """The register file is malformed; the message names the version, activity and field."""


@dataclass(frozen=True)
class ProcessingActivity:
    id: str
    version: int
    purpose: str
    name: str
    description: str
    legal_basis: str
    legal_reference: str
    data_categories: tuple[str, ...]
    retention_period: str  # ISO 8601 duration
    retention_after: str
    sections: frozenset[str]

    @property
    def reference(self) -> str:
        """What an access log line names: the activity and the register version it came from."""
        return f"{self.id}@{self.version}"


@dataclass(frozen=True)
class ProcessingRegister:
    """One version of the register: the activities in force."""

    version: int
    valid_from: date
    activities: tuple[ProcessingActivity, ...]

    def activity_for(self, purpose: str | None) -> ProcessingActivity | None:
        """The activity a purpose belongs to, or None for an unregistered purpose."""
        for activity in self.activities:
            if activity.purpose == purpose:
                return activity
        return None

    @property
    def purposes(self) -> tuple[str, ...]:
        return tuple(a.purpose for a in self.activities)


def _activity(raw: dict[str, Any], version: int) -> ProcessingActivity:
    where = f"processing register version {version}, activity {raw.get('id', '?')}"
    for key in ("id", "purpose", "name", "legal_basis", "sections", "retention"):
        if not raw.get(key) and raw.get(key) != []:
            raise RegisterError(f"{where}: field {key} is missing; add it")
    if raw["legal_basis"] not in DPV_LEGAL_BASES:
        raise RegisterError(
            f"{where}: legal_basis {raw['legal_basis']!r} is not a DPV legal basis; use one of "
            + ", ".join(sorted(DPV_LEGAL_BASES))
        )
    retention = raw["retention"]
    if not str(retention.get("period", "")).startswith("P"):
        raise RegisterError(f"{where}: retention.period must be an ISO 8601 duration such as P15Y")
    return ProcessingActivity(
        id=raw["id"],
        version=version,
        purpose=raw["purpose"],
        name=raw["name"],
        description=raw.get("description", ""),
        legal_basis=raw["legal_basis"],
        legal_reference=raw.get("legal_reference", ""),
        data_categories=tuple(raw.get("data_categories") or ()),
        retention_period=retention["period"],
        retention_after=retention.get("after", ""),
        sections=frozenset(raw["sections"]),
    )


def parse_register(data: dict[str, Any]) -> list[ProcessingRegister]:
    """Every version in the file, oldest first (checked)."""
    versions = []
    for raw in data.get("versions") or []:
        number = int(raw["version"])
        activities = tuple(_activity(a, number) for a in raw.get("activities") or [])
        purposes = [a.purpose for a in activities]
        if len(set(purposes)) != len(purposes):
            raise RegisterError(f"processing register version {number}: two activities share a purpose")
        versions.append(
            ProcessingRegister(version=number, valid_from=date.fromisoformat(raw["valid_from"]), activities=activities)
        )
    if not versions:
        raise RegisterError("processing register: no versions; add at least one")
    versions.sort(key=lambda r: r.version)
    return versions


@lru_cache(maxsize=4)
def register_versions(path: Path = REGISTER_PATH) -> tuple[ProcessingRegister, ...]:
    with path.open(encoding="utf-8") as handle:
        return tuple(parse_register(json.load(handle)))


def register_in_force(on: date | None = None, path: Path = REGISTER_PATH) -> ProcessingRegister:
    """The newest version valid on `on` (today by default)."""
    on = on or date.today()
    versions = [r for r in register_versions(path) if r.valid_from <= on]
    if not versions:
        raise RegisterError(f"processing register: no version is valid on {on.isoformat()}")
    return versions[-1]


def current_register() -> ProcessingRegister:
    """The newest version in the file (what the demo and tests use)."""
    return register_versions()[-1]
