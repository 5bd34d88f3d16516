"""Checks for plain values given to commands; each failure names the field and what to do."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from domain.errors import ImplausibleValueError, InvalidValueError, TooLongError
from domain.messages_nl import empty_field

# How long each text given to a command may be, in characters, declared once for every way in
# (REST, GraphQL, CLI, imports): whatever route a text takes, it passes `limited_text`.
ID_LENGTH = 100
NAME_LENGTH = 200
SHORT_TEXT = 1_000
MEDIUM_TEXT = 5_000
LONG_TEXT = 10_000
LIST_ITEMS = 100

LIMITS: dict[str, int] = {
    # free texts written by people
    "text": LONG_TEXT, "description": LONG_TEXT, "note": LONG_TEXT, "advice": LONG_TEXT, "decision": LONG_TEXT,
    "correction": LONG_TEXT, "answer": LONG_TEXT,
    "summary": MEDIUM_TEXT, "motivation": MEDIUM_TEXT, "explanation": MEDIUM_TEXT, "notice": MEDIUM_TEXT,
    "reason": SHORT_TEXT, "legal_basis": SHORT_TEXT, "purpose": SHORT_TEXT, "provision": SHORT_TEXT,
    "service": SHORT_TEXT, "plan_text": 2_000,
    # names of people and organisations
    "name": NAME_LENGTH, "reporter": NAME_LENGTH, "partner": NAME_LENGTH, "organisation": NAME_LENGTH,
    "team": NAME_LENGTH, "owner_name": NAME_LENGTH,
}
"""Field name → maximum length; any field not named here is an id or a code (`ID_LENGTH`)."""


def limit_of(field: str) -> int:
    return LIMITS.get(field, ID_LENGTH)


def limited_text(text: str, field: str, limit_field: str | None = None) -> str:
    """`text` when it is within the limit declared for `field` (or for `limit_field`), else TooLongError."""
    limit = limit_of(limit_field or field)
    if len(text) > limit:
        raise TooLongError(field, len(text), limit)
    return text


def limited_list(values: list, field: str, limit: int = LIST_ITEMS) -> list:  # type: ignore[type-arg]
    if len(values) > limit:
        raise TooLongError(field, len(values), limit, unit="items")
    return values


def required_text(value: object, field: str, what: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise InvalidValueError(f"{field}: {what}", field=field, message_nl=empty_field(field))
    return limited_text(text, field)


def one_of(enum_type: type, value: object, field: str):  # type: ignore[no-untyped-def]
    try:
        return enum_type(value)
    except ValueError:
        options = ", ".join(m.value for m in enum_type)
        raise InvalidValueError(f"{field}: {value!r} is not allowed; use one of {options}", field=field) from None


def as_date(value: object, field: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidValueError(f"{field}: give a date as YYYY-MM-DD", field=field)


OLDEST_AGE_YEARS = 125  # older than anyone alive: a date of birth before this is a typing error


def plausible_date_of_birth(dob: date, today: date) -> date:
    """A date of birth that can be true on `today`: not in the future, not more than 125 years ago."""
    if dob > today:
        raise ImplausibleValueError("date_of_birth: lies in the future; check the date", field="date_of_birth",
                                    message_nl="Het veld date_of_birth ligt in de toekomst. Controleer de datum.")
    if dob.year < today.year - OLDEST_AGE_YEARS:
        raise ImplausibleValueError(
            f"date_of_birth: more than {OLDEST_AGE_YEARS} years ago; check the year", field="date_of_birth",
            message_nl=f"Het veld date_of_birth ligt meer dan {OLDEST_AGE_YEARS} jaar terug "
                       f"({dob.strftime('%d-%m-%Y')}). Controleer het jaartal.")
    return dob


def as_uuid(value: UUID | str, field: str) -> UUID:
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        raise InvalidValueError(f"{field}: {value!r} is not a valid id (a UUID)", field=field) from None
