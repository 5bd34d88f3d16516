"""One line of a history import file, checked on its own: fields present, of the right type, a known
kind with the data it needs, a time with a zone. What a line means for its household (the domain's
rules) is checked by `domain.history_import.household`. Refusals name the line, the field and what to
do, in Dutch (docs/import.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.history_import.kinds import KINDS, Kind
from domain.messages_nl import ROLES_NL
from domain.vocabulary import Role

FIELDS = ("household", "kind", "data", "who", "role", "on_behalf_of", "occurred_at", "why")
_FIELD_SET = frozenset(FIELDS)
REQUIRED = ("household", "kind", "who", "role", "occurred_at", "why")
MAX_KEY = 100
_ROLES = {role.value: role for role in Role}  # an external key is an id from the previous system, not a text


@dataclass(frozen=True)
class LineRefusal:
    """Why one line (or the household it belongs to) was not imported."""

    line: int
    field: str
    message: str  # Dutch, for the person who fixes the file
    household: str | None = None

    def __str__(self) -> str:
        return f"regel {self.line}, veld {self.field}: {self.message}"


class LineError(Exception):
    def __init__(self, refusal: LineRefusal) -> None:
        super().__init__(str(refusal))
        self.refusal = refusal


@dataclass(frozen=True)
class ImportLine:
    number: int
    household: str
    kind: Kind
    data: dict[str, Any]
    who: str
    role: Role
    on_behalf_of: str | None
    occurred_at: datetime
    why: str


def _refuse(line: int, field: str, message: str, household: str | None = None) -> LineError:
    return LineError(LineRefusal(line, field, message, household))


def household_key(text: str) -> str | None:
    """The household key of a raw line, or None when the line does not parse (found again, with its
    reason, by `parse_line`)."""
    try:
        value = json.loads(text).get("household")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def parse_line(text: str, number: int) -> ImportLine:
    """One line as an `ImportLine`, or `LineError` with the line number, the field and the reason."""
    try:
        raw = json.loads(text)
    except ValueError as exc:
        raise _refuse(number, "regel", f"dit is geen geldige JSON ({exc.msg}, teken {exc.pos + 1}). "
                                       "Zet op elke regel één JSON-object.") from None
    if not isinstance(raw, dict):
        raise _refuse(number, "regel", "dit is geen JSON-object. Zet op elke regel één object tussen { en }.")
    household = raw.get("household")
    key = household if isinstance(household, str) else None
    unknown = sorted(raw.keys() - _FIELD_SET)
    if unknown:
        raise _refuse(number, unknown[0], f"dit veld kent het importformaat niet. Toegestaan zijn: {', '.join(FIELDS)}.",
                      key)
    for name in REQUIRED:
        value = raw.get(name)
        if not isinstance(value, str) or not value.strip():
            raise _refuse(number, name, "dit veld ontbreekt of is leeg. Vul het in (tekst).", key)
    if len(household) > MAX_KEY:
        raise _refuse(number, "household", f"de sleutel is langer dan {MAX_KEY} tekens. Gebruik het "
                                           "huishoudnummer uit het oude systeem.", key)
    kind = KINDS.get(raw["kind"])
    if kind is None:
        raise _refuse(number, "kind", f"'{raw['kind'][:60]}' is geen bekende stap. De stappen staan in "
                                      "docs/import.md (bijvoorbeeld signal_received, dossier_opened).", key)
    role = _ROLES.get(raw["role"])
    if role is None:
        raise _refuse(number, "role", f"'{raw['role'][:60]}' is geen rol. Kies uit: "
                      + ", ".join(f"{nl} ({code})" for code, nl in ROLES_NL.items()) + ".", key)
    on_behalf_of = raw.get("on_behalf_of")
    if on_behalf_of is not None and (not isinstance(on_behalf_of, str) or not on_behalf_of.strip()):
        raise _refuse(number, "on_behalf_of", "geef de id van de persoon (tekst), of laat het veld weg.", key)
    try:
        occurred_at = datetime.fromisoformat(raw["occurred_at"])
    except ValueError:
        raise _refuse(number, "occurred_at", "dit is geen tijdstip. Schrijf het als 2006-03-01T10:00:00+01:00.",
                      key) from None
    if occurred_at.tzinfo is None:
        raise _refuse(number, "occurred_at", "de tijdzone ontbreekt. Schrijf het als 2006-03-01T10:00:00+01:00.", key)
    data = raw.get("data", {})
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise _refuse(number, "data", "dit is geen JSON-object. Zet de gegevens van de stap tussen { en }.", key)
    extra = sorted(data.keys() - kind.accepted)
    if extra:
        allowed = ", ".join(kind.parameters) or "geen"
        raise _refuse(number, f"data.{extra[0]}", f"de stap {kind.name} kent dit veld niet. Toegestaan: {allowed}.",
                      key)
    missing = [name for name in kind.required if data.get(name) in (None, "")]
    if missing:
        raise _refuse(number, f"data.{missing[0]}", f"de stap {kind.name} heeft dit veld nodig. Vul het in.", key)
    return ImportLine(number=number, household=household, kind=kind, data=data, who=raw["who"], role=role,
                      on_behalf_of=on_behalf_of, occurred_at=occurred_at, why=raw["why"])
