"""The PostgreSQL gate: skipped with one line on a laptop without it, a failure under CI=true."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UNREACHABLE = "postgresql://postgres@127.0.0.1:9/test"  # discard port: nothing listens there
ONE_CONTRACT_TEST = "tests/integration/test_storage_contract.py::test_an_unknown_or_malformed_id_is_a_clear_not_found_error"
# The contract runs on a new store and on one upgraded from release 0.1.0; the new one suffices here.
ONE_ON_EACH_STORE = [f"{ONE_CONTRACT_TEST}[new-sqlite]", f"{ONE_CONTRACT_TEST}[new-postgres]"]


def run_pytest(ci: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["WIJKDOSSIER_TEST_POSTGRES_URL"] = UNREACHABLE
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *ONE_ON_EACH_STORE],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def test_without_ci_an_unreachable_postgresql_skips_its_tests_with_one_clear_line() -> None:
    result = run_pytest(ci=None)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("PostgreSQL not reachable at")]
    assert len(lines) == 1, result.stdout
    assert "1 PostgreSQL tests skipped" in lines[0]
    assert "1 passed, 1 skipped" in result.stdout


def test_with_ci_true_an_unreachable_postgresql_fails_the_run() -> None:
    result = run_pytest(ci="true")
    assert result.returncode != 0
    assert "CI=true but PostgreSQL" in result.stdout + result.stderr
