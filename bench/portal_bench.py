"""Logged portal reads: a client asks for her plan over HTTP; every read is decided by the privacy
layer and leaves a durable access-log line before the answer. Throughput and latency percentiles
with 1 and 8 concurrent clients, on SQLite (the demo store) with a demo municipality loaded.

The target that comes after the open issues: 300 logged reads/s with p95 < 50 ms.
"""

from __future__ import annotations

import socket
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.common import BENCH

HOUSEHOLDS = BENCH.portal_households
REQUESTS = BENCH.portal_requests
QUERY = '{ myPlan { items } }'


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _measure(base_url: str, token: str, requests: int, concurrency: int) -> dict[str, float]:
    import httpx

    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()

    def one(client: httpx.Client) -> None:
        nonlocal failures
        started = time.perf_counter()
        response = client.post(f"{base_url}/graphql", json={"query": QUERY},
                               headers={"Authorization": f"Bearer {token}"})
        elapsed = time.perf_counter() - started
        ok = response.status_code == 200 and not response.json().get("errors")
        with lock:
            latencies.append(elapsed)
            failures += 0 if ok else 1

    clients = [httpx.Client(timeout=30) for _ in range(concurrency)]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for n in range(requests):
            pool.submit(one, clients[n % concurrency])
    wall = time.perf_counter() - started
    for client in clients:
        client.close()
    latencies.sort()
    return {
        "concurrency": concurrency,
        "reads_per_s": requests / wall,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
        "failures": failures,
    }


def main() -> None:
    import uvicorn

    from api.app import create_app
    from infra.settings import ApiSettings
    from bench.common import print_table, wijkdossier_settings
    from demo.directory import demo_directory
    from demo.loader import load_demo
    from demo.scenarios import BRIEVEN
    from infra.settings import StoreSettings

    with tempfile.TemporaryDirectory() as scratch:
        store = StoreSettings(kind="sqlite", sqlite_path=Path(scratch) / "bench.sqlite")
        app = create_app(wijkdossier_settings(store), ApiSettings(demo=True, var_dir=Path(scratch) / "var"), directory=demo_directory())
        port = _free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        try:
            load_demo(app.state.services.dossiers, households=HOUSEHOLDS, progress=False)
            member = next(iter(app.state.services.dossiers.get_dossier(BRIEVEN.household_id).members))
            token = app.state.demo_issuer.mint(role="client", subject=member, acr="substantieel")
            time.sleep(1.0)  # let the projection runner catch up with the demo load
            _measure(f"http://127.0.0.1:{port}", token, 20, 1)  # warm up
            rows = [_measure(f"http://127.0.0.1:{port}", token, REQUESTS, c) for c in (1, 8)]
            lines = app.state.services.access_log.head()[0]
        finally:
            server.should_exit = True
            thread.join(timeout=15)
    print(f"== Portal: logged reads of 'myPlan' over HTTP (SQLite, {HOUSEHOLDS} households; "
          f"{lines} access-log lines written) ==")
    print_table(rows, ["concurrency", "reads_per_s", "p50_ms", "p95_ms", "failures"])


if __name__ == "__main__":
    main()
