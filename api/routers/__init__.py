"""REST routers for professionals, one per resource, all under /api/v1."""

from __future__ import annotations

from fastapi import APIRouter

from api.errors import ERROR_RESPONSES


def new_router(tag: str) -> APIRouter:
    """A router with the shared error responses documented on every route."""
    return APIRouter(prefix="/api/v1", tags=[tag], responses=ERROR_RESPONSES)


def all_routers() -> list[APIRouter]:
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

    modules = (signals, households, members, direction, contacts, assessments, plans, referrals, worker_change,
               lifecycle, complaints, privacy_records, steering, exports, privacy_console)
    return [module.router for module in modules]
