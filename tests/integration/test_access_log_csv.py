"""The stores write an export's CSV lines themselves: byte for byte what `csv.writer` makes of
the same rows (the reference, `AccessLog.scan_csv`), on SQLite and on PostgreSQL, for values
that need quoting, absent values and every filter."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest

from api.audit_export import CSV_COLUMNS, CSV_FLAGS, CSV_HEADER, csv_lines
from infra.access_log_store import open_access_log
from infra.settings import StoreSettings
from privacy.access_log import AccessLog, AccessLogEntry, new_span_id, new_trace_id

AWKWARD_REASONS = [
    None,
    "",
    "plain words",
    'she said "enough", and left',
    "first line\nsecond line",
    "carriage\rreturn and\r\nboth",
    "comma, only",
    "quote \" only",
    "  leading and trailing spaces  ",
    "Zoë's café — één € teken; tab\there",
    '"',
    ",",
]


def entry(i: int, reason: str | None, **overrides: object) -> AccessLogEntry:
    values: dict[str, object] = dict(
        event="dossier.read", user_id=f"worker-{i % 3}", user_role="case_director",
        organisation="team, noord" if i % 2 else "team-zuid", action="read", section="plan", channel="api",
        outcome="permit" if i % 4 else "deny", decision_rule="assigned-case-director", purpose="support-plan",
        processing_activity_id="pa-wmo-support", trace_id=new_trace_id(), span_id=new_span_id(),
        person_id=f"person-{i}" if i % 5 else None, household_id="household-1", data_subject_id=None,
        data_subject_ids=f"person-{i} person-{i + 1}" if i % 3 else None, reason=reason, emergency=i % 6 == 0,
        on_behalf_of=None if i % 2 else "cd-1", legal_basis='art. 2.3.2 "Wmo"', parent_span_id=None,
    )
    values.update(overrides)
    return AccessLogEntry(**values)  # type: ignore[arg-type]


@pytest.fixture
def log(store_settings: StoreSettings) -> Iterator[AccessLog]:
    opened = open_access_log(store_settings, append_timeout=10.0)
    try:
        opened.append_many([entry(i, reason) for i, reason in enumerate(AWKWARD_REASONS * 3)])
        yield opened
    finally:
        opened.close()


def reference(log: AccessLog, **filters: object) -> str:
    return "".join(AccessLog.scan_csv(log, [c for _, c in CSV_COLUMNS], CSV_FLAGS, **filters))  # type: ignore[arg-type]


@pytest.mark.parametrize("filters", [
    {}, {"user_id": "worker-1"}, {"organisation": "team, noord"}, {"person_id": "person-4"},
    {"emergency": True},
], ids=["all", "user", "organisation", "person", "emergency"])
def test_the_store_writes_the_lines_csv_writer_would(log: AccessLog, filters: dict[str, object]) -> None:
    written = "".join(csv_lines(log, batch_size=7, **filters))  # type: ignore[arg-type]

    assert written == reference(log, **filters)
    assert written, "every filter here matches some lines"


def test_a_period_gives_the_same_lines_as_the_reference(log: AccessLog) -> None:
    stored = [s for batch in log.scan() for s in batch]
    since, until = stored[5].entry.time, stored[20].entry.time
    written = "".join(csv_lines(log, since=since, until=until))

    assert written == reference(log, since=since, until=until)
    assert written.count("\r\n") >= 1


def test_the_lines_read_back_as_the_stored_values(log: AccessLog) -> None:
    text = CSV_HEADER + "".join(csv_lines(log))
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    stored = [s for batch in log.scan() for s in batch]

    assert len(rows) == len(stored) == len(AWKWARD_REASONS) * 3
    for row, line in zip(rows, stored):
        assert row["reden"] == (line.entry.reason or "")
        assert row["organisatie"] == line.entry.organisation
        assert row["noodtoegang"] == ("ja" if line.entry.emergency else "nee")
        assert row["positie"] == str(line.position)
        assert row["hash"] == line.hash
        assert row["tijdstip"] == row["eindtijd"] != ""


def test_batches_that_need_no_quoting_and_one_that_does_give_the_reference_text(store_settings) -> None:  # type: ignore[no-untyped-def]
    # Most batches are written plainly; the one holding a quote and a line break is written again, quoted.
    opened = open_access_log(store_settings, append_timeout=10.0)
    try:
        plain = [entry(2 * i, None, organisation="team-zuid", data_subject_ids=None) for i in range(10)]
        odd = entry(1, 'zei "nee"\nen ging', organisation="team-zuid", trace_id='a,"b"', parent_span_id="c\r\nd")
        opened.append_many(plain[:5] + [odd] + plain[5:])
        written = "".join(csv_lines(opened, batch_size=3))

        assert written == reference(opened)
        assert len(list(csv.reader(io.StringIO(written, newline="")))) == 11
        assert '"zei ""nee""\nen ging"' in written and '"a,""b"""' in written and '"c\r\nd"' in written
    finally:
        opened.close()
