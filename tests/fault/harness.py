"""Fault runs against real processes: `wijkdossier serve` on 127.0.0.1, a PostgreSQL database of the
run's own, writer processes that keep a client-side log of what was acknowledged.

A writer (`python -m tests.fault.harness writer ...`) sends contacts with an Idempotency-Key and a
reason unique to each attempt series; on a timeout, a dropped connection, a 409 or a 503 it retries
the same request with the same key until it is acknowledged or its deadline passes. Between writes
it reads the dossier and logs the trace id of every read that returned data. The checks compare
those logs with the store: every acknowledged write stored exactly once, every served read logged.
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
CLI = Path(sys.executable).with_name("wijkdossier")
REASON = "storingsproef: contact vastleggen"
RETRY_STATUSES = {409, 429, 502, 503, 504}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    """One `wijkdossier serve` process; `kill()` is SIGKILL, `start()` starts it (again) on the same port."""

    env: dict[str, str]
    port: int
    log: Path
    process: subprocess.Popen | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> None:
        self.starts += 1
        out = self.log.with_suffix(f".{self.starts}.log").open("wb")
        self.process = subprocess.Popen([str(CLI), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                                        env=self.env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}; see {out.name}")
            try:
                if httpx.get(f"{self.url}/health", timeout=1.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server did not answer /health within {timeout}s")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


def start_writers(server_url: str, tokens: list[str], households: list[list[str]], writes: int, logs: Path,
                  deadline_seconds: float, run_id: str = "r") -> list[subprocess.Popen]:
    """One writer process per token; writer i writes `writes` contacts spread over households[i]."""
    procs = []
    for index, (token, hids) in enumerate(zip(tokens, households)):
        args = [sys.executable, "-m", "tests.fault.harness", "writer", server_url, token, ",".join(hids),
                str(writes), str(logs / f"writer-{index}.jsonl"), f"{run_id}.w{index}", str(deadline_seconds)]
        procs.append(subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
    return procs


def wait_all(procs: list[subprocess.Popen], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    for proc in procs:
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            raise AssertionError("a writer did not finish within the run's time bound") from None
        if proc.returncode != 0:
            raise AssertionError(f"a writer failed: {proc.stderr.read().decode()[-2000:] if proc.stderr else ''}")


@dataclass
class ClientLog:
    acknowledged: dict[str, dict[str, Any]] = field(default_factory=dict)  # series → answer
    served_reads: list[str] = field(default_factory=list)  # trace ids of reads that returned data
    statuses: Counter = field(default_factory=Counter)
    bad_shapes: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, logs: Path) -> ClientLog:
        log = cls()
        for path in sorted(logs.glob("writer-*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                row = json.loads(line)
                if row["kind"] == "ack":
                    log.acknowledged[row["series"]] = row
                elif row["kind"] == "read":
                    log.served_reads.append(row["trace_id"])
                log.statuses[str(row.get("status"))] += 1
                if row.get("bad_shape"):
                    log.bad_shapes.append(row["bad_shape"])
        return log


def check_store(database_url: str, log: ClientLog, household_ids: list[str], run_id: str = "r") -> dict[str, int]:
    """The figures of one run (its writers' series start with `run_id`): acknowledged, stored,
    duplicates, lost, logged vs served reads."""
    from infra.access_log_store import open_access_log
    from infra.store import open_application
    from infra.settings import parse_database_url

    settings = parse_database_url(database_url)
    app = open_application(settings)
    series_stored: Counter = Counter()
    versions: dict[tuple[str, int], str] = {}
    try:
        for hid in household_ids:
            for event in app.history(hid):
                by = getattr(event, "by", None)
                if type(event).__name__ == "ContactRecorded" and by is not None and by.reason.startswith(REASON):
                    series = by.reason.rsplit(" ", 1)[-1]
                    if not series.startswith(f"{run_id}."):
                        continue
                    series_stored[series] += 1
                    versions[(hid, event.originator_version)] = series
    finally:
        app.close()
    access_log = open_access_log(settings)
    try:
        logged_traces = {s.entry.trace_id for s in access_log.query()}
    finally:
        access_log.close()
    wrong_version = sum(1 for series, ack in log.acknowledged.items()
                        if versions.get((ack["household_id"], ack["version"])) != series)
    return {
        "acknowledged": len(log.acknowledged),
        "stored": sum(series_stored.values()),
        "duplicates": sum(n - 1 for n in series_stored.values() if n > 1),
        "lost": sum(1 for series in log.acknowledged if series_stored[series] == 0),
        "acknowledged_with_wrong_version": wrong_version,
        "served_reads": len(log.served_reads),
        "logged_reads": sum(1 for trace in log.served_reads if trace in logged_traces),
        "server_errors": sum(n for status, n in log.statuses.items() if status.startswith("5") and status != "503"),
        "bad_error_shapes": len(log.bad_shapes),
    }


FIGURES: list[str] = []  # shown in the terminal summary by tests/fault/conftest.py, also without -s


def print_figures(name: str, figures: dict[str, Any], seconds: float | None = None) -> None:
    shown = ", ".join(f"{k}={v}" for k, v in figures.items())
    line = f"[fault run] {name}: {shown}" + ("" if seconds is None else f", seconds={seconds:.1f}")
    FIGURES.append(line)
    print("\n" + line)


# ------------------------------------------------------------------ the writer process

def _shape_problem(response: httpx.Response) -> str | None:
    """An error must come as problem details (RFC 9457: status, title, detail, and our code)."""
    try:
        body = response.json()
    except ValueError:
        return f"{response.status_code} not JSON"
    if isinstance(body, dict) and body.get("status") == response.status_code and body.get("title") \
            and body.get("detail") and body.get("code"):  # RFC 9457 problem details (issue 12)
        return None
    return f"{response.status_code} without the error shape"


def writer(url: str, token: str, hids: str, writes: int, log_path: str, name: str, deadline_seconds: float) -> int:
    households = hids.split(",")
    headers = {"Authorization": f"Bearer {token}"}
    rng = random.Random(name)
    deadline = time.monotonic() + deadline_seconds
    with open(log_path, "w", encoding="utf-8") as log, httpx.Client(base_url=url, timeout=5.0) as client:
        def note(**row: Any) -> None:
            log.write(json.dumps(row) + "\n")
            log.flush()

        for i in range(writes):
            series = f"{name}-{i}-{uuid.uuid4().hex[:8]}"
            hid = rng.choice(households)
            body = {"reason": f"{REASON} {series}", "kind": "phone"}
            key = f"fault-{series}"
            while time.monotonic() < deadline:
                try:
                    response = client.post(f"/api/v1/households/{hid}/contacts", json=body,
                                           headers={**headers, "Idempotency-Key": key})
                except httpx.HTTPError as exc:
                    note(kind="attempt", status=type(exc).__name__)
                    time.sleep(0.05)
                    continue
                if response.status_code == 200:
                    note(kind="ack", status=200, series=series, household_id=hid, version=response.json()["version"])
                    break
                problem = _shape_problem(response)
                note(kind="attempt", status=response.status_code, bad_shape=problem)
                if response.status_code not in RETRY_STATUSES:
                    break
                time.sleep(0.02 + rng.random() * 0.05)
            if i % 3 == 0:
                try:
                    read = client.get(f"/api/v1/households/{hid}/contacts", headers=headers)
                except httpx.HTTPError as exc:
                    note(kind="read-failed", status=type(exc).__name__)
                    continue
                if read.status_code == 200 and read.json().get("items") is not None:
                    note(kind="read", status=200, trace_id=read.headers.get("x-trace-id"))
                else:
                    note(kind="read-refused", status=read.status_code,
                         bad_shape=None if read.status_code == 200 else _shape_problem(read))
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "writer":
        url, token, hids, writes, log_path, name, deadline = sys.argv[2:9]
        sys.exit(writer(url, token, hids, int(writes), log_path, name, float(deadline)))
    raise SystemExit(f"unknown command {sys.argv[1]!r}")
