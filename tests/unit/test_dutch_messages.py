"""Every refusal the domain, the privacy layer and the stores can raise reaches people in Dutch.

The raises are read from the source (every `raise SomeDomainError(...)` in domain/, privacy/, infra/),
so a new one fails here until `domain.messages_nl` puts it into Dutch or the raise gives its own
`message_nl`. A word list catches English left in the Dutch text.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

import domain.errors as domain_errors
from domain.messages_nl import in_dutch

ROOT = Path(__file__).resolve().parents[2]
# Common English words that are not Dutch words too ("is", "in", "of", "met" are both).
ENGLISH = {"the", "not", "use", "give", "must", "cannot", "already", "field", "invalid", "required", "allowed",
           "and", "or", "with", "this", "that", "please", "should", "when", "before", "after", "only", "no",
           "name", "for", "to", "a", "an", "was", "has", "have", "been", "needs", "every", "one", "choose", "here"}
WORD = re.compile(r"(?<![\w(])[a-z]+(?![\w)])")  # words, not codes (codes carry _ or stand in parentheses)


def english_words(text: str) -> set[str]:
    bare = re.sub(r"\([^)]*\)", " ", text)  # the codes to send, in parentheses after their Dutch name
    return {w for w in WORD.findall(bare.lower()) if w in ENGLISH}


def _sample(node: ast.expr, module: str) -> str | None:
    """The message a raise builds, with every interpolated value as 'x'."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "x" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _sample(node.left, module), _sample(node.right, module)
        return None if left is None else left + (right if right is not None else "x")
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):  # a helper that writes the text
        helper = getattr(importlib.import_module(module), node.func.id, None)
        return helper(*["x"] * len(node.args)) if callable(helper) else None
    if isinstance(node, ast.Name):
        value = getattr(importlib.import_module(module), node.id, None)
        return value if isinstance(value, str) else None
    return None


def _is_domain_error(module: str, name: str) -> bool:
    found = getattr(importlib.import_module(module), name, None)
    return isinstance(found, type) and issubclass(found, domain_errors.DomainError)


def _raises() -> list[tuple[str, str, ast.Call]]:
    found = []
    for folder in ("domain", "privacy", "infra", "demo", "cli"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)
                        and isinstance(node.exc.func, ast.Name) and _is_domain_error(module, node.exc.func.id)):
                    found.append((f"{path.relative_to(ROOT)}:{node.lineno}", module, node.exc))
    return found


RAISES = _raises()
# Errors that build their Dutch themselves from their arguments.
SPEAK_FOR_THEMSELVES = {"TooLongError", "ImplausibleValueError", "AccessDeniedError", "HouseholdErasedError",
                        "AccessLogUnavailableError"}


def test_the_source_has_the_raises_this_test_reads() -> None:
    assert len(RAISES) >= 100


@pytest.mark.parametrize("where,module,call", RAISES, ids=[r[0] for r in RAISES])
def test_every_domain_refusal_has_a_dutch_message(where: str, module: str, call: ast.Call) -> None:
    if call.func.id in SPEAK_FOR_THEMSELVES:  # type: ignore[attr-defined]
        return
    given = next((k.value for k in call.keywords if k.arg == "message_nl"), None)
    if given is not None:
        dutch = _sample(given, module) or ""
        assert dutch and not english_words(dutch), f"{where}: message_nl {dutch!r}"
        return
    assert call.args, f"{where}: a domain error without a message"
    english = _sample(call.args[0], module)
    assert english is not None, f"{where}: the message cannot be read from the source; give message_nl"
    dutch = in_dutch(english)
    assert dutch, f"{where}: no Dutch for {english!r}: add it to domain/messages_nl.py"
    assert not english_words(dutch), f"{where}: English left in {dutch!r}: {english_words(dutch)}"


def test_the_word_list_finds_english_and_leaves_codes_alone() -> None:
    assert english_words("person_id: not a member of this household") == {"not", "a", "this"}
    assert english_words("Veld goal_outcomes: kies gehaald (met) of niet gehaald (not_met).") == set()


def test_the_errors_carry_their_dutch_and_keep_the_english_for_developers() -> None:
    from domain.errors import InvalidValueError, WrongPhaseError
    from domain.values import one_of, required_text
    from domain.vocabulary import ContactKind

    with pytest.raises(InvalidValueError) as empty:
        required_text("  ", "summary", "summarise the question")
    assert empty.value.message_nl == "Veld summary: dit veld is leeg. Vul het in." and "summarise" in str(empty.value)
    with pytest.raises(InvalidValueError) as choice:
        one_of(ContactKind, "fax", "kind")
    assert "huisbezoek (home_visit)" in choice.value.message_nl and "'fax'" in choice.value.message_nl
    phase = WrongPhaseError("phase_allows_command: a dossier is opened once, from a signal; "
                            "the dossier is now in phase 'support'")
    assert phase.message_nl.startswith("Dit kan niet in de fase waarin het dossier nu is (ondersteuning).")


def test_the_errors_that_build_their_own_message_build_it_in_dutch() -> None:
    from domain.errors import TooLongError
    from infra.crypto.errors import HouseholdErasedError
    from privacy.guard import AccessDeniedError, AccessLogUnavailableError
    from privacy.model import Decision

    for error in (TooLongError("summary", 2000, 1000), HouseholdErasedError("h-1"), AccessLogUnavailableError(),
                  AccessDeniedError(Decision(False, "role.not_granted", "Uw rol mag dit niet met deze gegevens doen.")),
                  AccessDeniedError(Decision(False, "relationship.not_assigned", "niet toegewezen"))):
        assert error.message_nl and not english_words(error.message_nl), (type(error).__name__, error.message_nl)
