"""Runs the projections: catch up from the start, then follow new events live.

The events are read once per page from the application's notification log and decoded by
the application's own mapper (so per-household encryption is honoured); each view then
applies the events past its own position in one transaction per batch (rows + tracking).

Live following: on PostgreSQL the runner LISTENs on the events' channel (the recorder
NOTIFYs on every write) and also polls now and then; on SQLite, which has no
notifications, it polls the log. The library's `ProjectionRunner` is not used because its
subscription stops on the first event that cannot be decoded, and an erased household's
events can never be decoded again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from eventsourcing.persistence import IntegrityError, Tracking

from infra.crypto.errors import HouseholdErasedError
from infra.settings import RUNNER_VIEWS_POOL_SIZE, Settings, StoreSettings, settings_for
from infra.store import open_application
from infra.store_health import database_errors
from projections.base import ViewProjection
from projections.backends import open_datastore
from projections.registry import checked_names, open_projections

log = logging.getLogger("wijkdossier.projections")

DEFAULT_BATCH_SIZE = 200
# Waiting for the database to come back: 0.2 s, doubling, at most 5 s between attempts.
RECONNECT_FIRST = 0.2
RECONNECT_MAX = 5.0
DATABASE_ERRORS = database_errors()


@dataclass
class Decoded:
    notification: Any
    event: Any | None  # None when the household is erased
    household_id: str


def decode(app: Any, notification: Any) -> Decoded:
    """The domain event of a notification, or an 'erased' marker when its key was destroyed."""
    try:
        return Decoded(notification, app.mapper.to_domain_event(notification), str(notification.originator_id))
    except HouseholdErasedError as erased:
        return Decoded(notification, None, str(getattr(erased, "household_id", "") or notification.originator_id))


def apply_batch(app: Any, projection: ViewProjection, items: list[Decoded], start: int,
                event_delay: float = 0.0) -> int:
    """Apply decoded events past `start` to one projection in one transaction; the new position."""
    pending = [d for d in items if d.notification.id > start]
    if not pending:
        return start
    with projection.view.batch(start):
        for item in pending:
            tracking = Tracking(app.name, item.notification.id)
            if item.event is None:
                projection.process_erased(item.household_id, item.notification.topic, tracking)
            else:
                projection.process_event(item.event, tracking)
            if event_delay:
                time.sleep(event_delay)  # test and demo aid: makes "killed mid-batch" observable
    return pending[-1].notification.id


@dataclass
class ProjectionState:
    name: str
    position: int = 0
    error: str | None = None
    events_applied: int = 0
    failed_at: float = 0.0


@dataclass
class CatchUp:
    """Reads the log once and feeds every projection from its own position."""

    app: Any
    projections: dict[str, ViewProjection]
    batch_size: int = DEFAULT_BATCH_SIZE
    event_delay: float = 0.0
    retry_after: float = 5.0
    states: dict[str, ProjectionState] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, projection in self.projections.items():
            self.states[name] = ProjectionState(name, projection.view.position())

    def run(self, stop: int | None = None, should_stop: Callable[[], bool] = lambda: False) -> int:
        """Apply everything up to the head (or up to `stop`); returns how many events were applied."""
        applied = 0
        while not should_stop():
            healthy = [s for s in self.states.values()
                       if s.error is None or time.monotonic() - s.failed_at > self.retry_after]
            if not healthy:
                return applied
            start = min(s.position for s in healthy)
            if stop is not None and start >= stop:
                return applied
            notifications = self.app.recorder.select_notifications(start=start + 1, limit=self.batch_size,
                                                                   stop=stop)
            if not notifications:
                return applied
            prefetch = getattr(self.app.mapper, "prefetch_keys", None)
            if prefetch is not None:
                prefetch(notifications)  # one query for the page's data keys, not one per household
            items = [decode(self.app, n) for n in notifications]
            for state in healthy:
                applied += self._apply(state, items)
        return applied

    def _apply(self, state: ProjectionState, items: list[Decoded]) -> int:
        projection = self.projections[state.name]
        before = state.position
        try:
            state.position = apply_batch(self.app, projection, items, before, self.event_delay)
        except DATABASE_ERRORS:
            raise  # the database is away, not the view broken: the runner waits for it and goes on
        except IntegrityError:
            # Someone else (a second runner, a rebuild) moved this view: take its position and go on.
            state.position = projection.view.position()
            log.warning("projection %s: position moved elsewhere; continuing from %s", state.name, state.position)
            return 0
        except Exception as exc:  # noqa: BLE001 - one broken view must not stop the others; it is reported
            state.error = f"{type(exc).__name__} at notification {items[0].notification.id}-{items[-1].notification.id}"
            state.failed_at = time.monotonic()
            log.error("projection %s stopped: %s; retrying in %.0fs", state.name, state.error, self.retry_after,
                      exc_info=True)
            return 0
        state.error = None
        state.events_applied += state.position - before
        return state.position - before

    def status(self) -> list[dict[str, Any]]:
        head = self.app.recorder.max_notification_id() or 0
        return [
            {"name": s.name, "position": s.position, "head": head, "lag": max(0, head - s.position),
             "state": "error" if s.error else ("current" if s.position >= head else "catching_up"),
             "error": s.error}
            for s in self.states.values()
        ]


class ProjectionRunner:
    """Catches up, then follows the log until stopped. Use `start_projection_runners` for a thread."""

    def __init__(self, settings: Settings | StoreSettings, names: list[str] | None = None, *,
                 batch_size: int = DEFAULT_BATCH_SIZE, poll_interval: float | None = None,
                 event_delay: float = 0.0, app: Any = None, datastore: Any = None):
        """`app` (the process's own, from `wiring.bootstrap`) is shared, not opened again. The views
        get a small pool of their own: the live views' pool is closed by any `Services.close()` in
        the process (`forget_views`), a command's included, and the runner must outlive those."""
        settings = settings_for(settings)
        self.settings = settings
        self._owned: list[Any] = []
        self.app = app if app is not None else self._own(open_application(settings))
        self._datastore = datastore if datastore is not None else self._own(
            open_datastore(settings.store, RUNNER_VIEWS_POOL_SIZE))
        self.catch_up = CatchUp(self.app, open_projections(settings, checked_names(names), datastore=self._datastore),
                                batch_size=batch_size, event_delay=event_delay)
        # PostgreSQL wakes us with NOTIFY; the poll is only a safety net there.
        self.poll_interval = poll_interval if poll_interval is not None else (2.0 if settings.store.is_postgres else 0.2)
        self._stopping = threading.Event()
        self.database_error: str | None = None  # set while the database cannot be reached

    def _own(self, resource: Any) -> Any:
        self._owned.append(resource)
        return resource

    def stop(self) -> None:
        self._stopping.set()

    def status(self) -> list[dict[str, Any]]:
        return self.catch_up.status()

    def run_forever(self) -> None:
        """Follow the log; while the database is away, wait and try again (LISTEN included)."""
        listener: _Listener | None = None
        delay = RECONNECT_FIRST
        try:
            while not self._stopping.is_set():
                try:
                    if listener is None and self.settings.store.is_postgres:
                        listener = _Listener(self.settings.store, self.app)
                    self.catch_up.run(should_stop=self._stopping.is_set)
                    if listener is not None:
                        listener.wait(self.poll_interval, self._stopping)
                    else:
                        self._stopping.wait(self.poll_interval)
                except DATABASE_ERRORS as exc:
                    if self.database_error is None:
                        log.warning("projections: database not reachable (%s); trying again", type(exc).__name__)
                    self.database_error = type(exc).__name__
                    if listener is not None:
                        listener.close()
                        listener = None
                    self._stopping.wait(delay)
                    delay = min(delay * 2, RECONNECT_MAX)
                    continue
                if self.database_error is not None:
                    log.info("projections: database reachable again")
                    self.database_error = None
                delay = RECONNECT_FIRST
        finally:
            if listener is not None:
                listener.close()

    def close(self) -> None:
        for resource in self._owned:
            resource.close()


class _Listener:
    """LISTEN on the events' NOTIFY channel (PostgreSQL)."""

    def __init__(self, settings: StoreSettings, app: Any):
        import psycopg
        from psycopg import sql

        self.conn = psycopg.connect(settings.conninfo(), autocommit=True, connect_timeout=settings.pool_timeout,
                                    application_name="wijkdossier-projections-listen")
        channel = getattr(app.recorder, "channel_name", None)
        if channel:
            self.conn.execute(sql.SQL("LISTEN {0}").format(sql.Identifier(channel)))

    def wait(self, timeout: float, stopping: threading.Event) -> None:
        deadline = time.monotonic() + timeout
        while not stopping.is_set() and time.monotonic() < deadline:
            for _ in self.conn.notifies(timeout=min(0.1, timeout), stop_after=1):
                return

    def close(self) -> None:
        try:
            self.conn.close()
        except Exception:  # noqa: BLE001 - a connection the server already dropped
            pass


class RunnerHandle:
    """A runner on a background thread: what the API starts in its lifespan."""

    def __init__(self, runner: ProjectionRunner):
        self.runner = runner
        self.error: str | None = None
        self.thread = threading.Thread(target=self._run, name="wijkdossier-projections", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self.runner.run_forever()
        except Exception as exc:  # noqa: BLE001 - reported through status(), and logged
            self.error = type(exc).__name__
            log.exception("projection runner stopped")

    def stop(self, timeout: float = 10.0) -> None:
        """Stop following and wait for the current batch to finish."""
        self.runner.stop()
        self.thread.join(timeout)
        self.runner.close()

    def status(self) -> list[dict[str, Any]]:
        """Per projection: position, head of the log, lag (events behind), state."""
        if self.runner.database_error is not None:
            return [{"name": s.name, "position": s.position, "head": None, "lag": None, "state": "waiting_for_database",
                     "error": self.runner.database_error} for s in self.runner.catch_up.states.values()]
        rows = self.runner.status()
        if self.error or not self.thread.is_alive():
            for row in rows:
                row["state"] = "stopped"
                row["error"] = row["error"] or self.error
        return rows

    def wait_until_current(self, timeout: float = 10.0) -> bool:
        """Block until every projection has reached the head of the log (for tests and scripts)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if all(r["lag"] == 0 for r in self.runner.status()):
                return True
            time.sleep(0.02)
        return False


def start_projection_runners(settings: Settings | StoreSettings, names: list[str] | None = None,
                             **options: Any) -> RunnerHandle:
    """Start catching up and following on a background thread; `.stop()` and `.status()` on the handle."""
    return RunnerHandle(ProjectionRunner(settings, names, **options))
