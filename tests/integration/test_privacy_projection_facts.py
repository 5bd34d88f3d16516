"""The guard's facts ask the complaints read model which complaints a reviewer holds, instead of
scanning every complaint; while the read model lags, they fall back to the scan."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.vocabulary import Role
from infra.store import open_application
from privacy.facts import ProjectionFacts
from privacy.model import Principal, Resource, Section
from projections.registry import forget_views, open_views
from projections.runner import start_projection_runners
from tests.integration.test_privacy_guard import build_household

COMMISSION = Principal("kc-01", Role.COMPLAINT_COMMISSION)
OTHER_COMMISSION = Principal("kc-99", Role.COMPLAINT_COMMISSION)


class CountingApp:
    """The application, counting complaint loads (the scan loads every complaint)."""

    def __init__(self, app: Any) -> None:
        self._app = app
        self.complaint_loads = 0

    def get_complaint(self, complaint_id: Any) -> Any:
        self.complaint_loads += 1
        return self._app.get_complaint(complaint_id)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._app, name)


def test_a_reviewer_s_complaints_come_from_the_read_model_and_only_held_ones_are_loaded(sqlite_settings) -> None:  # type: ignore[no-untyped-def]
    app = open_application(sqlite_settings)
    try:
        ids = build_household(app)
        for _ in range(3):  # complaints about the same household that kc-01 does not hold
            app.file_complaint(household_id=ids["household"], complainant_person_id="p-anna",
                               about_worker_id="cd-noord-01", subject="conduct", description="nog een klacht",
                               by=_client_by())
        runner = start_projection_runners(sqlite_settings, ["complaints"])
        try:
            assert runner.wait_until_current()
        finally:
            runner.stop()
        counting = CountingApp(app)
        facts = ProjectionFacts(counting, open_views(sqlite_settings)["complaints"])
        history = Resource(Section.HISTORY, household_id=ids["household"])
        found = facts(COMMISSION, history, date.today())
        assert [c.complaint_id for c in found.complaints] == [ids["complaint"]]
        assert counting.complaint_loads == 1  # not the four complaints about the household
        assert facts(OTHER_COMMISSION, history, date.today()).complaints == ()
    finally:
        forget_views(sqlite_settings)
        app.close()


def test_while_the_read_model_lags_the_facts_fall_back_to_the_scan(sqlite_settings) -> None:  # type: ignore[no-untyped-def]
    app = open_application(sqlite_settings)
    try:
        ids = build_household(app)  # no projection runner: the complaints view is empty and behind
        facts = ProjectionFacts(app, open_views(sqlite_settings)["complaints"])
        found = facts(COMMISSION, Resource(Section.HISTORY, household_id=ids["household"]), date.today())
        assert [c.complaint_id for c in found.complaints] == [ids["complaint"]]
    finally:
        forget_views(sqlite_settings)
        app.close()


def _client_by():  # type: ignore[no-untyped-def]
    from domain.attribution import Attribution

    return Attribution(actor_id="p-anna", actor_role="client", reason="klacht")
