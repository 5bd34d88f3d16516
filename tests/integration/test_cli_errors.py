"""What goes wrong on the command line is one Dutch line on stderr and a non-zero exit code,
never a traceback: a wrong argument, an unknown household, a store that does not answer, and a
reader that closed the pipe (`wijkdossier households --json | head -1`).

Each case runs the real entry point in a process of its own, so what a person sees is what is checked.
"""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys

import pytest

from infra.store import open_application
from tests.integration.test_privacy_guard import build_household
from tests.unit.test_dutch_messages import english_words

UNKNOWN_HOUSEHOLD = "00000000-0000-4000-8000-0000000000aa"
EXIT_PIPE_CLOSED = 141


@pytest.fixture
def environment(sqlite_settings, tmp_path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    app = open_application(sqlite_settings)
    try:
        build_household(app)
    finally:
        app.close()
    return {**os.environ, "WIJKDOSSIER_DATABASE_URL": f"sqlite:///{sqlite_settings.sqlite_path}",
            "WIJKDOSSIER_VAR_DIR": str(tmp_path / "var"), "PYTHONUNBUFFERED": "0"}


def wijkdossier(*argv: str, env: dict[str, str], **kwargs) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    streams = kwargs or {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    return subprocess.run([sys.executable, "-m", "cli", *argv], env=env, text=True, timeout=120, **streams)


# (what is wrong, argv, expected exit code, a word the Dutch line must contain)
CASES = [
    ("unknown command", ["nonsense"], 2, "bestaat niet"),
    ("a value not among the choices", ["token", "--role", "burgemeester", "--subject", "x"], 2, "kies uit"),
    ("a required argument left out", ["history"], 2, "ontbreekt"),
    ("an unknown option", ["staff", "--kleur"], 2, "kent de opdracht niet"),
    ("a number that is not one", ["serve", "--port", "achtduizend"], 2, "heel getal"),
    ("an id that is not an id", ["history", "huishouden-1", "--as", "cd-noord-01"], 2, "geen geldig id"),
    ("an unknown household", ["history", UNKNOWN_HOUSEHOLD, "--as", "cd-noord-01"], 3, "bestaat niet"),
    ("someone not in the staff list without a role", ["history", UNKNOWN_HOUSEHOLD, "--as", "wie-dan-ook"], 2,
     "--role"),
    ("a staff member in another role", ["history", UNKNOWN_HOUSEHOLD, "--as", "cd-noord-01", "--role", "client"], 2,
     "andere rol"),
    ("a time that is not one", ["access-log", "--as", "fg-01", "--since", "gisteren"], 2, "tijdstip"),
    ("a time without a time zone", ["access-log", "--as", "fg-01", "--since", "2026-03-01T00:00"], 2, "tijdzone"),
    ("an import file that is not there", ["import", "/nergens/geschiedenis.jsonl"], 2, "bestaat niet"),
    ("a key file that is not there", ["keys", "rotate-master", "--new-key-file", "/nergens/sleutel"], 2,
     "kan niet worden gelezen"),
    ("a projection that does not exist", ["projections", "rebuild", "plannen"], 2, "kies uit"),
]


@pytest.mark.parametrize("what, argv, code, word", CASES, ids=[c[0] for c in CASES])
def test_a_mistake_is_one_dutch_line_that_says_what_to_do(environment, what, argv, code, word) -> None:  # type: ignore[no-untyped-def]
    done = wijkdossier(*argv, env=environment)
    assert done.returncode == code, (what, done.stderr)
    assert "Traceback" not in done.stderr and done.stdout == ""
    [line] = done.stderr.splitlines()
    assert line.startswith("wijkdossier") and word in line, line
    assert not english_words(line), line


# (what is wrong with the master key, the variables set, words the Dutch line must contain)
MASTER_KEY_CASES = [
    ("missing", {}, ["geen hoofdsleutel", "WIJKDOSSIER_MASTER_KEY", "openssl rand"]),
    ("not hex and not base64", {"WIJKDOSSIER_MASTER_KEY": "geheim!"}, ["WIJKDOSSIER_MASTER_KEY", "geen hex"]),
    ("the wrong length", {"WIJKDOSSIER_MASTER_KEY": "ab" * 16}, ["WIJKDOSSIER_MASTER_KEY", "16 bytes", "precies 32"]),
    ("a placeholder", {"WIJKDOSSIER_MASTER_KEY": "00" * 32}, ["WIJKDOSSIER_MASTER_KEY", "voorbeeldwaarde"]),
    ("a key file that is not there", {"WIJKDOSSIER_MASTER_KEY_FILE": "/nergens/hoofdsleutel"},
     ["WIJKDOSSIER_MASTER_KEY_FILE", "kan niet worden gelezen"]),
]


@pytest.mark.parametrize("what, variables, words", MASTER_KEY_CASES, ids=[c[0] for c in MASTER_KEY_CASES])
def test_a_master_key_that_is_missing_or_malformed_is_one_dutch_line(environment, what, variables, words) -> None:  # type: ignore[no-untyped-def]
    # Outside demo mode, so no demo key is generated in its place.
    env = {k: v for k, v in environment.items() if k not in ("WIJKDOSSIER_MASTER_KEY", "WIJKDOSSIER_MASTER_KEY_FILE")}
    env.update({"WIJKDOSSIER_DEMO": "", **variables})
    done = wijkdossier("households", "--json", env=env)
    assert done.returncode == 2, (what, done.stderr)
    assert "Traceback" not in done.stderr and done.stdout == ""
    [line] = done.stderr.splitlines()
    assert line.startswith("wijkdossier: ") and all(word in line for word in words), line
    assert not english_words(line), line


def test_a_master_key_other_than_the_one_that_wrapped_the_keys_is_one_dutch_line(sqlite_settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = open_application(sqlite_settings)
    try:
        household = build_household(app)["household"]
    finally:
        app.close()
    env = {**os.environ, "WIJKDOSSIER_DATABASE_URL": f"sqlite:///{sqlite_settings.sqlite_path}",
           "WIJKDOSSIER_VAR_DIR": str(tmp_path / "var"), "WIJKDOSSIER_DEMO": "",
           "WIJKDOSSIER_MASTER_KEY": base64.b64encode(secrets.token_bytes(32)).decode()}
    done = wijkdossier("history", str(household), "--as", "cd-noord-01", env=env)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    [line] = done.stderr.splitlines()
    assert "is verpakt met hoofdsleutel" in line and "WIJKDOSSIER_MASTER_KEY" in line, line
    assert not english_words(line), line


def test_a_sqlite_store_in_a_folder_that_is_not_there_is_refused_not_created(environment, tmp_path) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "tikfout" / "wijkdossier.sqlite"
    done = wijkdossier("households", env={**environment, "WIJKDOSSIER_DATABASE_URL": f"sqlite:///{missing}"})
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    [line] = done.stderr.splitlines()
    assert line.startswith("wijkdossier: WIJKDOSSIER_DATABASE_URL: de map") and "bestaat niet" in line, line
    assert not english_words(line), line
    assert not missing.parent.exists()


def test_a_store_that_does_not_answer_is_one_dutch_line_naming_the_setting(environment) -> None:  # type: ignore[no-untyped-def]
    # Port 1 on this machine: nothing listens, the connection is refused at once.
    env = {**environment, "WIJKDOSSIER_DATABASE_URL": "postgresql://postgres@127.0.0.1:1/wijkdossier"}
    done = wijkdossier("households", "--json", env=env)
    assert done.returncode == 4, done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    [line] = done.stderr.splitlines()
    assert "de database is niet bereikbaar" in line and "WIJKDOSSIER_DATABASE_URL" in line
    assert "127.0.0.1:1" in line  # which store it tried, without a password


def test_a_pipe_closed_by_its_reader_ends_the_command_quietly(environment) -> None:  # type: ignore[no-untyped-def]
    # A real pipe whose reading end is closed before the command writes: the first write meets EPIPE,
    # exactly as when `head -1` has read its line and gone. No timing involved.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = wijkdossier("households", "--json", env=environment, stdout=write_end, stderr=subprocess.PIPE)
    finally:
        os.close(write_end)
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr, done.stderr
    assert done.returncode == EXIT_PIPE_CLOSED
    # The read was logged before anything was written (the operator's note on stderr says so).
    assert done.stderr.startswith("let op: zonder --as is dit de beheerderslijst")


def test_head_in_a_shell_pipe_gets_its_line_and_no_traceback(environment) -> None:  # type: ignore[no-untyped-def]
    done = subprocess.run(f"{sys.executable} -m cli staff | head -1", shell=True, env=environment,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.split()[:2] == ["id", "rol"]
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr, done.stderr
