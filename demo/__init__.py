"""The demo municipality: a deterministic, synthetic set of households, staff and complaints.

`load_demo(app, households=2000, seed=2024)` (in `loader.py`) fills a store; `demo_staff()`
(in `staff.py`) gives the staff without reading the store; `SCENARIOS` (in `scenarios.py`)
names the five households from SCENARIOS.md by their fixed ids.
"""
