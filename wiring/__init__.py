"""The one place that wires Wijkdossier together: `bootstrap(settings) -> Services`.

Every entry point (the API's lifespan, each CLI command, the demo loader, the benches) builds
its services here and nowhere else, so there is one privacy guard per process, on one fact
source, one access log and one set of views. Tests pass their own settings, or a bootstrap of
their own to `api.app.create_app`.

Layers: this package sits on projections and everything below them; only entry points
(api, cli, demo, bench) import it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from domain.application import WijkdossierApplication
from infra.access_log_store import GroupCommitAccessLog, open_access_log
from infra.emergency_reviews import EmergencyReviewStore, open_emergency_reviews
from infra.integrity.access_log_hook import AccessLogChain
from infra.integrity.integrity_store import IntegrityStore, integrity_of
from infra.settings import ACCESS_LOG_READERS, Settings, StoreSettings, settings_for
from infra.store import open_application
from privacy.facts import ProjectionFacts
from privacy.guard import PrivacyGuard
from privacy.rights import ClientRights
from projections.registry import forget_views, open_views
from projections.runner import RunnerHandle, start_projection_runners


@dataclass
class Services:
    """What a running Wijkdossier is made of; `close()` releases it all (runners first)."""

    settings: Settings
    dossiers: WijkdossierApplication
    access_log: GroupCommitAccessLog
    # The live read models by name ("plan", "caseload", "complaints", "steering").
    views: dict[str, Any]
    guard: PrivacyGuard
    rights: ClientRights
    integrity: IntegrityStore
    access_log_chain: AccessLogChain
    emergency_reviews: EmergencyReviewStore
    runners: RunnerHandle | None = None
    _closed: bool = field(default=False, repr=False)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self.runners is not None:
            self.runners.stop()
        forget_views(self.settings)
        self.emergency_reviews.close()
        self.access_log.close()
        self.dossiers.close()

    def __enter__(self) -> Services:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def bootstrap(settings: Settings | StoreSettings, *, run_projections: bool = False) -> Services:
    """Open the store, the access log and the views, and build the one guard on them.

    The guard's facts come from the aggregates, with the complaints view for a reviewer's
    complaint lookup (it falls back to scanning while the view lags, so a command-line process
    without a runner decides the same way the API does). Checkpoints commit to the access log's
    head, whichever process signs them. `run_projections` starts the runner thread (the API).
    """
    settings = settings_for(settings)
    dossiers = open_application(settings)
    # Its readers' pool is bounded like the others (docs/operations.md, "Verbindingen").
    access_log = open_access_log(settings.store, **({"pool_size": ACCESS_LOG_READERS}
                                                    if settings.store.is_postgres else {}))
    try:
        views = open_views(settings)
        guard = PrivacyGuard(access_log, ProjectionFacts(dossiers, views["complaints"]))
        chain = AccessLogChain(access_log)
        integrity = integrity_of(dossiers)
        integrity.set_access_log_head(chain.head)
        services = Services(
            settings=settings, dossiers=dossiers, access_log=access_log, views=views, guard=guard,
            rights=ClientRights(dossiers, guard, access_log), integrity=integrity, access_log_chain=chain,
            emergency_reviews=open_emergency_reviews(settings.store),
        )
    except BaseException:
        access_log.close()
        dossiers.close()
        raise
    if run_projections:
        # On the process's own application: a runner with an application of its own held a second
        # events pool (and key store) in every server.
        services.runners = start_projection_runners(settings, app=dossiers)
    return services
