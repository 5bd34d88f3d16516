"""Domain errors. Each message names the rule that was broken and what to do instead.

Messages never contain personal data (names, dates of birth, notes): they may end up in
logs and API responses.
"""

from __future__ import annotations

from domain.messages_nl import in_dutch


class DomainError(Exception):
    """A command was refused by a rule of the domain; nothing was stored.

    `str(error)` is the English message, rule or field first (for developers and logs);
    `message_nl` is what people read: given by the raise, or found in `domain.messages_nl`.
    """

    rule: str = "domain_rule"

    def __init__(self, message: str, *, field: str | None = None, message_nl: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.message_nl = message_nl or in_dutch(message)


class InvalidValueError(DomainError):
    rule = "valid_value"


class TooLongError(InvalidValueError):
    """A text or list is longer than its declared limit (domain.values.LIMITS)."""

    rule = "within_limit"

    def __init__(self, field: str, length: int, limit: int, unit: str = "characters") -> None:
        super().__init__(f"{field}: {length} {unit}, at most {limit} allowed (limit {field}={limit}); shorten it",
                         field=field)
        self.length = length
        self.limit = limit
        dutch_unit = "tekens" if unit == "characters" else "onderdelen"
        self.message_nl = (f"Het veld {field} is te lang: {length} {dutch_unit}, hoogstens {limit} "
                           f"(limiet {field}={limit}). Maak het korter.")


class ImplausibleValueError(InvalidValueError):
    """A time or date that cannot be true (in the future, before the dossier began, an impossible age),
    or a name that does not exist (a section, a ZRM domain). Carries a Dutch message naming the field."""

    rule = "plausible_value"

    def __init__(self, message: str, *, field: str, message_nl: str) -> None:
        super().__init__(message, field=field, message_nl=message_nl)


class DossierNotFoundError(DomainError):
    rule = "dossier_exists"


class ComplaintNotFoundError(DomainError):
    rule = "complaint_exists"


class WrongPhaseError(DomainError):
    rule = "phase_allows_command"


class DossierClosedError(WrongPhaseError):
    rule = "dossier_not_closed"


class CaseDirectorError(DomainError):
    """Exactly one case director at every moment while the dossier is active."""

    rule = "exactly_one_case_director"


class UnknownMemberError(DomainError):
    rule = "member_of_household"


class UnknownItemError(DomainError):
    rule = "item_exists"


class IncompleteAssessmentError(DomainError):
    rule = "zrm_complete_and_in_range"


class PlanError(DomainError):
    rule = "plan_well_formed"


class NotMandatedError(DomainError):
    """The actor's role lacks the mandate for this step (003, figure 5)."""

    rule = "mandate_matrix"


class NotPermittedError(DomainError):
    """The actor's role may not take this step at all."""

    rule = "role_may_act"


class ReferralError(DomainError):
    rule = "referral_rules"


class NotAComplaintError(DomainError):
    """A complaint about the outcome of a decision belongs in bezwaar en beroep."""

    rule = "complaint_is_about_conduct"


class ComplaintTermError(DomainError):
    rule = "complaint_term"


class ConcurrentChangeError(DomainError):
    """Someone else changed the same dossier first; reload and try again."""

    rule = "no_concurrent_change"


class DossierErasedError(DomainError):
    """The household's data was erased for good (crypto-shredding); only the fact remains."""

    rule = "dossier_erased"
