"""Household members and the ages that decide who exercises a minor's rights."""

from __future__ import annotations

from datetime import date


def age_on(date_of_birth: date, day: date) -> int:
    """Completed years on `day`."""
    years = day.year - date_of_birth.year
    if (day.month, day.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def is_minor(date_of_birth: date, day: date) -> bool:
    return age_on(date_of_birth, day) < 18
