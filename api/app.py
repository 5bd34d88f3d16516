"""The FastAPI application: `create_app()` wires routes to the application services."""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from infra.bootstrap import open_application
from infra.settings import StoreSettings, store_settings_from_environment


def create_app(settings: StoreSettings | None = None) -> FastAPI:
    settings = settings or store_settings_from_environment()

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
        app.state.settings = settings
        app.state.dossiers = open_application(settings)
        try:
            yield
        finally:
            app.state.dossiers.close()

    app = FastAPI(
        title="Wijkdossier",
        version="0.1.0",
        summary="Eén huishouden, één plan, één regisseur: het dossier van het sociaal wijkteam.",
        lifespan=lifespan,
    )

    @app.get("/health", summary="Is the service up, and which store does it use?", tags=["operations"])
    def health() -> dict[str, Any]:
        dossiers = app.state.dossiers
        return {
            "status": "ok",
            "store": settings.kind,
            "events": dossiers.recorder.max_notification_id() or 0,
        }

    return app
