"""The README is what a newcomer has: what it names must be there in a clone.

Its set-up is exactly `make demo` and `make test`, and the Makefile has both targets; every
`wijkdossier ...` it shows is a command of the parser with options that command has; every file it
names (docs/, source, LICENSE, ...) exists; every setting it names is read by the code; every demo
user it names is in the demo staff; and nothing points outside the repository (`../`).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from cli.main import build_parser
from demo.staff import demo_staff

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# Inline code spans (the README's commands, paths and ids are all written as code).
SPANS = re.findall(r"`([^`\n]+)`", README)


def section(title: str) -> str:
    start = README.index(f"## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end != -1 else None]


def subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.update(action.choices)
    return found


def options(parser: argparse.ArgumentParser) -> set[str]:
    return {option for action in parser._actions for option in action.option_strings}


def test_set_up_is_exactly_make_demo_and_make_test_and_the_makefile_has_both() -> None:
    [block] = re.findall(r"```sh\n(.*?)```", section("Set up"), flags=re.S)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]
    assert commands == ["make demo", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("demo", "test"):
        assert re.search(rf"^{target}:", makefile, flags=re.M), f"Makefile has no '{target}' target"


COMMAND = re.compile(r"(?<![\w-])wijkdossier ([a-z][a-z-]*)(.*)")


def shown_commands() -> list[tuple[str, str]]:
    """(command, the rest of its code span up to a pipe or redirection) for each `wijkdossier X ...`."""
    shown = []
    for span in SPANS:
        for match in COMMAND.finditer(span):
            shown.append((match.group(1), re.split(r"[|>)]", match.group(2))[0]))
    return shown


def test_every_wijkdossier_command_the_readme_shows_exists_with_the_options_shown() -> None:
    parser = build_parser()
    commands = subparsers(parser)
    shown = shown_commands()
    assert len(shown) >= 15, shown  # the command table, the examples
    for name, rest in shown:
        assert name in commands, f"`wijkdossier {name}` is in the README but not a command"
        command = commands[name]
        children = subparsers(command)
        if children:  # `keys public`, `projections run / status / ...`: each word a subcommand
            words = [w for w in re.findall(r"(?<![\w-])[a-z][a-z-]*", rest) if not w.startswith("-")]
            assert words, f"`wijkdossier {name}` needs a subcommand in the README"
            leaves = [children[w] for w in words if w in children]
            assert len(leaves) == len(words), f"`wijkdossier {name}{rest}`: {set(words) - set(children)} unknown"
        else:
            leaves = [command]
        known = set().union(*(options(leaf) for leaf in leaves))
        for option in re.findall(r"--[a-z][a-z-]*", rest):
            assert option in known, f"`wijkdossier {name}{rest}`: {option} is not an option of it"


def test_the_command_table_names_every_command() -> None:
    table = {name for name, _ in shown_commands() if f"`wijkdossier {name}" in section("The command line")}
    assert table == set(subparsers(build_parser())), "a command is missing from the README's table"


PATH = re.compile(r"^(?:[\w.-]+/)*[\w.-]+\.(?:md|py|txt|yml|yaml|json|toml|js|html)$|^(?:LICENSE|Makefile)$")


@pytest.mark.parametrize("path", sorted({s for s in SPANS if PATH.match(s)} | set(re.findall(r"docs/[\w./-]+", README))))
def test_every_file_the_readme_names_is_in_the_repository(path: str) -> None:
    assert (ROOT / path.rstrip(".")).exists(), f"{path} is named in the README but not in the repository"


def test_the_readme_names_the_documentation_and_points_nowhere_outside_the_clone() -> None:
    named = set(re.findall(r"docs/[\w-]+\.md", section("Documentation")))
    assert named == {f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md")}, "every page in docs/ is listed"
    assert "../" not in README


def test_every_setting_the_readme_names_is_read_by_the_code() -> None:
    code = "\n".join(p.read_text(encoding="utf-8") for folder in ("infra", "api", "wiring", "cli", "projections",
                                                                   "demo", "privacy", "tests") for p in (ROOT / folder).rglob("*.py"))
    for name in sorted(set(re.findall(r"WIJKDOSSIER_[A-Z_]*[A-Z]", README))):
        suffix = name.removeprefix("WIJKDOSSIER_")
        # Settings are read as PREFIX + "NAME" (infra.settings) or by their whole name.
        assert name in code or f'"{suffix}"' in code, f"{name} is in the README but no code reads it"


def test_the_demo_users_the_readme_names_are_in_the_demo_staff() -> None:
    staff = {member.id for member in demo_staff()}
    named = {s for s in SPANS if re.fullmatch(r"[a-z]+(?:-[a-z]+)*-\d\d", s)}
    assert {"cd-noord-01", "fg-01", "kc-01", "om-01"} <= named
    assert named <= staff, named - staff
