"""No code path updates or deletes a stored event: the application code holds no such SQL."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPLICATION_CODE = ("domain", "projections", "privacy", "infra", "wiring", "demo", "api", "cli")
# UPDATE <events table>, DELETE FROM <events table>, TRUNCATE <events table>, with or without schema/quotes.
WRITES_TO_EVENTS = re.compile(
    r"\b(UPDATE|DELETE\s+FROM|TRUNCATE(\s+TABLE)?)\s+(\"?\w+\"?\.)?\"?\w*(events|event_chain|chain_links)\b",
    re.IGNORECASE,
)


def test_the_application_code_never_updates_deletes_or_truncates_stored_events() -> None:
    offenders = []
    for folder in APPLICATION_CODE:
        for path in (ROOT / folder).rglob("*.py"):
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if WRITES_TO_EVENTS.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_check_itself_recognises_such_statements() -> None:
    assert WRITES_TO_EVENTS.search('cursor.execute("UPDATE wijkdossier_events SET state = %s")')
    assert WRITES_TO_EVENTS.search("DELETE FROM stored_events WHERE originator_id = ?")
    assert WRITES_TO_EVENTS.search('TRUNCATE TABLE "s1".wijkdossier_events')
    assert not WRITES_TO_EVENTS.search("CREATE TRIGGER refuse BEFORE UPDATE OR DELETE ON wijkdossier_events")
