"""Applying a decision's obligations to dossier data, so only what was permitted leaves.

- members whose personal data the reader may not see are left out, and the view says how
  many items were left out (not silently absent);
- items and sections withheld from the reader by a recorded decision appear as
  `{"status": "withheld"}` with a plain reason;
- a review scope (`history_until`/`history_from`) cuts the history to the complaint's dates;
- a partner's consent for named ZRM domains shows only those domains.

Everything returned is JSON-ready (dates as ISO text, sets as sorted lists).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date, datetime
from enum import Enum
from typing import Any
from uuid import UUID

from domain.catalogue import ALL_EVENTS, meta_of
from domain.recording import entered_record_at
from privacy.model import Decision, Obligations, Section

WITHHELD_REASON = "Dit onderdeel is voor u afgeschermd door een besluit van de regisseur, voor de veiligheid van een kind."
LEFT_OUT_REASON = "Persoonsgegevens van een ander lid van het huishouden worden niet getoond."
THIRD_PARTY = "afgeschermd"

# Derived from the metadata each event class declares (domain/event_meta.py): a new event says
# there which section it belongs to and which attributes name the member(s) it is about.
EVENT_SECTIONS: dict[str, Section] = {e.__name__: Section(e.meta.section) for e in ALL_EVENTS}  # type: ignore[attr-defined]

_SKIP_FIELDS = {"originator_id", "originator_version", "timestamp", "by"}


def as_row(record: Any) -> Any:
    """A record of the dossier's state (a frozen dataclass of its area) as a plain dict, one level
    deep, under the same names; anything else as it is."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}
    return record


def json_ready(value: Any) -> Any:
    """Plain JSON values: records as dicts, dates as ISO text, UUIDs as text, sets as sorted lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = as_row(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(json_ready(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [json_ready(v) for v in value]
    return value


def _withheld(section: str | None = None, version: int | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {"status": "withheld", "withheld": True, "reason": WITHHELD_REASON}
    if section is not None:
        item["section"] = section
    if version is not None:
        item["version"] = version
    return item


def _hides_third_parties(decision: Decision) -> bool:
    # Clients and partners do not see who reported a signal (a neighbour, a school).
    return decision.rule.startswith(("client.", "partner."))


class Redactor:
    """Applies one decision's obligations; one instance per response."""

    def __init__(self, decision: Decision) -> None:
        self.decision = decision
        self.ob: Obligations = decision.obligations
        self.left_out = 0

    def hidden_person(self, person_id: str | None) -> bool:
        return person_id is not None and person_id in self.ob.redact_person_ids

    def section_withheld(self, section: Section | str) -> bool:
        return str(section) in self.ob.withheld_sections

    def version_withheld(self, version: int | None) -> bool:
        return version is not None and version in self.ob.withheld_item_versions

    def version_hidden(self, *versions: int | None) -> bool:
        """Another member's confidence, or something that refers to one: left out without a trace."""
        return any(v is not None and v in self.ob.hidden_item_versions for v in versions)

    def row_hidden(self, row: dict[str, Any]) -> bool:
        return self.version_hidden(row.get("version"), row.get("item_version"))

    def items(self, rows: Iterable[dict[str, Any]], person_key: str | None = "person_id") -> list[Any]:
        """Rows of one section: other members' rows left out (counted), withheld rows marked,
        confidences kept from this reader left out (not counted)."""
        out: list[Any] = []
        for record in rows:
            row = as_row(record)
            if self.row_hidden(row):
                continue
            if person_key and self.hidden_person(row.get(person_key)):
                self.left_out += 1
                continue
            if self.version_withheld(row.get("version")):
                out.append(_withheld(version=row.get("version")))
                continue
            out.append(json_ready(row))
        return out

    def in_scope(self, recorded_at: datetime) -> bool:
        if self.ob.history_until is not None and recorded_at > self.ob.history_until:
            return False
        if self.ob.history_from is not None and recorded_at < self.ob.history_from:
            return False
        return True


def _members(dossier: Any, r: Redactor) -> list[Any]:
    out = []
    for member in dossier.members.values():
        if r.hidden_person(member.person_id):
            r.left_out += 1
            out.append({"person_id": member.person_id, "relation": member.relation, "status": "not_shown",
                        "reason": LEFT_OUT_REASON})
        else:
            out.append(json_ready(member))
    return out


def _contacts(dossier: Any, r: Redactor) -> list[Any]:
    out = []
    for record in dossier.contacts:
        contact = as_row(record)
        if r.row_hidden(contact):
            continue
        people = contact.get("with_person_ids") or []
        if people and all(r.hidden_person(p) for p in people):
            r.left_out += 1
            continue
        if r.version_withheld(contact.get("version")):
            out.append(_withheld(version=contact.get("version")))
            continue
        shown = dict(contact, with_person_ids=[p for p in people if not r.hidden_person(p)])
        out.append(json_ready(shown))
    return out


def _zrm(dossier: Any, r: Redactor) -> list[Any]:
    rows = r.items(dossier.assessments)
    if r.ob.zrm_domains is not None:
        for row in rows:
            if isinstance(row, dict) and "scores" in row:
                row["scores"] = {d: s for d, s in row["scores"].items() if d in r.ob.zrm_domains}
    return rows


def _signals(dossier: Any, r: Redactor) -> list[Any]:
    rows = [json_ready(s) for s in dossier.signals]
    if _hides_third_parties(r.decision):
        for row in rows:
            row["reporter"] = THIRD_PARTY
    return rows


def _decision_data(dossier: Any, r: Redactor) -> dict[str, Any]:
    """Only what administrative processing of a decision needs: the referral and its person."""
    referrals = r.items(
        {k: v for k, v in as_row(ref).items() if k in ("referral_id", "kind", "provision", "person_id", "status",
                                                         "decided_at", "decided_by")}
        for ref in dossier.referrals.values()
    )
    people = {ref.get("person_id") for ref in referrals if isinstance(ref, dict)} - {None}
    persons = [
        json_ready({"person_id": m.person_id, "name": m.name, "date_of_birth": m.date_of_birth})
        for pid, m in dossier.members.items() if pid in people
    ]
    return {"referrals": referrals, "persons": persons}


def _overview(dossier: Any, r: Redactor) -> dict[str, Any]:
    return json_ready({
        "household_id": dossier.id, "team": dossier.team, "phase": dossier.phase,
        "case_director": dossier.case_director, "process_director": dossier.process_director,
        "tandem_workers": dossier.tandem_workers, "opened_at": dossier.opened_at, "closed_at": dossier.closed_at,
    })


_SECTION_VIEWS = {
    Section.OVERVIEW: _overview,
    Section.MEMBERS: _members,
    Section.SIGNALS: _signals,
    Section.CONTACTS: _contacts,
    Section.ZRM: _zrm,
    Section.PARTICIPATION: lambda d, r: r.items(d.ladder),
    Section.CHILD_SAFETY: lambda d, r: r.items(d.child_safety, person_key=None),
    Section.PLAN: lambda d, r: r.items(d.plan_versions, person_key=None),
    Section.REFERRALS: lambda d, r: r.items(d.referrals.values()),
    Section.EVALUATION: lambda d, r: {"evaluations": r.items(d.evaluations, person_key=None),
                                      "monitoring": json_ready(d.monitoring)},
    Section.CONSENTS: lambda d, r: {"consents": r.items(d.consents.values()),
                                    "legal_duties": r.items(d.legal_duties.values(), person_key=None),
                                    "confidences": r.items(d.confidences.values())},
    Section.STATEMENTS: lambda d, r: {"statements": r.items(d.statements),
                                      "corrections": r.items(d.corrections.values())},
    Section.DECISION_DATA: _decision_data,
}
DOSSIER_SECTIONS = tuple(_SECTION_VIEWS)


# Item lists the API serves beside the sections (each decided under the section named with it).
_ITEM_LISTS: dict[str, Any] = {
    "actions": lambda d, r: r.items(({**as_row(a), "action_id": k} for k, a in d.actions.items()), person_key=None),
    "worker_change": lambda d, r: r.items(d.worker_change_requests.values()),
    "withholdings": lambda d, r: r.items(d.withholdings.values(), person_key="from_person_id"),
}
# Where a section's view holds several lists, each item says which one it came from.
_KIND_OF_LIST = {"legal_duties": "legal_duty", "confidences": "confidence", "statements": "statement", "corrections": "correction",
                 "consents": "consent", "evaluations": "evaluation", "referrals": "referral", "persons": "person"}


def section_items_view(dossier: Any, decision: Decision, section: Section | str,
                       items: str | None = None) -> dict[str, Any]:
    """One section (or one item list decided under it) as a flat list of items, obligations applied:
    other members' data left out and counted, withheld items marked, ZRM domains and reporters
    limited as the decision says. The one redaction path for section reads over the API."""
    section = Section(section)
    r = Redactor(decision)
    if r.section_withheld(section):
        return {"items": [], "withheld_section": True, "left_out": None}
    if items in _ITEM_LISTS:
        rows = _ITEM_LISTS[items](dossier, r)
    else:
        view = _SECTION_VIEWS[section](dossier, r)
        rows = _flattened(view)
    return {"items": rows, "withheld_section": False,
            "left_out": {"count": r.left_out, "reason": LEFT_OUT_REASON} if r.left_out else None}


def _flattened(view: Any) -> list[Any]:
    if isinstance(view, list):
        return view
    if all(isinstance(v, list) or v is None for v in view.values()):
        out: list[Any] = []
        for key, rows in view.items():
            for row in rows or []:
                out.append({**row, "kind": _KIND_OF_LIST.get(key, key)} if isinstance(row, dict) else row)
        return out
    flat = [view]  # a single record, such as the overview, or lists beside a record (evaluation)
    if "evaluations" in view:
        flat = [{**row, "kind": "evaluation"} for row in view["evaluations"]]
        if view.get("monitoring"):
            flat.append({**view["monitoring"], "kind": "monitoring"})
    return flat


def dossier_view(dossier: Any, decision: Decision, sections: Iterable[Section] = DOSSIER_SECTIONS) -> dict[str, Any]:
    """The dossier's current state, section by section, with the decision's obligations applied."""
    r = Redactor(decision)
    view: dict[str, Any] = {}
    for section in sections:
        section = Section(section)
        if r.section_withheld(section):
            view[section.value] = _withheld(section=section.value)
            continue
        view[section.value] = _SECTION_VIEWS[section](dossier, r)
    view["left_out"] = {"count": r.left_out, "reason": LEFT_OUT_REASON} if r.left_out else None
    return view


def _event_person_ids(event: Any) -> list[str]:
    meta = meta_of(type(event))
    return meta.subject_ids(event) if meta is not None else []


def release_event(event: Any, r: Redactor) -> dict[str, Any] | None:
    """One recorded event as it may leave under the redactor's decision: the item (with its content
    redacted), a withheld marker, or None when it is left out (counted where the rules say so).

    The one shape of an event for every output: inzage, export, REST history and review.
    """
    if r.version_hidden(event.originator_version, getattr(event, "item_version", None)):
        return None  # another member's confidence: not marked, not counted
    kind = type(event).__name__
    section = EVENT_SECTIONS.get(kind, Section.OVERVIEW)
    by = getattr(event, "by", None)
    head = {"version": event.originator_version, "type": kind, "section": section.value,
            "recorded_at": event.timestamp.isoformat(),
            "occurred_at": by.occurred_at.isoformat() if by is not None else None}
    people = _event_person_ids(event)
    if people and all(r.hidden_person(p) for p in people):
        r.left_out += 1
        return None
    if r.section_withheld(section) or r.version_withheld(event.originator_version):
        # Only that something is held back, and when: not what kind of item it is.
        return {k: head[k] for k in ("version", "section", "recorded_at", "occurred_at")} | {"type": "withheld"} \
            | _withheld()
    data = {k: v for k, v in vars(event).items() if k not in _SKIP_FIELDS}
    meta = meta_of(type(event))
    if meta is not None:
        _redact_by_meta(data, meta, r)
    return {
        **head,
        "by": None if by is None else {**json_ready(by.as_dict()), "role": by.actor_role.value},
        "data": json_ready(data),
    }


def _redact_by_meta(data: dict[str, Any], meta: Any, r: Redactor) -> None:
    """What the event's class says its attributes hold, cut to what this reader may see
    (domain/event_meta.py): a new event gets these rules by saying so on its class."""
    if _hides_third_parties(r.decision):
        for key in meta.third_parties:
            if key in data:
                data[key] = THIRD_PARTY
    for key in meta.per_member:
        if isinstance(data.get(key), dict):
            data[key] = {p: v for p, v in data[key].items() if not r.hidden_person(p)}
    if r.ob.zrm_domains is not None:
        for key in meta.zrm_scores:
            data[key] = {d: s for d, s in (data.get(key) or {}).items() if d in r.ob.zrm_domains}
    for key in meta.subjects:
        if isinstance(data.get(key), list):
            data[key] = [p for p in data[key] if not r.hidden_person(p)]


def history_view(events: Iterable[Any], decision: Decision, *, recorded_until: datetime | None = None
                 ) -> dict[str, Any]:
    """Every recorded event within scope, oldest first: shown, withheld, or left out (counted).

    `recorded_until` travels in recorded time (as the dossier stood then); the review scope in
    the decision speaks of world time (when it happened), as the complaint's dates do.
    """
    r = Redactor(decision)
    items: list[dict[str, Any]] = []
    outside_scope = 0
    for event in events:
        if recorded_until is not None and entered_record_at(event) > recorded_until:
            continue
        by = getattr(event, "by", None)
        if not r.in_scope(by.occurred_at if by is not None else event.timestamp):
            outside_scope += 1
            continue
        item = release_event(event, r)
        if item is not None:
            items.append(item)
    return {
        "items": items,
        "left_out": {"count": r.left_out, "reason": LEFT_OUT_REASON} if r.left_out else None,
        "outside_scope": outside_scope,
        "scope": {"from": json_ready(decision.obligations.history_from),
                  "until": json_ready(decision.obligations.history_until)},
    }
