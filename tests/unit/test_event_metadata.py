"""Every event says on its class which section it belongs to, its Dutch label and who it is about;
privacy/ and the portal read those, never a table of names of their own."""

from __future__ import annotations

import dataclasses
import re

import pytest

from domain.catalogue import ALL_EVENTS, event_labels, meta_of
from domain.complaint import Complaint
from domain.dossier import assessment, direction, privacy_records
from domain.dossier import events as dossier_events
from domain.dossier.base import DossierEvent
from domain.event_meta import EventMeta
from privacy.model import Section
from privacy.redaction import EVENT_SECTIONS

PERSON_ATTRIBUTE = re.compile(r"(^|_)person_ids?$")


def _library_event_classes() -> set[type]:
    """Every event class the stored log can hold, found without the catalogue's help."""
    found: set[type] = set(dossier_events.ALL)
    for area in dossier_events.AREAS:
        found.update(v for v in vars(area).values()
                     if isinstance(v, type) and issubclass(v, DossierEvent) and v is not DossierEvent)
    found.update(v for k, v in vars(Complaint).items()
                 if isinstance(v, type) and issubclass(v, Complaint.Event) and k not in ("Event", "Created"))
    return found


def test_the_catalogue_holds_every_event_class_of_both_aggregates() -> None:
    assert set(ALL_EVENTS) == _library_event_classes()
    assert len(ALL_EVENTS) == len(set(ALL_EVENTS)) == len({e.__name__ for e in ALL_EVENTS}) > 50


@pytest.mark.parametrize("event_class", ALL_EVENTS, ids=lambda e: e.__name__)
def test_every_event_class_has_a_section_a_dutch_label_and_its_subjects(event_class: type) -> None:
    meta = meta_of(event_class)
    assert isinstance(meta, EventMeta), f"{event_class.__name__} declares no meta = EventMeta(...)"
    assert Section(meta.section) in set(Section)
    assert meta.label.strip() and meta.label != event_class.__name__
    fields = {f.name for f in dataclasses.fields(event_class)}
    assert set(meta.subjects) <= fields, f"{event_class.__name__}: a subject that is not an attribute"
    naming_people = {f for f in fields if PERSON_ATTRIBUTE.search(f)}
    assert naming_people <= set(meta.subjects), (
        f"{event_class.__name__}: {sorted(naming_people - set(meta.subjects))} names a member but is not a subject")


def test_a_meta_with_an_unknown_section_or_no_label_is_refused_when_the_class_is_declared() -> None:
    with pytest.raises(ValueError, match="not a dossier section"):
        EventMeta(section="hobbies", label="Hobby")
    with pytest.raises(ValueError, match="Dutch label"):
        EventMeta(section="plan", label=" ")


def test_the_redaction_table_is_the_metadata() -> None:
    assert EVENT_SECTIONS == {e.__name__: Section(e.meta.section) for e in ALL_EVENTS}
    assert EVENT_SECTIONS["ContactRecorded"] == Section.CONTACTS
    assert EVENT_SECTIONS["CaseDirectorAssigned"] == Section.OVERVIEW


def test_subjects_name_the_members_an_event_is_about() -> None:
    contact = assessment.ContactRecorded.meta
    withheld = privacy_records.InformationWithheld.meta

    class Seen:
        with_person_ids = ["p-anna", "p-bert"]
        from_person_id = "p-chris"

    assert contact.subject_ids(Seen()) == ["p-anna", "p-bert"]
    assert withheld.subject_ids(Seen()) == ["p-chris"]
    assert direction.CaseDirectorAssigned.meta.subject_ids(Seen()) == []


def test_the_portal_event_labels_file_is_generated_from_the_event_classes() -> None:
    from api.portal.event_labels import TARGET, render

    assert TARGET.read_text(encoding="utf-8") == render(), (
        "api/portal/static/event-labels.js differs from the labels on the event classes; "
        "run `python -m api.portal.event_labels`")
    for name, label in event_labels().items():
        assert f"  {name}: " in render() and label in render()


WORKER_ATTRIBUTE = re.compile(r"(worker_id|_director|case_director_id|^(commission|ombudsman)_id)$")


@pytest.mark.parametrize("event_class", ALL_EVENTS, ids=lambda e: e.__name__)
def test_what_the_metadata_says_an_event_holds_are_its_attributes(event_class: type) -> None:
    meta = meta_of(event_class)
    fields = {f.name for f in dataclasses.fields(event_class)}
    for kind in ("staff", "third_parties", "per_member", "zrm_scores"):
        assert set(getattr(meta, kind)) <= fields, f"{event_class.__name__}.{kind} names no attribute"
    naming_staff = {f for f in fields if WORKER_ATTRIBUTE.search(f)}
    assert naming_staff <= set(meta.staff), (
        f"{event_class.__name__}: {sorted(naming_staff - set(meta.staff))} names a worker but is not in staff")


def test_a_new_event_is_redacted_by_what_its_class_declares_without_a_table_elsewhere() -> None:
    from datetime import datetime, timezone

    from privacy.model import Decision, Obligations
    from privacy.redaction import THIRD_PARTY, Redactor, release_event

    class HouseVisitPlanned:  # an event no rule in privacy/ names
        meta = EventMeta(section="contacts", label="Huisbezoek gepland", subjects=("with_person_ids",),
                         third_parties=("neighbour",), per_member=("notes",), zrm_scores=("scores",))

        def __init__(self) -> None:
            self.originator_version, self.timestamp, self.by = 7, datetime.now(timezone.utc), None
            self.with_person_ids, self.neighbour = ["p-anna", "p-bert"], "mevrouw Jansen"
            self.notes, self.scores = {"p-anna": "goed", "p-bert": "zorgen"}, {"finances": 2, "housing": 4}

    client = Decision(True, "client.own_data", "", Obligations(redact_person_ids=frozenset({"p-bert"}),
                                                               zrm_domains=frozenset({"finances"})))
    item = release_event(HouseVisitPlanned(), Redactor(client))
    assert item["data"] == {"with_person_ids": ["p-anna"], "neighbour": THIRD_PARTY, "notes": {"p-anna": "goed"},
                            "scores": {"finances": 2}}
    worker = Decision(True, "relationship.case_director", "")
    assert release_event(HouseVisitPlanned(), Redactor(worker))["data"]["neighbour"] == "mevrouw Jansen"


def test_what_an_event_shows_is_one_of_the_known_kinds() -> None:
    from domain.event_meta import SHOWS

    with pytest.raises(ValueError, match="shows"):
        EventMeta(section="plan", label="Plan", shows="poster")
    assert {meta_of(e).shows for e in ALL_EVENTS} - {None} == SHOWS
