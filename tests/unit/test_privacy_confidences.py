"""What a member told in confidence, by age (DOMAIN.md "Minors"): decided without a store."""

from __future__ import annotations

from dataclasses import replace

import pytest

from privacy.facts import ConfidenceFacts
from tests.unit.test_privacy_decision_cases import as_member, client_read, household_with_child

CONFIDED = ConfidenceFacts("v1", "p-kim", item_version=9, recorded_version=10)


def with_confidence(age: int, confidence: ConfidenceFacts = CONFIDED):  # type: ignore[no-untyped-def]
    return replace(household_with_child(age), confidences=(confidence,))


@pytest.mark.parametrize(("age", "kept_from_parent"), [(8, False), (11, False), (12, True), (14, True), (15, True)])
def test_a_parent_sees_a_childs_confidence_below_12_and_not_from_12(age: int, kept_from_parent: bool) -> None:
    decision = client_read(as_member("p-anna"), None, with_confidence(age))
    assert decision.permitted
    hidden = decision.obligations.hidden_item_versions
    assert (hidden == {9, 10}) is kept_from_parent
    assert 9 not in decision.obligations.withheld_item_versions  # not marked either, unless chosen


def test_the_young_person_sees_their_own_confidence() -> None:
    decision = client_read(as_member("p-kim"), None, with_confidence(14))
    assert decision.permitted and not decision.obligations.hidden_item_versions


def test_a_confidence_marked_by_the_professional_is_shown_as_withheld_and_its_record_left_out() -> None:
    marked = replace(CONFIDED, show_as_withheld=True)
    decision = client_read(as_member("p-bert"), None, with_confidence(13, marked))
    assert decision.obligations.withheld_item_versions == {9}
    assert decision.obligations.hidden_item_versions == {10}


def test_a_lifted_confidence_no_longer_applies() -> None:
    from datetime import datetime, timezone

    lifted = replace(CONFIDED, lifted_at=datetime(2026, 1, 1, tzinfo=timezone.utc))
    assert not client_read(as_member("p-anna"), None, with_confidence(14, lifted)).obligations.hidden_item_versions


def test_a_16_year_olds_data_is_left_out_for_the_parents_altogether() -> None:
    decision = client_read(as_member("p-anna"), None, with_confidence(16))
    assert "p-kim" in decision.obligations.redact_person_ids
    assert decision.obligations.hidden_item_versions == {9, 10}
