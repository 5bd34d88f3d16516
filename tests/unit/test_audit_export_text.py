"""The FHIR export writes each AuditEvent as text from pre-encoded fragments; `audit_event`
(nested dicts) is the readable definition. Both must give the same JSON for every action and
every optional part, and for values that need escaping."""

from __future__ import annotations

import itertools
import json
from datetime import datetime, timezone

import pytest

from api.audit_export import _PATTERNS, audit_bundle, audit_bundle_chunks, audit_event, bundle_entry_json
from privacy.access_log import AccessLogEntry, StoredAccessLogEntry, row_of

OPTIONAL = list(itertools.product([False, True], repeat=4))


def stored(action: str, emergency: bool, on_behalf: bool, household: bool, profile: bool, **extra: object):
    entry = AccessLogEntry(
        event=f"dossier.{action}", user_id='wk-"1"', user_role="case_director", organisation="Team Noord, Zuid",
        action=action, section="plan", channel="portal", outcome="permit" if household else "deny",
        decision_rule="assigned-case-director", purpose="support-plan", processing_activity_id="wd-ondersteuning@2",
        trace_id="0af7651916cd43dd8448eb211c80319c", span_id="b7ad6b7169203331", emergency=emergency,
        on_behalf_of="cd-2" if on_behalf else None, household_id="household-ä\n1" if household else None,
        authorisation_profile="role" if profile else None, person_id="person-1",
        data_subject_id="person-2" if household else None, data_subject_ids="person-1 person-3 person-4",
        time=datetime(2026, 12, 4, 18, 0, 0, 5, tzinfo=timezone.utc), **extra,  # type: ignore[arg-type]
    )
    return StoredAccessLogEntry(position=7, prev_hash="0" * 64, hash="ab" * 32, entry=entry)


@pytest.mark.parametrize("action", sorted(_PATTERNS))
@pytest.mark.parametrize("emergency,on_behalf,household,profile", OPTIONAL)
def test_the_text_is_the_same_json_as_the_resource(action, emergency, on_behalf, household, profile) -> None:
    line = stored(action, emergency, on_behalf, household, profile)

    written = json.loads(bundle_entry_json(row_of(line)))

    assert written == {"fullUrl": f"urn:uuid:{line.entry.entry_id}", "resource": audit_event(line),
                       "search": {"mode": "match"}}


def test_a_failed_status_and_a_line_without_subjects_are_written_alike() -> None:
    line = stored("read", False, False, True, False, status="error")
    bare = StoredAccessLogEntry(7, "0" * 64, "f" * 64, AccessLogEntry(
        event="dossier.read", user_id="wk-1", user_role="client", organisation="portaal", action="search",
        section="households", channel="api", outcome="deny", decision_rule="no-relation", purpose="inzage",
        processing_activity_id="wd-inzage@1", trace_id="1" * 32, span_id="2" * 16,
        time=datetime(2026, 1, 1, tzinfo=timezone.utc)))

    for one in (line, bare):
        assert json.loads(bundle_entry_json(row_of(one)))["resource"] == audit_event(one)


def test_the_streamed_bundle_is_the_bundle() -> None:
    lines = [stored(action, *flags) for action, flags in zip(sorted(_PATTERNS), OPTIONAL)]

    streamed = json.loads("".join(audit_bundle_chunks([[row_of(s) for s in lines[:3]], [], [row_of(s) for s in lines[3:]]])))
    built = audit_bundle(lines)

    assert streamed["total"] == built["total"] == len(lines)
    assert streamed["entry"] == built["entry"]
