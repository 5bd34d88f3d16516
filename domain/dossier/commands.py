"""The household dossier's commands as the application offers them: by household id, each one
transaction on the household's stream (refused commands store nothing). Part of `WijkdossierApplication`."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.attribution import Attribution
from domain.dossier.household import HouseholdDossier
from domain.errors import NotMandatedError
from domain.mandate import MandateStep
from domain.values import as_uuid


class DossierCommands:
    """Needs `_change_dossier`, `_save` and `get_dossier` from the application."""

    # ------------------------------------------------------------------ entry

    def receive_signal(
        self, *, source: str, reporter: str, description: str, team: str, by: Attribution,
        household_id: UUID | str | None = None, zrm_version: str | None = None,
    ) -> UUID:
        """A signal arrives; returns the new household id."""
        kwargs: dict[str, Any] = {}
        if zrm_version is not None:
            kwargs["zrm_version"] = zrm_version
        dossier = HouseholdDossier.receive_signal(
            source=source, reporter=reporter, description=description, team=team, by=by,
            household_id=None if household_id is None else as_uuid(household_id, "household_id"), **kwargs,
        )
        self._save(dossier)
        return dossier.id

    def receive_further_signal(self, household_id: UUID | str, *, source: str, reporter: str,
                               description: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.receive_further_signal(
            source=source, reporter=reporter, description=description, by=by))

    def answer_without_dossier(self, household_id: UUID | str, *, answer: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.answer_without_dossier(answer=answer, by=by))

    def open_dossier(self, household_id: UUID | str, *, summary: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.open_dossier(summary=summary, by=by))

    # ---------------------------------------------------------------- members

    def add_member(self, household_id: UUID | str, *, person_id: str, name: str, date_of_birth: date | str,
                   relation: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.add_member(
            person_id=person_id, name=name, date_of_birth=date_of_birth, relation=relation, by=by))

    def record_member_left(self, household_id: UUID | str, *, person_id: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.record_member_left(person_id=person_id, by=by))

    # ------------------------------------------------------------- direction

    def assign_case_director(self, household_id: UUID | str, *, worker_id: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.assign_case_director(worker_id=worker_id, by=by))

    def hand_over_case_director(self, household_id: UUID | str, *, to_worker_id: str, warm: bool = True,
                                by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.hand_over_case_director(
            to_worker_id=to_worker_id, warm=warm, by=by))

    def take_over_by_process_director(self, household_id: UUID | str, *, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.take_over_by_process_director(by=by))

    def assign_tandem_worker(self, household_id: UUID | str, *, worker_id: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.assign_tandem_worker(worker_id=worker_id, by=by))

    def release_tandem_worker(self, household_id: UUID | str, *, worker_id: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.release_tandem_worker(worker_id=worker_id, by=by))

    def start_tandem(self, household_id: UUID | str, *, tandem_id: str, organisation: str, service: str,
                     by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.start_tandem(
            tandem_id=tandem_id, organisation=organisation, service=service, by=by))

    def end_tandem(self, household_id: UUID | str, *, tandem_id: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.end_tandem(tandem_id=tandem_id, by=by))

    def record_warm_handover(self, household_id: UUID | str, *, organisation: str, summary: str,
                             by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.record_warm_handover(
            organisation=organisation, summary=summary, by=by))

    # ------------------------------------------------------------ the work

    def record_contact(self, household_id: UUID | str, *, kind: str, outcome: str = "reached",
                       with_person_ids: list[str] | None = None, note: str = "", by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.record_contact(
            kind=kind, outcome=outcome, with_person_ids=with_person_ids, note=note, by=by))

    def assess_zrm(self, household_id: UUID | str, *, person_id: str, scores: dict[str, int],
                   by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.assess_zrm(person_id=person_id, scores=scores, by=by))

    def assess_participation(self, household_id: UUID | str, *, person_id: str, level: int,
                             by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.assess_participation(
            person_id=person_id, level=level, by=by))

    def assess_child_safety(self, household_id: UUID | str, *, meldcode_step: int, outcome: str, summary: str,
                            by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.assess_child_safety(
            meldcode_step=meldcode_step, outcome=outcome, summary=summary, by=by))

    def adopt_plan_version(self, household_id: UUID | str, *, plan: dict[str, Any], by: Attribution) -> int:
        """Adopt a new plan version; returns its number."""
        def adopt(d: HouseholdDossier) -> int:
            d.adopt_plan_version(plan=plan, by=by)
            return len(d.plan_versions)
        return self._change_dossier(household_id, adopt)

    def agree_to_plan(self, household_id: UUID | str, *, plan_version: int, person_id: str,
                      by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.agree_to_plan(
            plan_version=plan_version, person_id=person_id, by=by))

    def complete_action(self, household_id: UUID | str, *, action_id: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.complete_action(action_id=action_id, by=by))

    def cancel_action(self, household_id: UUID | str, *, action_id: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.cancel_action(action_id=action_id, by=by))

    def request_referral(self, household_id: UUID | str, *, referral_id: str, kind: str, provision: str,
                         motivation: str, by: Attribution, person_id: str | None = None) -> None:
        self._change_dossier(household_id, lambda d: d.request_referral(
            referral_id=referral_id, kind=kind, provision=provision, motivation=motivation, person_id=person_id,
            by=by))

    def decide_referral(self, household_id: UUID | str, *, referral_id: str, decision: str, motivation: str,
                        by: Attribution) -> None:
        """Decide a referral. An unmandated attempt is recorded as a refusal, then raised."""
        dossier = self.get_dossier(household_id)
        try:
            dossier.decide_referral(referral_id=referral_id, decision=decision, motivation=motivation, by=by)
        except NotMandatedError:
            refused = self.get_dossier(household_id)
            refused.record_mandate_refusal(referral_id=referral_id, step=MandateStep.DECISION.value, by=by)
            self._save(refused)
            raise
        self._save(dossier)

    def request_other_worker(self, household_id: UUID | str, *, request_id: str, person_id: str,
                             motivation: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.request_other_worker(
            request_id=request_id, person_id=person_id, motivation=motivation, by=by))

    def decide_worker_change(self, household_id: UUID | str, *, request_id: str, granted: bool,
                             explanation: str, by: Attribution, new_worker_id: str | None = None) -> None:
        self._change_dossier(household_id, lambda d: d.decide_worker_change(
            request_id=request_id, granted=granted, explanation=explanation, new_worker_id=new_worker_id, by=by))

    def record_evaluation(self, household_id: UUID | str, *, goal_outcomes: dict[str, str], summary: str,
                          by: Attribution, zrm_after: dict[str, dict[str, int]] | None = None,
                          ladder_after: dict[str, int] | None = None) -> None:
        self._change_dossier(household_id, lambda d: d.record_evaluation(
            goal_outcomes=goal_outcomes, summary=summary, zrm_after=zrm_after, ladder_after=ladder_after, by=by))

    def start_monitoring(self, household_id: UUID | str, *, next_check_on: date | str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.start_monitoring(next_check_on=next_check_on, by=by))

    def record_monitoring_check(self, household_id: UUID | str, *, all_well: bool, next_check_on: date | str,
                                by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.record_monitoring_check(
            all_well=all_well, next_check_on=next_check_on, by=by))

    def reopen_after_relapse(self, household_id: UUID | str, *, by: Attribution,
                             case_director_id: str | None = None) -> None:
        self._change_dossier(household_id, lambda d: d.reopen_after_relapse(
            case_director_id=case_director_id, by=by))

    def close_dossier(self, household_id: UUID | str, *, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.close(by=by))

    # ------------------------------------------------------- privacy records

    def grant_consent(self, household_id: UUID | str, *, consent_id: str, person_id: str, partner: str,
                      purpose: str, sections: list[str], valid_until: date | str, by: Attribution,
                      zrm_domains_shared: list[str] | None = None) -> None:
        self._change_dossier(household_id, lambda d: d.grant_consent(
            consent_id=consent_id, person_id=person_id, partner=partner, purpose=purpose, sections=sections,
            valid_until=valid_until, zrm_domains_shared=zrm_domains_shared, by=by))

    def revoke_consent(self, household_id: UUID | str, *, consent_id: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.revoke_consent(consent_id=consent_id, by=by))

    def record_legal_duty(self, household_id: UUID | str, *, duty_id: str, partner: str, legal_basis: str,
                          sections: list[str], by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.record_legal_duty(
            duty_id=duty_id, partner=partner, legal_basis=legal_basis, sections=sections, by=by))

    def withhold_information(self, household_id: UUID | str, *, withholding_id: str, from_person_id: str,
                             by: Attribution, item_version: int | None = None, section: str | None = None) -> None:
        self._change_dossier(household_id, lambda d: d.withhold_information(
            withholding_id=withholding_id, item_version=item_version, section=section,
            from_person_id=from_person_id, by=by))

    def lift_withholding(self, household_id: UUID | str, *, withholding_id: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.lift_withholding(withholding_id=withholding_id, by=by))

    def record_confidence(self, household_id: UUID | str, *, confidence_id: str, item_version: int,
                          person_id: str, by: Attribution, show_as_withheld: bool = False) -> None:
        self._change_dossier(household_id, lambda d: d.record_confidence(
            confidence_id=confidence_id, item_version=item_version, person_id=person_id,
            show_as_withheld=show_as_withheld, by=by))

    def lift_confidence(self, household_id: UUID | str, *, confidence_id: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.lift_confidence(confidence_id=confidence_id, by=by))

    def add_statement(self, household_id: UUID | str, *, person_id: str, item_version: int, text: str,
                      by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.add_statement(
            person_id=person_id, item_version=item_version, text=text, by=by))

    def request_correction(self, household_id: UUID | str, *, correction_id: str, person_id: str,
                           item_version: int, correction: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.request_correction(
            correction_id=correction_id, person_id=person_id, item_version=item_version, correction=correction,
            by=by))

    def decide_correction(self, household_id: UUID | str, *, correction_id: str, accepted: bool,
                          explanation: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.decide_correction(
            correction_id=correction_id, accepted=accepted, explanation=explanation, by=by))

    def record_erasure(self, household_id: UUID | str, *, legal_basis: str, by: Attribution) -> None:
        self._change_dossier(household_id, lambda d: d.record_erasure(legal_basis=legal_basis, by=by))
