"""Checks for plain values given to commands; each failure names the field and what to do."""

from __future__ import annotations

from datetime import date, datetime

from domain.errors import InvalidValueError


def required_text(value: object, field: str, what: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise InvalidValueError(f"{field}: {what}", field=field)
    return text


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
