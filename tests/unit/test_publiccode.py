"""publiccode.yml is valid against the publiccode.yml 0.4 standard's core keys, and says what pyproject says.

The official parser (publiccode-parser-go) is a Go program and cannot be installed from the
registries this project uses; the schema beside this test writes the standard's rules out
(required keys, allowed values, lengths, the contact a maintained project must name) and the
checks below add what a schema cannot say.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "tests" / "standards" / "publiccode-0.4.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def publiccode() -> dict:  # type: ignore[type-arg]
    # The YAML 1.1 loader would turn an unquoted date into a date object; the standard wants strings.
    return yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))


def test_publiccode_yml_is_valid_against_the_standard(publiccode) -> None:  # type: ignore[no-untyped-def]
    errors = sorted(jsonschema.Draft202012Validator(SCHEMA).iter_errors(publiccode), key=lambda e: e.path)
    assert [f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors] == []


def test_the_schema_refuses_what_the_standard_refuses(publiccode) -> None:  # type: ignore[no-untyped-def]
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for broken in (
        {**publiccode, "developmentStatus": "finished"},
        {**publiccode, "maintenance": {"type": "internal"}},  # a maintained project names its people
        {**publiccode, "categories": ["case-management"]},
        {k: v for k, v in publiccode.items() if k != "legal"},
        {**publiccode, "description": {"nl": {**publiccode["description"]["nl"], "shortDescription": "x" * 151}}},
    ):
        assert not validator.is_valid(broken)


def test_publiccode_yml_agrees_with_the_package(publiccode) -> None:  # type: ignore[no-untyped-def]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert publiccode["softwareVersion"] == project["version"]
    assert publiccode["legal"]["license"] == "EUPL-1.2"
    assert dt.date.fromisoformat(publiccode["releaseDate"]) <= dt.date.today()
    python = next(d for d in publiccode["dependsOn"]["open"] if d["name"] == "Python")
    assert project["requires-python"] == f">={python['versionMin']},<3.12"
    for language in publiccode["description"].values():
        assert "\n" not in language["shortDescription"].strip()
