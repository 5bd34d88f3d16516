"""Every REST router, in the order the API description lists them. A new resource's module goes here."""

from __future__ import annotations

from fastapi import APIRouter

from api.routers import (
    assessments,
    complaints,
    contacts,
    direction,
    exports,
    households,
    lifecycle,
    members,
    plans,
    privacy_console,
    privacy_records,
    referrals,
    signals,
    steering,
    worker_change,
)

MODULES = (signals, households, members, direction, contacts, assessments, plans, referrals, worker_change,
           lifecycle, complaints, privacy_records, steering, exports, privacy_console)


def all_routers() -> list[APIRouter]:
    return [module.router for module in MODULES]
