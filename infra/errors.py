"""Which errors may be shown to an operator as they are (they name the rule and what to do)."""

from __future__ import annotations

from domain.errors import DomainError
from infra.migrations import SchemaError
from infra.settings import SettingsError

_SPEAKING_ERRORS: tuple[type[BaseException], ...] = (DomainError, SettingsError, SchemaError)


def register_speaking_error(error_type: type[BaseException]) -> None:
    """Let a feature declare its own error type as fit to show to a person."""
    global _SPEAKING_ERRORS
    _SPEAKING_ERRORS = (*_SPEAKING_ERRORS, error_type)


def user_facing_message(exc: BaseException) -> str | None:
    """The message to show for `exc`, or None when it is unexpected (then it is re-raised)."""
    if isinstance(exc, _SPEAKING_ERRORS):
        dutch = getattr(exc, "message_nl", None)
        rule = getattr(exc, "rule", None)
        # People read the Dutch; the rule code stays for whoever looks it up.
        return f"{dutch} (regel {rule})" if dutch and rule else dutch or str(exc)
    return None
