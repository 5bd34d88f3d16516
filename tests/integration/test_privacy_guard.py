"""The privacy guard, the client-rights services and the privacy CLI on a real store and access log.

Every read path writes exactly one access log line per read (permits and denials alike),
before data is returned; a log that cannot be written makes the read fail; no member's
name reaches application logs or error messages.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta, timezone
from uuid import UUID, uuid4

import pytest

from domain.assessment import ZRM_2013_DOMAINS
from domain.attribution import Attribution
from infra.access_log_store import open_access_log
from infra.store import open_application
from cli.main import main as cli_main
from privacy.access_log import AccessLog, AccessLogEntry, AccessLogWriteError, StoredAccessLogEntry
from privacy.facts import ApplicationFacts
from privacy.guard import AccessDeniedError, AccessLogUnavailableError, PrivacyGuard
from privacy.model import Action, Channel, Principal, Resource, Section
from privacy.rights import ClientRights
from domain.vocabulary import Role

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=timezone.utc)
NAMES = ("Anna de Vries", "Bert Jansen", "Chris de Vries")
GP = "Huisartsenpraktijk De Linde"
ANNA = Principal("p-anna", Role.CLIENT, person_id="p-anna")
BERT = Principal("p-bert", Role.CLIENT, person_id="p-bert")
CASE_DIRECTOR = Principal("cd-noord-01", Role.CASE_DIRECTOR, team="noord", organisation="wijkteam Noord")
STRANGER = Principal("cd-zuid-02", Role.CASE_DIRECTOR, team="zuid", organisation="wijkteam Zuid")
GP_PARTNER = Principal("partner-huisarts-01", Role.PARTNER, organisation=GP)
COMMISSION = Principal("kc-01", Role.COMPLAINT_COMMISSION, organisation="onafhankelijke klachtencommissie")


def by(actor: str, role: str, day: float, reason: str = "uitvoering Wmo 2015") -> Attribution:
    return Attribution(actor_id=actor, actor_role=role, reason=reason, occurred_at=T0 + timedelta(days=day))


def build_household(app) -> dict:  # type: ignore[no-untyped-def]
    pd = lambda day: by("pd-noord-01", "process_director", day)  # noqa: E731
    cd = lambda day: by("cd-noord-01", "case_director", day)  # noqa: E731
    hid = app.receive_signal(source="gp", reporter="huisarts", description="zorgen over overbelasting",
                             team="noord", by=pd(0))
    app.open_dossier(hid, summary="meerdere leefgebieden", by=pd(0.1))
    for person, name, born, relation in (("p-anna", NAMES[0], "1980-05-01", "applicant"),
                                         ("p-bert", NAMES[1], "1979-02-01", "partner"),
                                         ("p-chris", NAMES[2], "2017-09-01", "child")):
        app.add_member(hid, person_id=person, name=name, date_of_birth=born, relation=relation, by=pd(0.2))
    app.assign_case_director(hid, worker_id="cd-noord-01", by=pd(0.3))
    for person in ("p-anna", "p-bert"):
        app.assess_zrm(hid, person_id=person, scores={d: 3 for d in ZRM_2013_DOMAINS}, by=cd(1))
    app.assess_child_safety(hid, meldcode_step=1, outcome="in_progress", summary="signalen in kaart", by=cd(2))
    child_safety_version = app.get_dossier(hid).version
    app.withhold_information(hid, withholding_id="w1", from_person_id="p-anna", item_version=child_safety_version,
                             by=cd(2.1))
    app.grant_consent(hid, consent_id="c1", person_id="p-anna", partner=GP, purpose="care_coordination",
                      sections=["plan", "contacts"], zrm_domains_shared=["finances"], valid_until="2099-12-31",
                      by=by("p-anna", "client", 3, "toestemming"))
    complaint = app.file_complaint(household_id=hid, complainant_person_id="p-anna", about_worker_id="cd-noord-01",
                                   subject="conduct", description="onvriendelijk behandeld",
                                   by=by("p-anna", "client", 10, "klacht"))
    app.refer_complaint_to_commission(complaint, commission_id="kc-01", by=by("p-anna", "client", 11, "klacht"))
    app.record_contact(hid, kind="phone", note="na de klacht gebeld", by=cd(20))  # after the complaint date
    return {"household": hid, "complaint": complaint, "withheld_version": child_safety_version}


@pytest.fixture
def world(sqlite_settings) -> Iterator[dict]:  # type: ignore[no-untyped-def]
    app = open_application(sqlite_settings)
    log = open_access_log(sqlite_settings)
    try:
        ids = build_household(app)
        guard = PrivacyGuard(log, ApplicationFacts(app))
        yield {"app": app, "log": log, "guard": guard, "rights": ClientRights(app, guard, log),
               "settings": sqlite_settings, **ids}
    finally:
        log.close()
        app.close()


def count(log: AccessLog) -> int:
    return len(log.query())


class FailingAccessLog(AccessLog):
    """An access log whose disk is full."""

    def append_many(self, entries: Sequence[AccessLogEntry]) -> list[StoredAccessLogEntry]:
        raise AccessLogWriteError("access log entry could not be stored")

    def query(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return []

    def head(self):  # type: ignore[no-untyped-def]
        return (0, "0" * 64)

    def verify(self, expected_head=None):  # type: ignore[no-untyped-def]
        raise NotImplementedError

    def close(self) -> None:
        pass


def plan(world) -> Resource:  # type: ignore[no-untyped-def]
    return Resource(Section.PLAN, household_id=world["household"])


# ------------------------------------------------------------------ the guard

def test_a_permitted_read_is_logged_durably_before_the_data_is_returned(world) -> None:  # type: ignore[no-untyped-def]
    log = world["log"]
    seen_before_fetch = []

    def fetch(decision):  # type: ignore[no-untyped-def]
        seen_before_fetch.append(count(log))
        return "data"

    assert world["guard"].read(CASE_DIRECTOR, Action.READ, plan(world), "support", Channel.API, fetch) == "data"
    assert seen_before_fetch == [1]
    entry = log.query()[0].entry
    assert (entry.user_id, entry.user_role, entry.action, entry.section, entry.outcome) == (
        "cd-noord-01", "case_director", "read", "plan", "permit")
    assert entry.household_id == str(world["household"])
    assert entry.decision_rule == "relationship.case_director"
    assert entry.processing_activity_id == "wd-ondersteuning@3"
    assert len(entry.trace_id) == 32 and len(entry.span_id) == 16 and entry.emergency is False


def test_a_denied_read_is_logged_once_and_never_fetches(world) -> None:  # type: ignore[no-untyped-def]
    fetched = []
    with pytest.raises(AccessDeniedError):
        world["guard"].read(STRANGER, Action.READ, plan(world), "support", Channel.API, fetched.append)
    assert fetched == []
    [line] = world["log"].query()
    assert line.entry.outcome == "deny" and line.entry.decision_rule == "relationship.not_assigned"


def test_a_denial_never_reveals_whether_the_household_exists(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AccessDeniedError) as existing:
        world["guard"].read(STRANGER, Action.READ, plan(world), "support", Channel.API, lambda d: None)
    with pytest.raises(AccessDeniedError) as unknown:
        world["guard"].read(STRANGER, Action.READ, Resource(Section.PLAN, household_id=uuid4()), "support",
                            Channel.API, lambda d: None)
    assert str(existing.value) == str(unknown.value)
    assert [s.entry.decision_rule for s in world["log"].query()] == ["relationship.not_assigned", "household.unknown"]


def test_given_trace_and_span_ids_are_kept_and_emergency_access_is_flagged(world) -> None:  # type: ignore[no-untyped-def]
    glass = Principal("cd-zuid-02", Role.CASE_DIRECTOR, team="zuid", emergency_reason="crisis, regisseur onbereikbaar")
    world["guard"].read(glass, Action.READ, plan(world), "emergency_access", Channel.API, lambda d: None,
                        trace_id="a" * 32, span_id="b" * 16)
    entry = world["log"].query()[0].entry
    assert (entry.trace_id, entry.span_id, entry.emergency) == ("a" * 32, "b" * 16, True)
    assert entry.processing_activity_id == "wd-noodtoegang@3" and entry.reason
    assert [s.entry.emergency for s in world["log"].query(emergency=True)] == [True]


@pytest.mark.parametrize("principal", [CASE_DIRECTOR, STRANGER], ids=["permitted", "denied"])
def test_a_read_fails_when_its_log_line_cannot_be_written(world, principal) -> None:  # type: ignore[no-untyped-def]
    guard = PrivacyGuard(FailingAccessLog(), ApplicationFacts(world["app"]))
    fetched = []
    with pytest.raises(AccessLogUnavailableError):
        guard.read(principal, Action.READ, plan(world), "support", Channel.API, fetched.append)
    assert fetched == []


def test_a_list_names_whom_it_shows_on_its_one_line_and_shows_nothing_when_that_line_fails(world) -> None:  # type: ignore[no-untyped-def]
    listing = Resource(Section.OVERVIEW)
    shown = world["guard"].read(CASE_DIRECTOR, Action.SEARCH, listing, "support", Channel.API, lambda d: "de lijst",
                                subjects=lambda d: ["p-anna", "p-bert"])
    [line] = world["log"].query()
    assert shown == "de lijst" and line.entry.data_subject_ids == "p-anna p-bert"
    fetched: list[object] = []
    failing = PrivacyGuard(FailingAccessLog(), ApplicationFacts(world["app"]))
    with pytest.raises(AccessLogUnavailableError):
        failing.read(CASE_DIRECTOR, Action.SEARCH, listing, "support", Channel.API, fetched.append,
                     subjects=lambda d: ["p-anna"])
    assert fetched == []

    def unreadable(_decision: object) -> list[str]:
        raise RuntimeError("view unavailable")
    with pytest.raises(RuntimeError):
        world["guard"].read(CASE_DIRECTOR, Action.SEARCH, listing, "support", Channel.API, fetched.append,
                            subjects=unreadable)
    assert fetched == []
    last = world["log"].query()[-1].entry
    assert (last.outcome, last.status, last.decision_rule) == ("deny", "error", "facts.unavailable")
    assert len(world["log"].query()) == 2  # one line for each call that could log


def test_every_rights_service_fails_when_the_log_cannot_be_written(world) -> None:  # type: ignore[no-untyped-def]
    guard = PrivacyGuard(FailingAccessLog(), ApplicationFacts(world["app"]))
    rights = ClientRights(world["app"], guard, FailingAccessLog())
    hid = world["household"]
    version_before = world["app"].get_dossier(hid).version
    for call in (lambda: rights.inzage(ANNA, hid), lambda: rights.export_my_data(ANNA, hid),
                 lambda: rights.who_accessed_my_dossier(ANNA, hid),
                 lambda: rights.add_statement(ANNA, hid, person_id="p-anna", item_version=1, text="klopt niet")):
        with pytest.raises(AccessLogUnavailableError):
            call()
    assert world["app"].get_dossier(hid).version == version_before  # the statement was not stored either


# ------------------------------------------------------------------ rights, one line each

def rights_calls(world):  # type: ignore[no-untyped-def]
    rights, hid = world["rights"], world["household"]
    return {
        "inzage": lambda p: rights.inzage(p, hid),
        "inzage_of_other_adult": lambda p: rights.inzage(p, hid, person_id="p-bert"),
        "export": lambda p: rights.export_my_data(p, hid),
        "who_accessed": lambda p: rights.who_accessed_my_dossier(p, hid),
        "statement": lambda p: rights.add_statement(p, hid, person_id="p-anna", item_version=1, text="Mijn kant."),
        "correction": lambda p: rights.request_correction(p, hid, correction_id=f"k-{uuid4().hex[:6]}",
                                                          person_id="p-anna", item_version=1, correction="Onjuist."),
        "grant": lambda p: rights.grant_consent(p, hid, consent_id=f"c-{uuid4().hex[:6]}", person_id="p-anna",
                                                partner="Woningcorporatie Thuisvast", purpose="eviction_prevention",
                                                sections=["plan"], valid_until="2099-01-01"),
        "revoke": lambda p: rights.revoke_consent(p, hid, consent_id="c1", person_id="p-anna"),
    }


@pytest.mark.parametrize("service", ["inzage", "export", "who_accessed", "statement", "correction", "grant", "revoke"])
def test_each_rights_service_writes_exactly_one_line_when_permitted(world, service) -> None:  # type: ignore[no-untyped-def]
    rights_calls(world)[service](ANNA)
    [line] = world["log"].query()
    assert line.entry.outcome == "permit" and line.entry.processing_activity_id == "wd-rechten-betrokkene@3"


@pytest.mark.parametrize("service", ["inzage_of_other_adult", "export", "statement", "correction", "grant", "revoke"])
def test_each_rights_service_writes_exactly_one_line_when_denied(world, service) -> None:  # type: ignore[no-untyped-def]
    outsider = Principal("p-zara", Role.CLIENT, person_id="p-zara")
    caller = ANNA if service == "inzage_of_other_adult" else outsider
    with pytest.raises(AccessDeniedError):
        rights_calls(world)[service](caller)
    [line] = world["log"].query()
    assert line.entry.outcome == "deny"


def test_inzage_leaves_out_another_adult_and_marks_withheld_items(world) -> None:  # type: ignore[no-untyped-def]
    view = world["rights"].inzage(ANNA, world["household"])
    members = {m["person_id"]: m for m in view["dossier"]["members"]}
    assert members["p-anna"]["name"] == NAMES[0] and members["p-chris"]["name"] == NAMES[2]
    assert members["p-bert"]["status"] == "not_shown" and "name" not in members["p-bert"]
    assert view["dossier"]["left_out"]["count"] >= 1
    items = {i["version"]: i for i in view["history"]["items"]}
    assert items[world["withheld_version"]]["status"] == "withheld"
    assert NAMES[1] not in json.dumps(view)
    bert_view = world["rights"].inzage(BERT, world["household"])
    assert {i["version"]: i for i in bert_view["history"]["items"]}[world["withheld_version"]].get("status") != "withheld"


def test_export_of_own_data_is_complete_machine_readable_json(world) -> None:  # type: ignore[no-untyped-def]
    rights, hid = world["rights"], world["household"]
    rights.add_statement(ANNA, hid, person_id="p-anna", item_version=1, text="Mijn eigen kijk.")
    exported = rights.export_my_data(ANNA, hid)
    again = json.loads(json.dumps(exported))
    assert again["format"] == "wijkdossier-eigen-gegevens" and again["subject"] == "p-anna"
    assert [s["text"] for s in again["dossier"]["statements"]["statements"]] == ["Mijn eigen kijk."]
    assert [c["complaint_id"] for c in again["complaints"]] == [str(world["complaint"])]
    assert {i["type"] for i in again["history"]["items"]} >= {"SignalReceived", "ZrmAssessed", "StatementAdded"}


def test_a_correction_request_keeps_the_original_and_marks_it(world) -> None:  # type: ignore[no-untyped-def]
    rights, hid = world["rights"], world["household"]
    rights.request_correction(ANNA, hid, correction_id="k1", person_id="p-anna", item_version=1, correction="Onjuist.")
    first = {i["version"]: i for i in rights.inzage(ANNA, hid)["history"]["items"]}[1]
    assert first["type"] == "SignalReceived" and first["correction_requests"] == [
        {"correction_id": "k1", "status": "requested"}]


def test_revoking_consent_ends_the_partners_access_on_the_next_request(world) -> None:  # type: ignore[no-untyped-def]
    guard, rights, hid = world["guard"], world["rights"], world["household"]
    assert guard.read(GP_PARTNER, Action.READ, plan(world), "care_coordination", Channel.API, lambda d: "ok") == "ok"
    rights.revoke_consent(ANNA, hid, consent_id="c1", person_id="p-anna")
    with pytest.raises(AccessDeniedError):
        guard.read(GP_PARTNER, Action.READ, plan(world), "care_coordination", Channel.API, lambda d: "ok")
    assert world["log"].query()[-1].entry.decision_rule == "partner.consent_revoked"


def test_the_commission_sees_history_only_up_to_the_complaint_date(world) -> None:  # type: ignore[no-untyped-def]
    from privacy.redaction import history_view

    app, hid = world["app"], world["household"]
    resource = Resource(Section.HISTORY, household_id=hid, complaint_id=world["complaint"])
    view = world["guard"].read(COMMISSION, Action.READ, resource, "complaint_handling", Channel.API,
                               lambda d: history_view(app.history(hid), d))
    assert view["outside_scope"] == 1  # the contact recorded after the complaint
    assert "ContactRecorded" not in {i["type"] for i in view["items"]}
    app.close_complaint(world["complaint"], by=by("p-anna", "client", 30, "klacht ingetrokken"))
    with pytest.raises(AccessDeniedError):
        world["guard"].read(COMMISSION, Action.READ, resource, "complaint_handling", Channel.API, lambda d: None)


def test_who_accessed_my_dossier_tells_it_in_plain_words(world) -> None:  # type: ignore[no-untyped-def]
    world["guard"].read(CASE_DIRECTOR, Action.READ, plan(world), "support", Channel.API, lambda d: None)
    lines = world["rights"].who_accessed_my_dossier(ANNA, world["household"])
    assert len(lines) == 2  # the case director's read, and this very look at the log (logged first)
    assert lines[1]["role"] == "client"
    assert lines[0]["sentence"].endswith("heeft een casusregisseur van wijkteam Noord het plan van aanpak bekeken. "
                                         "Waarom: Ondersteuning van het huishouden.")


def test_who_accessed_my_dossier_does_not_show_lines_about_another_adult(world) -> None:  # type: ignore[no-untyped-def]
    bert_zrm = Resource(Section.ZRM, household_id=world["household"], person_id="p-bert")
    world["guard"].read(CASE_DIRECTOR, Action.READ, bert_zrm, "support", Channel.API, lambda d: None)
    for_anna = world["rights"].who_accessed_my_dossier(ANNA, world["household"])
    for_bert = world["rights"].who_accessed_my_dossier(BERT, world["household"])
    assert [line["role"] for line in for_anna] == ["client"]
    assert [line["data"] for line in for_bert][0] == "de zelfredzaamheid-matrix"


# ------------------------------------------------------------------ CLI

def run_cli(world, monkeypatch, capsys, *argv: str):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WIJKDOSSIER_DATABASE_URL", f"sqlite:///{world['settings'].sqlite_path}")
    code = cli_main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_privacy_officer_exports_the_access_log_and_that_export_is_logged(world, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    world["guard"].read(CASE_DIRECTOR, Action.READ, plan(world), "support", Channel.API, lambda d: None)
    code, out, _ = run_cli(world, monkeypatch, capsys, "access-log", "--household", str(world["household"]),
                           "--as", "fg-01", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [r["user"] for r in rows] == ["cd-noord-01", "fg-01"]  # the export is logged before it is read
    assert {"time", "user", "role", "person", "household", "action", "section", "purpose", "outcome",
            "emergency"} <= set(rows[0])
    assert (rows[0]["user"], rows[0]["outcome"], rows[0]["emergency"]) == ("cd-noord-01", "permit", False)
    last = world["log"].query()[-1].entry
    assert (last.user_id, last.action, last.section, last.channel) == ("fg-01", "export", "access_log", "cli")


def test_a_case_director_may_not_export_the_access_log_and_exits_non_zero(world, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli(world, monkeypatch, capsys, "access-log", "--as", "cd-noord-01", "--json")
    assert code == 3 and out == "" and "geweigerd" in err
    [line] = world["log"].query()
    assert (line.entry.outcome, line.entry.channel) == ("deny", "cli")


def test_inzage_on_the_command_line_is_one_logged_read(world, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli(world, monkeypatch, capsys, "inzage", "p-anna", "--as", "p-anna", "--role", "client")
    assert code == 0 and json.loads(out)["household_id"] == str(world["household"])
    code, _, err = run_cli(world, monkeypatch, capsys, "export-my-data", "p-bert", "--as", "p-anna", "--role", "client")
    assert code == 3
    assert [s.entry.outcome for s in world["log"].query()] == ["permit", "deny"]


# ------------------------------------------------------------------ no personal data in logs or errors

def test_logs_and_error_messages_name_no_household_member(world, monkeypatch, capsys, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    guard, hid = world["guard"], world["household"]
    messages = []
    for attempt in (
        lambda: guard.read(STRANGER, Action.READ, plan(world), "support", Channel.API, lambda d: None),
        lambda: guard.read(CASE_DIRECTOR, Action.READ, plan(world), "curiosity", Channel.API, lambda d: None),
        lambda: world["rights"].inzage(ANNA, hid, person_id="p-bert"),
        lambda: PrivacyGuard(FailingAccessLog(), ApplicationFacts(world["app"])).read(
            CASE_DIRECTOR, Action.READ, plan(world), "support", Channel.API, lambda d: None),
    ):
        with pytest.raises((AccessDeniedError, AccessLogUnavailableError)) as caught:
            attempt()
        messages.append(str(caught.value))
    run_cli(world, monkeypatch, capsys, "export-my-data", "p-bert", "--as", "p-anna", "--role", "client")
    code, out, err = run_cli(world, monkeypatch, capsys, "access-log", "--as", "cd-noord-01")
    text = "\n".join(messages) + caplog.text + err
    for name in NAMES:
        for part in name.split():
            if len(part) > 3:
                assert part not in text, f"{part!r} leaked"


# ------------------------------------------------------------------ both stores

def test_the_guard_logs_on_both_stores(store_settings) -> None:  # type: ignore[no-untyped-def]
    app = open_application(store_settings)
    log = open_access_log(store_settings)
    try:
        ids = build_household(app)
        guard = PrivacyGuard(log, ApplicationFacts(app))
        guard.read(CASE_DIRECTOR, Action.READ, Resource(Section.PLAN, household_id=ids["household"]), "support",
                   Channel.API, lambda d: None)
        with pytest.raises(AccessDeniedError):
            guard.read(STRANGER, Action.READ, Resource(Section.PLAN, household_id=ids["household"]), "support",
                       Channel.API, lambda d: None)
        assert [s.entry.outcome for s in log.query(household_id=str(ids["household"]))] == ["permit", "deny"]
        assert log.verify().ok
    finally:
        log.close()
        app.close()


def test_a_member_cannot_revoke_another_members_consent(world) -> None:  # type: ignore[no-untyped-def]
    from domain.errors import InvalidValueError

    with pytest.raises(InvalidValueError):
        world["rights"].revoke_consent(BERT, world["household"], consent_id="c1", person_id="p-bert")
    assert world["app"].get_dossier(world["household"]).consents["c1"].revoked_at is None


def test_a_representative_acts_on_behalf_of_the_child_and_the_events_say_so(world) -> None:  # type: ignore[no-untyped-def]
    from domain.vocabulary import Role
    from privacy.model import Principal

    guardian = Principal(user_id="rep-voogd-01", role=Role.LEGAL_REPRESENTATIVE, organisation="Jeugdbescherming",
                         represents=("p-chris",), authentication_level="substantieel")
    rights, hid = world["rights"], world["household"]
    rights.grant_consent(guardian, hid, consent_id="c-chris", person_id="p-chris", partner=GP,
                         purpose="care_coordination", sections=["plan"], valid_until="2099-12-31")
    rights.revoke_consent(guardian, hid, consent_id="c-chris", person_id="p-chris")
    granted, revoked = world["app"].history(hid)[-2:]
    for event in (granted, revoked):
        assert (event.by.actor_id, event.by.on_behalf_of) == ("rep-voogd-01", "p-chris")
    assert world["app"].get_dossier(hid).consents["c-chris"].revoked_at is not None
