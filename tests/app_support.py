"""`api.testing` with the demo municipality's names: the app the API tests run against.

The API does not import the demo (tests/unit/test_layers.py); the entry point hands it the names
(`demo.directory`), so the tests do the same here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from api import testing
from api.testing import prepare_environment
from demo.directory import demo_directory
from infra.settings import StoreSettings

__all__ = ["prepare_environment", "running_app"]


@contextmanager
def running_app(tmp_path: Path, settings: StoreSettings | None = None, **api_options: Any) -> Iterator[Any]:
    """`api.testing.running_app` (demo mode unless `demo=False`) with the directory `wijkdossier serve` would pass."""
    directory = demo_directory(api_options.get("demo", True))
    with testing.running_app(tmp_path, settings, directory=directory, **api_options) as client:
        yield client
