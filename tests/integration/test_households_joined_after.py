"""While the caseload view lags, the portal finds a person's households from the log's tail:
every one of them however long the tail, and only from the tail."""

from __future__ import annotations

from infra.store import open_application
from tests.builders import ADULT, pd


def test_every_household_joined_in_a_tail_longer_than_a_page_is_found(store_settings) -> None:  # type: ignore[no-untyped-def]
    app = open_application(store_settings)
    try:
        def household(person: str):  # type: ignore[no-untyped-def]
            hid = app.receive_signal(source="neighbour", reporter="Buurvrouw", description="Zorgen", team="noord",
                                     by=pd(0))
            app.open_dossier(hid, summary="Zorgen", by=pd(0))
            app.add_member(hid, person_id=person, name="Anna Smit", date_of_birth="1950-02-03",
                           relation="applicant", by=pd(0))
            return hid

        before = household(ADULT)  # the view is taken to be up to here
        position = app.recorder.max_notification_id()
        joined = [household(ADULT if n % 2 else "person-other") for n in range(7)]

        found = app.households_joined_after({ADULT}, position, page=2)

        assert found == [hid for n, hid in enumerate(joined) if n % 2]
        assert before not in found
    finally:
        app.close()
