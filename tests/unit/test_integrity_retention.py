"""The erasure rules without a store: retention periods, erasure decisions, who may erase."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

from infra.integrity.erasure import (
    RetentionPolicy,
    erasure_decision_reference,
    is_youth_care,
    may_erase,
    retention_until,
)
from infra.settings import SettingsError

LAST_CHANGE = datetime(2025, 6, 30, 12, 0, tzinfo=UTC)


def dossier(*births: str, referral_kinds: tuple[str, ...] = (), first_signal: str = "2024-01-10"):  # noqa: ANN201
    return SimpleNamespace(
        members={f"p{i}": SimpleNamespace(date_of_birth=date.fromisoformat(b)) for i, b in enumerate(births)},
        referrals={f"r{i}": SimpleNamespace(kind=k) for i, k in enumerate(referral_kinds)},
        signals=[SimpleNamespace(received_at=datetime.fromisoformat(first_signal + "T09:00:00+00:00"))],
        last_changed_at=LAST_CHANGE,
    )


def test_youth_care_data_is_kept_20_years_and_other_data_15_from_the_last_change() -> None:
    policy = RetentionPolicy()
    assert retention_until(dossier("1980-01-01", "2015-05-05"), LAST_CHANGE, policy) == (
        datetime(2045, 6, 30, 12, 0, tzinfo=UTC), True)
    assert retention_until(dossier("1980-01-01"), LAST_CHANGE, policy) == (datetime(2040, 6, 30, 12, 0, tzinfo=UTC), False)


def test_a_member_who_was_a_minor_when_the_dossier_started_or_a_youth_care_referral_makes_it_youth_care() -> None:
    assert is_youth_care(dossier("2006-02-01", first_signal="2024-01-10"))  # 17 at the first signal
    assert not is_youth_care(dossier("2006-01-01", first_signal="2024-01-10"))  # 18 already
    assert is_youth_care(dossier("1970-01-01", referral_kinds=("specialist_youth_care",)))
    assert not is_youth_care(dossier("1970-01-01", referral_kinds=("wmo_provision", "general_provision")))


def test_the_retention_periods_are_configurable_and_a_bad_value_is_refused_by_name() -> None:
    env = {"WIJKDOSSIER_RETENTION_YEARS_YOUTH": "25", "WIJKDOSSIER_RETENTION_YEARS_DEFAULT": "10"}
    assert RetentionPolicy.from_env(env.get) == RetentionPolicy(youth_years=25, default_years=10)
    assert RetentionPolicy.from_env({}.get) == RetentionPolicy(youth_years=20, default_years=15)
    with pytest.raises(SettingsError, match="WIJKDOSSIER_RETENTION_YEARS_DEFAULT: 'vijftien'"):
        RetentionPolicy.from_env({"WIJKDOSSIER_RETENTION_YEARS_DEFAULT": "vijftien"}.get)


def test_a_leap_day_last_change_ends_its_retention_on_28_february() -> None:
    leap = datetime(2024, 2, 29, tzinfo=UTC)
    assert retention_until(dossier("1970-01-01"), leap, RetentionPolicy())[0] == datetime(2039, 2, 28, tzinfo=UTC)


@pytest.mark.parametrize("basis, reference", [
    ("AVG art. 17 besluit 2026-0042", "2026-0042"),
    ("Verzoek inwoner, AVG artikel 17; besluit nr. EB/17/2026", "EB/17/2026"),
    ("GDPR article 17 decision X-123", "X-123"),
    ("bewaartermijn verstreken", None),
    ("AVG art. 17", None),  # names the article but no decision
    ("besluit 2026-0042", None),  # a decision, but not an erasure decision
])
def test_only_a_legal_basis_naming_an_erasure_decision_counts_as_one(basis: str, reference: str | None) -> None:
    assert erasure_decision_reference(basis) == reference


def test_only_the_role_the_privacy_layer_names_may_erase() -> None:
    for role in ("client", "case_director", "social_worker", "team_lead", "municipal_consultant", "privacy_officer",
                 "system", "nobody"):
        assert not may_erase(role)
    assert may_erase("process_director")
