"""One call that shows several sections (the portal's ZRM and ladder, the review's complaint and
history) is decided section by section and leaves ONE access-log line that names every section."""

from __future__ import annotations

import pytest

from privacy.guard import AccessDeniedError
from privacy.model import Action, Channel, Resource, Section
from privacy.rights import section_words
from tests.integration.test_privacy_guard import ANNA, COMMISSION, GP_PARTNER, world  # noqa: F401 (fixture)


def test_two_sections_are_each_decided_and_logged_as_one_line(world) -> None:  # type: ignore[no-untyped-def]
    hid = world["household"]
    resources = [Resource(Section.ZRM, household_id=hid, person_id="p-anna"),
                 Resource(Section.PARTICIPATION, household_id=hid, person_id="p-anna")]
    before = len(world["log"].query())
    decisions = world["guard"].read_together(ANNA, Action.READ, resources, "client_rights", Channel.GRAPHQL,
                                             lambda decisions: decisions, trace_id="a" * 32)
    [line] = world["log"].query()[before:]
    assert [d.permitted for d in decisions] == [True, True]
    assert (line.entry.outcome, line.entry.section, line.entry.event) == ("permit", "zrm participation",
                                                                         "zrm+participation.read")
    assert line.entry.data_subject_ids == "p-anna" and line.entry.trace_id == "a" * 32
    assert line.entry.household_id == str(hid)


def test_one_refused_section_refuses_the_call_in_one_line_and_fetches_nothing(world) -> None:  # type: ignore[no-untyped-def]
    hid = world["household"]
    # The GP's consent covers the plan, not the child safety: the call may not show half of what it asked.
    resources = [Resource(Section.PLAN, household_id=hid), Resource(Section.CHILD_SAFETY, household_id=hid)]
    fetched = []
    before = len(world["log"].query())
    with pytest.raises(AccessDeniedError):
        world["guard"].read_together(GP_PARTNER, Action.READ, resources, "care_coordination", Channel.API,
                                     fetched.append)
    [line] = world["log"].query()[before:]
    assert fetched == [] and line.entry.outcome == "deny" and line.entry.section == "plan child_safety"
    assert "p-anna" in line.entry.data_subject_ids.split()


def test_a_review_reads_the_complaint_and_its_households_history_in_one_line(world) -> None:  # type: ignore[no-untyped-def]
    complaint = world["complaint"]
    resources = [Resource(Section.COMPLAINTS, complaint_id=complaint),
                 Resource(Section.HISTORY, complaint_id=complaint)]
    before = len(world["log"].query())
    on_complaint, on_history = world["guard"].read_together(
        COMMISSION, Action.READ, resources, "complaint_handling", Channel.GRAPHQL, lambda decisions: decisions)
    [line] = world["log"].query()[before:]
    assert on_history.obligations.history_until is not None  # the complaint's scope still bounds the history
    assert line.entry.section == "complaints history" and line.entry.household_id == str(world["household"])


def test_sections_of_different_households_cannot_share_a_line(world) -> None:  # type: ignore[no-untyped-def]
    resources = [Resource(Section.ZRM, household_id=world["household"]), Resource(Section.PLAN)]
    with pytest.raises(ValueError):
        world["guard"].read_together(ANNA, Action.READ, resources, "client_rights", Channel.API, lambda d: d)


def test_a_line_about_several_sections_reads_as_words() -> None:
    assert section_words("zrm participation") == "de zelfredzaamheid-matrix en de participatieladder"
    assert section_words("plan") == "het plan van aanpak"
