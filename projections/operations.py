"""Operator tasks on the views: status (lag), rebuild from the log, and the drift check."""

from __future__ import annotations

import os
import uuid
from typing import Any

from infra.store import open_application
from infra.settings import Settings, StoreSettings, settings_for
from projections.backends import open_datastore
from projections.registry import checked_names, forget_views, open_projections
from projections.rows import RowCache
from projections.runner import CatchUp

MAX_LISTED = 20


def projection_status(settings: Settings | StoreSettings, names: list[str] | None = None) -> list[dict[str, Any]]:
    """Per projection: its position, the head of the log and the lag (events behind). For /health."""
    settings = settings_for(settings)
    app = open_application(settings)
    try:
        head = app.recorder.max_notification_id() or 0
        datastore = open_datastore(settings.store)
        try:
            out = []
            for name, projection in open_projections(settings, names, datastore=datastore).items():
                position = projection.view.position()
                out.append({"name": name, "position": position, "head": head, "lag": max(0, head - position)})
            return out
        finally:
            datastore.close()
    finally:
        app.close()


def rebuild(settings: Settings | StoreSettings, names: list[str] | None = None, *, batch_size: int = 2000,
            cache_rows: int = 100_000) -> dict[str, int]:
    """Drop the named views and build them again from the whole log, in one pass over it;
    events applied per view.

    Stop a running `projections run` first, or it competes with the rebuild (it notices and
    continues from the rebuilt position; nothing is applied twice).
    """
    settings = settings_for(settings)
    app = open_application(settings)
    datastore = open_datastore(settings.store)
    try:
        chosen = checked_names(names)
        for name in chosen:
            open_projections(settings, [name], datastore=datastore, check_layout=False)[name].view.drop_tables()
        # All views in one pass: CatchUp reads and decodes each page of the log once and feeds
        # it to every view (one pass per view used to re-read and re-decrypt the whole log).
        fresh = open_projections(settings, chosen, datastore=datastore)
        for projection in fresh.values():
            # Just created, so empty, and the rebuild is their only writer: rows need not be re-read.
            projection.view.row_cache = RowCache(started_empty=True, max_rows=cache_rows)
        catch_up = CatchUp(app, fresh, batch_size=batch_size)
        catch_up.run()
        forget_views(settings)
        return {name: catch_up.states[name].events_applied for name in chosen}
    finally:
        datastore.close()
        app.close()


def stale_views(settings: Settings | StoreSettings) -> list[str]:
    """The live views whose tables no longer match their specification (`wijkdossier migrate` rebuilds them)."""
    from projections.backends import construct_view, layout_differences
    from projections.registry import PROJECTIONS, live_prefix

    settings = settings_for(settings)
    datastore = open_datastore(settings.store)
    try:
        stale = []
        for name, (_projection, view_class) in PROJECTIONS.items():
            view = construct_view(view_class, settings, datastore, live_prefix(name), check_layout=False)
            if layout_differences(view):
                stale.append(name)
        return stale
    finally:
        datastore.close()


def compare(live: dict[str, list[dict[str, Any]]], scratch: dict[str, list[dict[str, Any]]],
            keys: dict[str, tuple[str, ...]]) -> list[str]:
    """Differences between two snapshots of one view, as lines for people (ids, never contents)."""
    lines: list[str] = []
    for table, key in keys.items():
        a = {tuple(r[k] for k in key): r for r in live.get(table, [])}
        b = {tuple(r[k] for k in key): r for r in scratch.get(table, [])}
        found = []
        for k in sorted(set(a) - set(b), key=str):
            found.append(f"{table} {'/'.join(map(str, k))}: only in the live view")
        for k in sorted(set(b) - set(a), key=str):
            found.append(f"{table} {'/'.join(map(str, k))}: missing from the live view")
        for k in sorted(set(a) & set(b), key=str):
            if a[k] != b[k]:
                columns = sorted(c for c in a[k] if a[k][c] != b[k].get(c))
                found.append(f"{table} {'/'.join(map(str, k))}: differs in {', '.join(columns)}")
        lines += found[:MAX_LISTED]
        if len(found) > MAX_LISTED:
            lines.append(f"{table}: and {len(found) - MAX_LISTED} more differences")
    return lines


def check(settings: Settings | StoreSettings, names: list[str] | None = None, *, attempts: int = 5) -> dict[str, list[str]]:
    """Rebuild each view into a scratch copy and compare with the live one; differences per view.

    The scratch copy is built up to the live view's position; if the live view moves on
    meanwhile (a runner is active), the copy follows and the comparison is repeated.
    """
    settings = settings_for(settings)
    app = open_application(settings)
    datastore = open_datastore(settings.store)
    try:
        result: dict[str, list[str]] = {}
        for name in checked_names(names):
            live = open_projections(settings, [name], datastore=datastore)[name]
            prefix = f"scratch_{{name}}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
            scratch = open_projections(settings, [name], datastore=datastore, prefix=prefix)
            try:
                catch_up = CatchUp(app, scratch, batch_size=500)
                keys = {t: spec.key for t, spec in live.view.TABLES.items()}
                differences: list[str] = []
                for _ in range(attempts):
                    position = live.view.position()
                    catch_up.run(stop=position)
                    differences = compare(live.view.snapshot(), scratch[name].view.snapshot(), keys)
                    error = catch_up.states[name].error
                    if error:
                        differences.append(f"the scratch copy could not be built: {error}")
                        break
                    if live.view.position() == position == scratch[name].view.position():
                        break
                else:
                    differences.append("the live view kept moving; stop the runner and check again")
                result[name] = differences
            finally:
                scratch[name].view.drop_tables()
        return result
    finally:
        datastore.close()
        app.close()
