"""`make bench`: every benchmark module's figures, each beside its baseline from the same run."""

from __future__ import annotations

import importlib
import sys
import traceback

MODULES = [
    "bench.foundation_bench",
    "bench.dossier_bench",
    "bench.access_log_bench",
    "bench.access_log_subjects_bench",
    "bench.integrity_bench",
    "bench.projections_bench",
    "bench.portal_bench",
    "bench.targets_bench",
    "bench.import_bench",  # after targets_bench, which rewrites the targets file; this adds its rows
]


def main() -> int:
    failures = 0
    for name in MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                print(f"({name}: not present)")
                continue
            raise
        try:
            module.main()
        except Exception:  # noqa: BLE001 - report and go on with the other benchmarks
            failures += 1
            print(f"!! {name} failed:")
            traceback.print_exc()
        sys.stdout.flush()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
