"""Access-log lines as NEN 7513 CSV rows and as FHIR R4 AuditEvent resources (IHE BALP patterns)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timezone
from typing import Any

from privacy.access_log import ROW_COLUMNS, StoredAccessLogEntry, format_time

# (header, the stored value it shows: a name in ROW_COLUMNS). One header row; the order is the
# NEN 7513 list (event, time, client, user, responsible user, action, data, access point,
# outcome, basis, emergency) followed by the Logius "Logboek Dataverwerkingen" fields and the
# chain link. `noodtoegang` shows the emergency flag as ja/nee; the log keeps one moment per
# line, so `tijdstip` and `eindtijd` are both its time.
CSV_COLUMNS: tuple[tuple[str, str], ...] = (
    ("positie", "position"),
    ("gebeurtenis", "event"),
    ("tijdstip", "time"),
    ("client", "person_id"),
    ("huishouden", "household_id"),
    ("gebruiker", "user_id"),
    ("rol", "user_role"),
    ("namens", "on_behalf_of"),
    ("organisatie", "organisation"),
    ("actie", "action"),
    ("gegevens", "section"),
    ("toegangspunt", "channel"),
    ("uitkomst", "outcome"),
    ("beslisregel", "decision_rule"),
    ("grondslag", "legal_basis"),
    ("wettelijke_basis", "legal_reference"),
    ("autorisatieprofiel", "authorisation_profile"),
    ("noodtoegang", "emergency"),
    ("reden", "reason"),
    ("doel", "purpose"),
    ("verwerkingsactiviteit", "processing_activity_id"),
    ("betrokkene", "data_subject_id"),
    ("betrokkenen", "data_subject_ids"),
    ("status", "status"),
    ("trace_id", "trace_id"),
    ("span_id", "span_id"),
    ("parent_span_id", "parent_span_id"),
    ("starttijd", "start_time"),
    ("eindtijd", "time"),
    ("externe_partij", "foreign_entity"),
    ("externe_operatie", "foreign_operation_id"),
    ("hash", "hash"),
)


CSV_FLAGS = {"emergency": ("ja", "nee")}
CSV_HEADER = ",".join(name for name, _ in CSV_COLUMNS) + "\r\n"


def csv_lines(log: Any, **filters: Any) -> Iterator[str]:
    """The lines after `CSV_HEADER`, one chunk per database batch: what the streamed export sends.

    The store writes the lines (`AccessLog.scan_csv`); one chunk per batch, not per line, since a
    response body message per line costs more than writing the line."""
    return log.scan_csv([value for _, value in CSV_COLUMNS], CSV_FLAGS, **filters)


DCM = "http://dicom.nema.org/resources/ontology/DCM"
AUDIT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type"
RESTFUL = "http://hl7.org/fhir/restful-interaction"
PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type"
OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role"
ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason"
SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type"
NS = "urn:wijkdossier"

# BALP: RESTful read/create/update/delete and query use type `rest` with a restful-interaction
# subtype; a disclosure (export, print) uses DICOM 110106 "Export".
_PATTERNS: dict[str, tuple[dict[str, str], dict[str, str] | None, str]] = {
    "read": ({"system": AUDIT_TYPE, "code": "rest", "display": "RESTful Operation"},
             {"system": RESTFUL, "code": "read", "display": "read"}, "R"),
    "search": ({"system": AUDIT_TYPE, "code": "rest", "display": "RESTful Operation"},
               {"system": RESTFUL, "code": "search-type", "display": "search type"}, "E"),
    "create": ({"system": AUDIT_TYPE, "code": "rest", "display": "RESTful Operation"},
               {"system": RESTFUL, "code": "create", "display": "create"}, "C"),
    "update": ({"system": AUDIT_TYPE, "code": "rest", "display": "RESTful Operation"},
               {"system": RESTFUL, "code": "update", "display": "update"}, "U"),
    "delete": ({"system": AUDIT_TYPE, "code": "rest", "display": "RESTful Operation"},
               {"system": RESTFUL, "code": "delete", "display": "delete"}, "D"),
    "export": ({"system": DCM, "code": "110106", "display": "Export"}, None, "R"),
    "print": ({"system": DCM, "code": "110106", "display": "Export"}, None, "R"),
}


def subjects_of(entry: Any) -> list[str]:
    """The named person first, then every other member the line names."""
    named = [p for p in (entry.person_id, entry.data_subject_id) if p]
    others = (entry.data_subject_ids or "").split()
    return list(dict.fromkeys(named + others))


def audit_event(stored: StoredAccessLogEntry) -> dict[str, Any]:
    """One access-log line as a FHIR R4 AuditEvent (plain JSON)."""
    entry = stored.entry
    event_type, subtype, action = _PATTERNS[entry.action]
    purposes = [{"coding": [{"system": f"{NS}:purpose", "code": entry.purpose}],
                 "text": entry.processing_activity_id}]
    if entry.emergency:
        purposes.append({"coding": [{"system": ACT_REASON, "code": "ETREAT", "display": "Emergency Treatment"}]})
    agents: list[dict[str, Any]] = [{
        "type": {"coding": [{"system": PARTICIPATION, "code": "IRCP", "display": "information recipient"}]},
        "role": [{"coding": [{"system": f"{NS}:role", "code": entry.user_role}]}],
        "who": {"identifier": {"system": f"{NS}:user", "value": entry.user_id}, "display": entry.organisation},
        "requestor": True,
        "network": {"address": entry.channel, "type": "5"},
    }]
    if entry.on_behalf_of:
        agents.append({
            "type": {"coding": [{"system": PARTICIPATION, "code": "RESP", "display": "responsible party"}]},
            "who": {"identifier": {"system": f"{NS}:user", "value": entry.on_behalf_of}},
            "requestor": False,
        })
    entities: list[dict[str, Any]] = []
    for subject in subjects_of(entry):  # NEN 7513 "which client": every person the access concerned
        entities.append({
            "what": {"identifier": {"system": f"{NS}:person", "value": subject}},
            "type": {"system": ENTITY_TYPE, "code": "1", "display": "Person"},
            "role": {"system": OBJECT_ROLE, "code": "1", "display": "Patient"},
        })
    data_entity: dict[str, Any] = {
        "type": {"system": ENTITY_TYPE, "code": "2", "display": "System Object"},
        "role": {"system": OBJECT_ROLE, "code": "4", "display": "Domain Resource"},
        "name": entry.section,
        "detail": [{"type": "decision_rule", "valueString": entry.decision_rule},
                   {"type": "chain_hash", "valueString": stored.hash}],
    }
    if entry.household_id:
        data_entity["what"] = {"identifier": {"system": f"{NS}:household", "value": entry.household_id}}
    if entry.authorisation_profile:
        data_entity["detail"].append({"type": "authorisation_profile", "valueString": entry.authorisation_profile})
    entities.append(data_entity)
    resource: dict[str, Any] = {
        "resourceType": "AuditEvent",
        "id": str(entry.entry_id),
        "type": event_type,
        "action": action,
        "recorded": format_time(entry.time).replace("Z", "+00:00"),
        "outcome": "0" if entry.outcome == "permit" and entry.status == "ok" else "4",
        "outcomeDesc": f"{entry.outcome}: {entry.decision_rule}",
        "purposeOfEvent": purposes,
        "agent": agents,
        "source": {
            "site": entry.organisation,
            "observer": {"identifier": {"system": f"{NS}:system", "value": "wijkdossier"}, "display": "Wijkdossier"},
            "type": [{"system": SOURCE_TYPE, "code": "4", "display": "Application Server"}],
        },
        "entity": entities,
    }
    if subtype is not None:
        resource["subtype"] = [subtype]
    return resource


def audit_bundle(lines: Iterable[StoredAccessLogEntry]) -> dict[str, Any]:
    """A FHIR R4 searchset Bundle of AuditEvents."""
    entries = [{"fullUrl": f"urn:uuid:{s.entry.entry_id}", "resource": audit_event(s), "search": {"mode": "match"}}
               for s in lines]
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "timestamp": datetime.now(timezone.utc).isoformat(),
        "total": len(entries),
        "entry": entries,
    }


def audit_bundle_chunks(batches: Iterable[Sequence[tuple[Any, ...]]]) -> Iterator[str]:
    """The same searchset Bundle as `audit_bundle`, streamed batch by batch from `scan_rows` rows.

    `total` is counted while the entries go out and written after them (JSON members have no
    order), so it is the exact number of entries sent, without a second query or a buffer."""
    head = {"resourceType": "Bundle", "type": "searchset", "timestamp": datetime.now(timezone.utc).isoformat()}
    yield json.dumps(head)[:-1] + ', "entry": ['
    total = 0
    for batch in batches:
        parts = [bundle_entry_json(row) for row in batch]
        if parts:
            yield ("," if total else "") + ",".join(parts)
            total += len(parts)
    yield f'], "total": {total}}}'


# ---------------------------------------------------------------- the same resource as text
# An export of a million lines spent most of its time building each AuditEvent as nested
# dicts and encoding them. Most of its ~2 kB is the same for every line, so the JSON is
# written from fragments encoded once, with only the line's own values encoded per line.
# `audit_event` stays the readable definition: tests/unit/test_audit_export_text.py holds
# `bundle_entry_json` to it, value for value, for every action and optional part.

_quote = json.encoder.encode_basestring_ascii  # type: ignore[attr-defined]
_AT = {name: ROW_COLUMNS.index(name) for name in ROW_COLUMNS}


def _text(value: Any) -> str:
    return "null" if value is None else _quote(value)


def _fragment(value: Any) -> str:
    return json.dumps(value)


_PATTERN_TEXT = {
    action: (_fragment(event_type), None if subtype is None else _fragment([subtype]), _fragment(code))
    for action, (event_type, subtype, code) in _PATTERNS.items()
}
_EMERGENCY = _fragment({"coding": [{"system": ACT_REASON, "code": "ETREAT", "display": "Emergency Treatment"}]})
_IRCP = _fragment({"coding": [{"system": PARTICIPATION, "code": "IRCP", "display": "information recipient"}]})
_RESP = _fragment({"coding": [{"system": PARTICIPATION, "code": "RESP", "display": "responsible party"}]})
_PERSON_TYPE = (_fragment({"system": ENTITY_TYPE, "code": "1", "display": "Person"}),
                _fragment({"system": OBJECT_ROLE, "code": "1", "display": "Patient"}))
_DATA_TYPE = (_fragment({"system": ENTITY_TYPE, "code": "2", "display": "System Object"}),
              _fragment({"system": OBJECT_ROLE, "code": "4", "display": "Domain Resource"}))
_OBSERVER = _fragment({"identifier": {"system": f"{NS}:system", "value": "wijkdossier"}, "display": "Wijkdossier"})
_SOURCE_TYPE = _fragment([{"system": SOURCE_TYPE, "code": "4", "display": "Application Server"}])
_NS = {kind: _quote(f"{NS}:{kind}") for kind in ("purpose", "role", "user", "person", "household")}


def bundle_entry_json(row: tuple[Any, ...]) -> str:
    """One `scan_rows` row as the JSON text of a searchset entry holding its AuditEvent:
    equal, as JSON, to the entry `audit_bundle` builds from `audit_event`."""
    at = _AT
    entry_id, action, user_id = row[at["entry_id"]], row[at["action"]], row[at["user_id"]]
    organisation, outcome, rule = row[at["organisation"]], row[at["outcome"]], row[at["decision_rule"]]
    event_type, subtype, code = _PATTERN_TEXT[action]
    purposes = (f'{{"coding": [{{"system": {_NS["purpose"]}, "code": {_text(row[at["purpose"]])}}}], '
                f'"text": {_text(row[at["processing_activity_id"]])}}}')
    if row[at["emergency"]]:
        purposes += ", " + _EMERGENCY
    agents = (f'{{"type": {_IRCP}, "role": [{{"coding": [{{"system": {_NS["role"]}, '
              f'"code": {_text(row[at["user_role"]])}}}]}}], '
              f'"who": {{"identifier": {{"system": {_NS["user"]}, "value": {_text(user_id)}}}, '
              f'"display": {_text(organisation)}}}, "requestor": true, '
              f'"network": {{"address": {_text(row[at["channel"]])}, "type": "5"}}}}')
    on_behalf_of = row[at["on_behalf_of"]]
    if on_behalf_of:
        agents += (f', {{"type": {_RESP}, "who": {{"identifier": {{"system": {_NS["user"]}, '
                   f'"value": {_quote(on_behalf_of)}}}}}, "requestor": false}}')
    named = [p for p in (row[at["person_id"]], row[at["data_subject_id"]]) if p]
    subjects = dict.fromkeys(named + (row[at["data_subject_ids"]] or "").split())
    entities = [f'{{"what": {{"identifier": {{"system": {_NS["person"]}, "value": {_quote(subject)}}}}}, '
                f'"type": {_PERSON_TYPE[0]}, "role": {_PERSON_TYPE[1]}}}' for subject in subjects]
    details = (f'{{"type": "decision_rule", "valueString": {_text(rule)}}}, '
               f'{{"type": "chain_hash", "valueString": {_text(row[at["hash"]])}}}')
    profile = row[at["authorisation_profile"]]
    if profile:
        details += f', {{"type": "authorisation_profile", "valueString": {_quote(profile)}}}'
    household = row[at["household_id"]]
    what = (f'"what": {{"identifier": {{"system": {_NS["household"]}, "value": {_quote(household)}}}}}, '
            if household else "")
    entities.append(f'{{{what}"type": {_DATA_TYPE[0]}, "role": {_DATA_TYPE[1]}, '
                    f'"name": {_text(row[at["section"]])}, "detail": [{details}]}}')
    time = row[at["time"]]
    recorded = (time if isinstance(time, str) else format_time(time)).replace("Z", "+00:00")
    permitted = outcome == "permit" and row[at["status"]] == "ok"
    resource = (f'{{"resourceType": "AuditEvent", "id": {_quote(str(entry_id))}, "type": {event_type}, '
                f'"action": {code}, "recorded": {_quote(recorded)}, "outcome": "{"0" if permitted else "4"}", '
                f'"outcomeDesc": {_quote(f"{outcome}: {rule}")}, "purposeOfEvent": [{purposes}], '
                f'"agent": [{agents}], "source": {{"site": {_text(organisation)}, "observer": {_OBSERVER}, '
                f'"type": {_SOURCE_TYPE}}}, "entity": [{", ".join(entities)}]'
                + (f', "subtype": {subtype}}}' if subtype is not None else "}"))
    return f'{{"fullUrl": "urn:uuid:{entry_id}", "resource": {resource}, "search": {{"mode": "match"}}}}'
