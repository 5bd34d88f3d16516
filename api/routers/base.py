"""What every REST router shares: the /api/v1 prefix and the documented error responses."""

from __future__ import annotations

from fastapi import APIRouter

from api.errors import ERROR_RESPONSES


def new_router(tag: str) -> APIRouter:
    """A router with the shared error responses documented on every route."""
    return APIRouter(prefix="/api/v1", tags=[tag], responses=ERROR_RESPONSES)
