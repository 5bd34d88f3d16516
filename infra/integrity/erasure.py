"""Erasure by crypto-shredding: record the erasure in the dossier, then destroy the household's
data key, so every event of the household (dossier and complaints) becomes unreadable for good
while every chain and checkpoint stays verifiable.

When erasure is allowed (docs/verification-bundle.md, "Erasure"):

- after the retention period, counted from the household's last change (the later of the
  dossier's last `occurred_at` and the last recording time of any of its streams; history
  imported from a previous system counts from when it happened, see `_last_change`):
  20 years for youth-care data (a member under 18 at any time while the dossier was kept, or
  a referral to specialist youth care; Jeugdwet art. 7.3.8), else 15 years (Wmo 2015 and
  other support; the municipality's selection list, and the P15Y of the processing
  register). Both are configurable: WIJKDOSSIER_RETENTION_YEARS_YOUTH / _DEFAULT;
- or earlier, on a valid erasure decision: a legal basis that names the decision, such as
  "AVG art. 17 besluit 2026-0042".

Who may erase: the privacy layer's grants (DELETE on the overview); `may_erase(role)` asks them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from domain.attribution import Attribution
from domain.errors import DomainError, DossierErasedError, InvalidValueError, NotPermittedError
from domain.vocabulary import ReferralKind, Role
from infra.history_import import imported_history
from infra.integrity.integrity_store import integrity_of
from infra.integrity.time_travel import parse_recorded_at
from infra.settings import SettingsError

log = logging.getLogger(__name__)

YOUTH_YEARS_ENV = "WIJKDOSSIER_RETENTION_YEARS_YOUTH"
DEFAULT_YEARS_ENV = "WIJKDOSSIER_RETENTION_YEARS_DEFAULT"
YOUTH_YEARS = 20
DEFAULT_YEARS = 15
ADULT_AGE = 18

# "AVG art. 17 besluit 2026-0042", "AVG artikel 17, besluit EB-17/2026", "GDPR art. 17 decision X-1"
ERASURE_DECISION = re.compile(
    r"\b(?:AVG|GDPR)\b\W*(?:art(?:ikel|icle)?\.?)\s*17\b.*?\b(?:besluit|decision)\s*(?:nr\.?|no\.?)?\s*"
    r"(?P<reference>[A-Za-z0-9][A-Za-z0-9/._-]{2,})",
    re.IGNORECASE,
)



class ErasureRefusedError(DomainError):
    """Erasure is not (yet) allowed for this household; nothing was changed."""

    rule = "erasure_allowed"


class AlreadyErasedError(DossierErasedError):
    """The household was erased before; there is nothing left to erase."""


@dataclass(frozen=True)
class RetentionPolicy:
    """Retention in whole years, counted from the household's last change."""

    youth_years: int = YOUTH_YEARS
    default_years: int = DEFAULT_YEARS

    @classmethod
    def from_env(cls, get: Callable[[str], str | None]) -> RetentionPolicy:
        """WIJKDOSSIER_RETENTION_YEARS_YOUTH and _DEFAULT from the application's environment."""
        values = {}
        for name, default in ((YOUTH_YEARS_ENV, YOUTH_YEARS), (DEFAULT_YEARS_ENV, DEFAULT_YEARS)):
            text = (get(name) or "").strip()
            if not text:
                values[name] = default
                continue
            if not text.isdigit() or int(text) < 1:
                raise SettingsError(f"{name}: {text!r} is geen geheel aantal jaren. Geef 1 of meer, "
                                    f"bijvoorbeeld {default}")
            values[name] = int(text)
        return cls(youth_years=values[YOUTH_YEARS_ENV], default_years=values[DEFAULT_YEARS_ENV])


@dataclass(frozen=True)
class ErasureOutcome:
    """What `erase_household` did. `ground` is "erasure_decision" or "retention_expired"."""

    household_id: str
    ground: str
    decision_reference: str | None
    retention_until: datetime
    youth_care: bool
    erasure_recorded: bool  # False when an interrupted erasure was completed (already recorded)


def may_erase(role: Role | str) -> bool:
    """Whether a role may erase a household at all: asked of the privacy layer's table (DELETE on
    the overview), so the privacy layer stays the one place this is decided. Which household a
    person may erase (their own team's) the guard decides per request before this runs."""
    from privacy.model import Action, Section
    from privacy.rules import grants_for

    try:
        return bool(grants_for(Role(role), Section.OVERVIEW, Action.DELETE))
    except ValueError:
        return False


def erasure_decision_reference(legal_basis: str) -> str | None:
    """The decision reference in a legal basis that names an erasure decision, else None."""
    match = ERASURE_DECISION.search(legal_basis or "")
    return match.group("reference") if match else None


def is_youth_care(dossier: Any) -> bool:
    """Youth-care data: a member under 18 at some time while the dossier was kept, or a
    referral to specialist youth care."""
    if any(r.kind == ReferralKind.SPECIALIST_YOUTH_CARE.value for r in dossier.referrals.values()):
        return True
    started = _first_signal_day(dossier)
    for member in dossier.members.values():
        born = member.date_of_birth
        if isinstance(born, date) and _add_years(born, ADULT_AGE) > started:
            return True
    return False


def retention_until(dossier: Any, last_change: datetime, policy: RetentionPolicy) -> tuple[datetime, bool]:
    """(the moment the retention period ends, whether it is youth-care data)."""
    youth = is_youth_care(dossier)
    years = policy.youth_years if youth else policy.default_years
    return _add_years(last_change, years), youth


def erase_household(
    app: Any,
    household_id: UUID | str,
    *,
    by: Attribution,
    legal_basis: str,
    now: datetime | None = None,
    policy: RetentionPolicy | None = None,
) -> ErasureOutcome:
    """Erase a household for good: record `DossierErased` (stored in clear), then destroy the
    household's data key (its dossier and complaint streams share it).

    Refused with NotPermittedError (role), ErasureRefusedError (retention period still runs
    and no erasure decision named), AlreadyErasedError (done before), WrongPhaseError (the
    dossier is still open). An erasure that was recorded but whose key destruction was
    interrupted is completed by calling this again.
    """
    if not may_erase(by.actor_role):
        allowed = ", ".join(sorted(r.value for r in Role if may_erase(r)))
        raise NotPermittedError(f"role_may_act: a {Role(by.actor_role).value} may not erase a household; that is for: {allowed}")
    if not legal_basis or not legal_basis.strip():
        raise InvalidValueError(
            "legal_basis: name the ground for erasure: the expired retention period, or the erasure decision "
            "(for example 'AVG art. 17 besluit 2026-0042')",
            field="legal_basis",
        )
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        raise InvalidValueError("now: give a time with a time zone", field="now")
    try:
        household = str(household_id if isinstance(household_id, UUID) else UUID(str(household_id)))
    except ValueError:
        raise InvalidValueError(f"household_id: {household_id!r} is not a valid id (a UUID)", field="household_id") from None
    store = integrity_of(app)
    key_store = store.key_store
    if key_store.is_erased(household):
        raise AlreadyErasedError(
            "dossier_erased: this household was erased before; its data key is destroyed and the erasure is "
            "recorded in its history. There is nothing left to erase."
        )

    dossier = app.get_dossier(household, include_erased=True)
    policy = policy or RetentionPolicy.from_env(_env_of(app))
    last_change = _last_change(store, household, dossier.last_changed_at)
    until, youth = retention_until(dossier, last_change, policy)
    reference = erasure_decision_reference(legal_basis)
    ground = "erasure_decision" if reference else "retention_expired"
    if reference is None and now < until:
        kind = "youth-care data" if youth else "this data"
        years = policy.youth_years if youth else policy.default_years
        raise ErasureRefusedError(
            f"erasure_allowed: the retention period for {kind} ({years} years from the last change) runs until "
            f"{until.date().isoformat()}; before then erase only on an erasure decision, named in legal_basis "
            "(for example 'AVG art. 17 besluit 2026-0042')",
            field="legal_basis",
        )

    recorded = not dossier.erased
    if recorded:
        app.record_erasure(household, legal_basis=legal_basis, by=by)
    else:
        log.warning("completing an interrupted erasure: the erasure was recorded, the key was not yet destroyed")
    # The key log gets the ground and decision reference only: the free text could hold anything.
    key_store.destroy_household_key(household, reason=f"{ground}" + (f" {reference}" if reference else ""))
    return ErasureOutcome(
        household_id=household, ground=ground, decision_reference=reference, retention_until=until,
        youth_care=youth, erasure_recorded=recorded,
    )


# ------------------------------------------------------------------------------ helpers

def _env_of(app: Any) -> Callable[[str], str | None]:
    """The application's environment: the library merged the process environment into it, and
    `Settings.library_env()` wrote the retention years over that."""
    env = getattr(app, "env", None)
    return (lambda _name: None) if env is None else env.get


def _last_change(store: Any, household: str, last_occurred: datetime) -> datetime:
    """The household's last change: the later of when its dossier last changed in the world and when
    anything of it (its complaints too) was last recorded here. History imported from a previous
    system counts from when it happened (it was on record there since), not from the import: only
    what was recorded here after the import counts by its recording time."""
    imported = imported_history(store.db, household)
    after, candidates = 0, [last_occurred]
    if imported is not None:
        after = imported[0]
        candidates.append(imported[1])
    recorded = _last_recorded(store, household, after_position=after)
    if recorded is not None:
        candidates.append(recorded)
    return max(candidates)


def _last_recorded(store: Any, household: str, *, after_position: int = 0) -> datetime | None:
    db, chain = store.db, store.db.table(store.tables.chain)
    with db.transaction(write=False) as cur:
        row = cur.execute(f"SELECT MAX(recorded_at) AS last FROM {chain} WHERE household_id = ? AND position > ?",
                          (household, after_position)).fetchone()
    return None if row is None or row["last"] is None else parse_recorded_at(row["last"])


def _first_signal_day(dossier: Any) -> date:
    received = [s.received_at for s in dossier.signals]
    first = min(received) if received else dossier.last_changed_at
    return first.date() if isinstance(first, datetime) else first


def _add_years(moment: Any, years: int) -> Any:
    """The same calendar day `years` later (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)
