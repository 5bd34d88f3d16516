"""The fault runs' figures at the end of the run, so CI's log shows them without `-s`."""

from __future__ import annotations


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # type: ignore[no-untyped-def]
    from tests.fault.harness import FIGURES

    if FIGURES:
        terminalreporter.section("fault runs (issue 13)")
        for line in FIGURES:
            terminalreporter.write_line(line)
