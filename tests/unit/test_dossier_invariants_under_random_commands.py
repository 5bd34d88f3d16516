"""Random sequences of commands, valid and invalid, against one household dossier.

Whatever the order: an active dossier has exactly one case director, a closed one none; a
refused command adds no event and changes nothing; replaying the events gives the same state.
"""

from __future__ import annotations

import copy
from datetime import timedelta

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from domain.dossier import HouseholdDossier
from domain.errors import DomainError
from domain.vocabulary import ACTIVE_PHASES, Phase
from tests.builders import T0, by, full_zrm, simple_plan

WORKERS = ["cd-noord-01", "cd-noord-02", "sw-noord-01"]
PERSONS = ["person-anna", "person-bert", "person-chris"]
# Mostly roles that may act, now and then one that may not: enough valid steps to reach every phase.
ROLES = ["process_director"] * 4 + ["case_director"] * 4 + ["social_worker", "team_lead", "client",
                                                              "front_desk_volunteer"]


def state_of(dossier: HouseholdDossier) -> dict:  # type: ignore[type-arg]
    return copy.deepcopy({k: v for k, v in dossier.__dict__.items() if k != "_pending_events"})


class DossierUnderRandomCommands(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.day = 0.0
        self.dossier = HouseholdDossier.receive_signal(
            source="gp", reporter="Huisarts", description="Zorgen", team="noord", by=by("pd-noord-01", "process_director"))
        self.refusals = 0

    def _by(self, actor: str, role: str):  # type: ignore[no-untyped-def]
        self.day += 0.5
        return by(actor, role, self.day)

    def _try(self, command) -> None:  # type: ignore[no-untyped-def]
        before_events = len(self.dossier.pending_events)
        before = state_of(self.dossier)
        try:
            command()
        except DomainError:
            self.refusals += 1
            assert len(self.dossier.pending_events) == before_events
            assert state_of(self.dossier) == before

    @rule(role=st.sampled_from(ROLES))
    def open_dossier(self, role: str) -> None:
        self._try(lambda: self.dossier.open_dossier(summary="Vraag", by=self._by("x-1", role)))

    @rule(person=st.sampled_from(PERSONS), year=st.integers(1930, 2026))
    def add_member(self, person: str, year: int) -> None:
        self._try(lambda: self.dossier.add_member(person_id=person, name="Naam", date_of_birth=f"{year}-06-01",
                                                  relation="applicant", by=self._by("cd-noord-01", "case_director")))

    @rule(worker=st.sampled_from(WORKERS), role=st.sampled_from(ROLES))
    def assign(self, worker: str, role: str) -> None:
        self._try(lambda: self.dossier.assign_case_director(worker_id=worker, by=self._by("pd-1", role)))

    @rule(worker=st.sampled_from(WORKERS), role=st.sampled_from(ROLES))
    def hand_over(self, worker: str, role: str) -> None:
        self._try(lambda: self.dossier.hand_over_case_director(to_worker_id=worker, by=self._by("pd-1", role)))

    @rule(person=st.sampled_from(PERSONS), level=st.integers(0, 6))
    def assess(self, person: str, level: int) -> None:
        self._try(lambda: self.dossier.assess_zrm(person_id=person, scores=full_zrm(3, finances=level),
                                                  by=self._by("cd-noord-01", "case_director")))

    @rule(kind=st.sampled_from(["phone", "home_visit", "carrier_pigeon"]))
    def contact(self, kind: str) -> None:
        self._try(lambda: self.dossier.record_contact(kind=kind, by=self._by("cd-noord-01", "case_director")))

    @rule(with_owner=st.booleans())
    def adopt_plan(self, with_owner: bool) -> None:
        plan = simple_plan()
        plan["goals"][0]["member_ids"] = []
        if not with_owner:
            plan["actions"][0] = {**plan["actions"][0], "owner_name": ""}
        self._try(lambda: self.dossier.adopt_plan_version(plan=plan, by=self._by("cd-noord-01", "case_director")))

    @rule(action=st.sampled_from(["a1", "a2", "a9"]), complete=st.booleans())
    def finish_action(self, action: str, complete: bool) -> None:
        command = self.dossier.complete_action if complete else self.dossier.cancel_action
        self._try(lambda: command(action_id=action, by=self._by("cd-noord-01", "case_director")))

    @rule()
    def evaluate(self) -> None:
        self._try(lambda: self.dossier.record_evaluation(goal_outcomes={"g1": "met"}, summary="Goed",
                                                         by=self._by("cd-noord-01", "case_director")))

    @rule()
    def start_monitoring(self) -> None:
        next_check = (T0 + timedelta(days=self.day + 60)).date()
        self._try(lambda: self.dossier.start_monitoring(next_check_on=next_check,
                                                        by=self._by("cd-noord-01", "case_director")))

    @rule(role=st.sampled_from(ROLES))
    def close(self, role: str) -> None:
        self._try(lambda: self.dossier.close(by=self._by("cd-noord-01", role)))

    @rule(worker=st.sampled_from([None, *WORKERS]))
    def reopen(self, worker: str | None) -> None:
        self._try(lambda: self.dossier.reopen_after_relapse(case_director_id=worker,
                                                            by=self._by("pd-1", "process_director")))

    @invariant()
    def an_active_dossier_has_exactly_one_case_director_and_a_closed_one_none(self) -> None:
        if self.dossier.phase in ACTIVE_PHASES:
            assert self.dossier.case_director is not None
        if self.dossier.phase in (Phase.SIGNAL, Phase.INTAKE, Phase.CLOSED):
            assert self.dossier.case_director is None

    @precondition(lambda self: len(self.dossier.pending_events) % 5 == 0)
    @invariant()
    def replaying_the_events_gives_the_same_state(self) -> None:
        replayed = None
        for event in self.dossier.pending_events:
            replayed = event.mutate(replayed)
        assert replayed is not None
        assert state_of(replayed) == state_of(self.dossier)


DossierUnderRandomCommands.TestCase.settings = settings(max_examples=80, stateful_step_count=50, deadline=None)
test_the_dossier_keeps_its_invariants_under_random_commands = DossierUnderRandomCommands.TestCase
