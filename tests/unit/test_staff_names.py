"""Staff names on the privacy officer's console and the review page come from a staff directory; the
store keeps none, so outside demo mode there is none and no made-up demo name lands on a real worker."""

from __future__ import annotations

from api.people_names import StoreNames, staff_directory
from demo.directory import demo_directory
from demo.staff import staff_by_id


def test_the_demo_names_its_staff_and_a_real_installation_does_not_borrow_them() -> None:
    worker = "cd-noord-01"
    assert StoreNames(None, None, staff_directory(demo_directory(True), True)).staff_name(worker) == staff_by_id()[worker].name
    for outside_demo in (StoreNames(None, None, staff_directory(demo_directory(True), False)),
                         StoreNames(None, None, staff_directory(demo_directory(False), True))):
        assert outside_demo.staff_name(worker) is None and outside_demo.staff_organisation(worker) is None
