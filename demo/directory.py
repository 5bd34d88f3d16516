"""The demo municipality as a `wiring.directory.Directory`: what `wijkdossier serve` hands the API.

Outside demo mode only the partner organisations are given (a client can consent to sharing with
one of them); the demo's made-up staff names must never be put on a real installation's workers
whose ids happen to match, so the staff, scenarios and complaint names come only in demo mode.
"""

from __future__ import annotations

from demo.ids import complaint_id
from demo.scenarios import KLACHT, SCENARIOS
from demo.staff import PARTNERS, staff_by_id
from wiring.directory import Directory


def demo_directory(demo: bool = True) -> Directory:
    if not demo:
        return Directory(partners=PARTNERS)
    return Directory(
        staff=staff_by_id(), partners=PARTNERS, scenarios=SCENARIOS,
        complaint_names={KLACHT.complaint_id: "Scenario 5: de klacht over het gesprek over de afwijzing",
                         complaint_id(KLACHT.key, 2): "Scenario 5: de eerdere klacht over gemiste afspraken"})
