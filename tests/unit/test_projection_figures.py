"""The steering computations and the term rules of the views, without a database."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from projections.caseload_view import first_contact_late
from projections.complaints_view import holder
from projections.figures import caseload_per_worker, days_between, median, share, zrm_change_per_domain

T0 = datetime(2025, 3, 1, 9, tzinfo=timezone.utc)


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two():
    assert median([4, 1, 3, 2]) == 2.5


def test_the_median_of_no_values_is_unknown_not_zero():
    assert median([]) is None


def test_days_between_counts_fractional_days_of_world_time():
    assert days_between(T0, T0 + timedelta(days=2, hours=12)) == 2.5
    assert days_between(None, T0) is None


def test_a_share_of_nothing_is_unknown():
    assert share(1, 4) == 0.25
    assert share(0, 0) is None


def test_zrm_change_per_domain_averages_last_minus_first_and_counts_direction():
    pairs = [({"finances": 1, "housing": 3}, {"finances": 4, "housing": 3}),
             ({"finances": 2, "housing": 4}, {"finances": 1, "housing": 5})]

    change = zrm_change_per_domain(pairs)

    assert change["finances"] == {"members": 2, "mean_change": 1.0, "improved": 1, "unchanged": 0, "worsened": 1}
    assert change["housing"] == {"members": 2, "mean_change": 0.5, "improved": 1, "unchanged": 1, "worsened": 0}


def test_zrm_change_ignores_a_domain_scored_only_once():
    assert zrm_change_per_domain([({"justice": 2}, {"finances": 3})]) == {}


def test_caseload_per_worker_counts_active_households_and_skips_unassigned():
    figures = caseload_per_worker(["a", "b", "a", None, "a"])
    assert figures["per_worker"] == {"a": 3, "b": 1}
    assert (figures["mean"], figures["median"]) == (2.0, 2.0)


def test_first_contact_exactly_two_days_after_assignment_is_in_time():
    assert not first_contact_late(T0, T0 + timedelta(days=2), date(2025, 3, 10))
    assert first_contact_late(T0, T0 + timedelta(days=2, minutes=1), date(2025, 3, 10))


def test_no_first_contact_is_late_once_two_days_have_passed():
    assert not first_contact_late(T0, None, date(2025, 3, 3))
    assert first_contact_late(T0, None, date(2025, 3, 4))
    assert not first_contact_late(None, None, date(2025, 3, 4))


def test_the_commission_holds_a_complaint_until_the_decision_and_the_ombudsman_after_forwarding():
    assert holder("commission") == holder("advised") == "commission"
    assert holder("ombudsman") == "ombudsman"
    assert holder("intake") == "team"
    assert holder("decided") == "none"
