"""A newcomer reads domain/ one module at a time: none grows past what one sitting takes."""

from __future__ import annotations

from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[2] / "domain"
MAX_LINES = 300


@pytest.mark.parametrize("path", sorted(DOMAIN.rglob("*.py")), ids=lambda p: str(p.relative_to(DOMAIN)))
def test_no_domain_module_is_over_300_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(DOMAIN)} has {lines} lines; split it by area (docs/architecture.md)"


def test_the_size_check_sees_the_dossier_areas() -> None:
    found = {p.relative_to(DOMAIN).as_posix() for p in DOMAIN.rglob("*.py")}
    assert {"dossier/entry.py", "dossier/household.py", "application.py"} <= found
