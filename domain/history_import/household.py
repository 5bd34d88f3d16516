"""One household's imported history, carried out step by step by the domain's own commands on a
dossier (and its complaints) held in memory: every rule a recorded act meets, an imported one meets,
at the time it happened. Nothing is stored here; the events that result are handed to the store.

The unit of an import is the household: all its lines, its dossier and its complaints, go in
together or not at all (docs/import.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.attribution import Attribution
from domain.complaint import Complaint
from domain.dossier.household import HouseholdDossier
from domain.errors import DomainError
from domain.history_import.kinds import COMPLAINT, COMPLAINT_KEY, FIRST_KIND, arguments
from domain.history_import.lines import ImportLine, LineError, LineRefusal

# Imported ids are derived from the source system and its keys, so a rerun of the same file names
# the same households (and finds them imported) instead of making new ones.
IMPORT_NAMESPACE = uuid5(NAMESPACE_URL, "https://wijkdossier.nl/import")
_LINE_FIELDS = {"occurred_at": "occurred_at", "actor_id": "who", "actor_role": "role", "reason": "why",
                "on_behalf_of": "on_behalf_of"}


def household_uuid(source: str, key: str) -> UUID:
    return uuid5(IMPORT_NAMESPACE, f"{source}\x00household\x00{key}")


def complaint_uuid(source: str, household: str, key: str) -> UUID:
    return uuid5(IMPORT_NAMESPACE, f"{source}\x00complaint\x00{household}\x00{key}")


@dataclass
class ImportedHousehold:
    """The result of replaying one household's lines: its ids and the events, in file order."""

    key: str
    household_id: UUID
    first_line: int
    last_line: int
    events: list[Any] = field(default_factory=list)
    complaint_ids: list[UUID] = field(default_factory=list)
    last_occurred_at: datetime | None = None


def _refusal(line: ImportLine, field_name: str, message: str) -> LineError:
    return LineError(LineRefusal(line.number, field_name, message, line.household))


def _field_of(error: DomainError, line: ImportLine) -> str:
    name = error.field or ""
    if name in _LINE_FIELDS:
        return _LINE_FIELDS[name]
    if name in line.kind.parameters:
        return f"data.{name}"
    return "data" if name else "kind"


def replay(source: str, lines: list[ImportLine]) -> ImportedHousehold:
    """Carry out one household's lines in order; `LineError` names the first line the domain refuses."""
    first = lines[0]
    household_id = household_uuid(source, first.household)
    result = ImportedHousehold(first.household, household_id, first.number, lines[-1].number)
    dossier: HouseholdDossier | None = None
    complaints: dict[str, Complaint] = {}
    previous: ImportLine | None = None
    for line in lines:
        if previous is not None and line.occurred_at < previous.occurred_at:
            raise _refusal(line, "occurred_at", f"dit ligt vóór de vorige regel van dit huishouden (regel "
                           f"{previous.number}). Zet de regels van een huishouden op volgorde van tijd.")
        kind = line.kind
        try:
            by = Attribution(actor_id=line.who, actor_role=line.role, reason=line.why,
                             on_behalf_of=line.on_behalf_of, occurred_at=line.occurred_at, imported_from=source)
            args = arguments(kind, line.data)
            if dossier is None and kind.name != FIRST_KIND:
                raise _refusal(line, "kind", "de geschiedenis van een huishouden begint met signal_received. "
                                             "Zet die regel eerst.")
            if kind.aggregate == COMPLAINT:
                target: Any = _complaint(source, line, dossier, complaints, by, args)
            elif kind.creates:
                if dossier is not None:
                    raise _refusal(line, "kind", "dit huishouden heeft al een eerste signaal. Gebruik "
                                                 "further_signal_received voor een volgend signaal.")
                dossier = target = HouseholdDossier.receive_signal(household_id=household_id, by=by, **args)
            else:
                assert dossier is not None
                target = dossier
                getattr(dossier, kind.method)(by=by, **args)
        except DomainError as error:
            raise _refusal(line, _field_of(error, line), error.message_nl
                           or "deze stap past niet bij het dossier zoals het toen was. Controleer de volgorde.") from None
        except (TypeError, ValueError, AttributeError, KeyError):
            # A value of the wrong sort (a list where a text belongs, a text where a number does).
            raise _refusal(line, "data", "een waarde heeft niet de goede soort (tekst, getal, ja/nee, lijst of "
                                         "object). Vergelijk met de stap in docs/import.md.") from None
        result.events.extend(target.collect_events())
        previous = line
    result.last_occurred_at = previous.occurred_at if previous else None
    result.complaint_ids = [c.id for c in complaints.values()]
    return result


def _complaint(source: str, line: ImportLine, dossier: HouseholdDossier | None, complaints: dict[str, Complaint],
               by: Attribution, args: dict[str, Any]) -> Complaint:
    key = line.data.get(COMPLAINT_KEY)
    if not isinstance(key, str) or not key.strip():
        raise _refusal(line, f"data.{COMPLAINT_KEY}", "geef de sleutel van de klacht uit het oude systeem (tekst).")
    if line.kind.creates:
        if key in complaints:
            raise _refusal(line, f"data.{COMPLAINT_KEY}", "deze klacht is al ingediend op een eerdere regel. "
                                                          "Geef elke klacht een eigen sleutel.")
        assert dossier is not None
        if args.get("complainant_person_id") not in dossier.members:
            raise _refusal(line, "data.complainant_person_id", "de indiener is geen lid van dit huishouden. Voeg "
                                                               "het lid eerder toe met member_added.")
        complaint = Complaint.file(household_id=dossier.id, by=by,
                                   complaint_id=complaint_uuid(source, line.household, key), **args)
        complaints[key] = complaint
        return complaint
    found = complaints.get(key)
    if found is None:
        raise _refusal(line, f"data.{COMPLAINT_KEY}", "deze klacht is niet eerder in dit huishouden ingediend. "
                                                      "Zet complaint_filed eerst.")
    getattr(found, line.kind.method)(by=by, **args)
    return found
