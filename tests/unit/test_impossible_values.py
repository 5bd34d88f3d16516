"""Issue 13 finding 3: impossible times and dates were stored. Each is now refused, naming the field
in Dutch, and nothing is stored; what was stored earlier stays readable."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from domain.attribution import CLOCK_SKEW, Attribution
from domain.errors import ImplausibleValueError, TooLongError
from tests.builders import ADULT, CASE_DIRECTOR, T0, cd
from tests.unit.test_household_dossier import assigned_dossier, refused_without_trace

NOW = datetime.now(timezone.utc)


def at(moment: datetime) -> Attribution:
    return Attribution(actor_id=CASE_DIRECTOR, actor_role="case_director", reason="contact", occurred_at=moment)


@pytest.mark.parametrize("moment", [
    datetime(2099, 1, 1, tzinfo=timezone.utc),
    NOW + timedelta(days=1),
    datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-1))),
    datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1))),
    datetime(1900, 1, 1, tzinfo=timezone.utc),
], ids=["2099", "tomorrow", "9999", "0001", "1900"])
def test_an_act_cannot_have_happened_in_the_future_or_in_another_century(moment):  # type: ignore[no-untyped-def]
    with pytest.raises(ImplausibleValueError) as refused:
        at(moment)
    assert refused.value.field == "occurred_at"
    assert refused.value.message_nl.startswith("Het veld occurred_at ligt")


def test_a_clock_a_little_ahead_is_allowed():  # type: ignore[no-untyped-def]
    assert at(NOW + CLOCK_SKEW - timedelta(seconds=5)).occurred_at > NOW


def test_nothing_happens_to_a_dossier_before_its_first_signal():  # type: ignore[no-untyped-def]
    dossier = assigned_dossier()
    error = refused_without_trace(dossier, lambda: dossier.record_contact(
        kind="phone", with_person_ids=[ADULT], by=at(T0 - timedelta(days=30))), ImplausibleValueError)
    assert error.field == "occurred_at" and "eerste signaal" in error.message_nl
    dossier.record_contact(kind="phone", with_person_ids=[ADULT], by=at(T0 + timedelta(days=1)))


@pytest.mark.parametrize("born", ["1800-01-01", "2999-01-01"])
def test_a_date_of_birth_must_be_possible(born):  # type: ignore[no-untyped-def]
    dossier = assigned_dossier()
    error = refused_without_trace(dossier, lambda: dossier.add_member(
        person_id="person-oud", name="Oud", date_of_birth=born, relation="parent", by=cd(1)), ImplausibleValueError)
    assert error.field == "date_of_birth" and "date_of_birth" in error.message_nl


def test_a_consent_names_only_sections_and_domains_that_exist():  # type: ignore[no-untyped-def]
    dossier = assigned_dossier()
    grant = dict(consent_id="c1", person_id=ADULT, partner="huisarts", purpose="care_coordination",
                 valid_until="2026-01-01", by=at(T0 + timedelta(days=1)))
    error = refused_without_trace(dossier, lambda: dossier.grant_consent(sections=["plan", "bankgegevens"], **grant),
                                  ImplausibleValueError)
    assert error.field == "sections" and "niet bestaat" in error.message_nl
    error = refused_without_trace(dossier, lambda: dossier.grant_consent(
        sections=[], zrm_domains_shared=["astrologie"], **grant), ImplausibleValueError)
    assert error.field == "zrm_domains_shared"
    dossier.grant_consent(sections=["plan"], **grant)


def test_a_time_stored_before_the_checks_existed_is_still_read_back():  # type: ignore[no-untyped-def]
    stored = at(T0).as_dict() | {"occurred_at": "2099-01-01T00:00:00+00:00", "reason": "x" * 5000}
    assert Attribution.from_dict(stored).occurred_at.year == 2099


def test_a_text_over_its_declared_limit_names_the_limit():  # type: ignore[no-untyped-def]
    dossier = assigned_dossier()
    error = refused_without_trace(dossier, lambda: dossier.record_contact(
        kind="phone", with_person_ids=[ADULT], note="x" * 10_001, by=at(T0 + timedelta(days=1))), TooLongError)
    assert (error.field, error.limit, error.length) == ("note", 10_000, 10_001)
    assert "limiet note=10000" in error.message_nl
