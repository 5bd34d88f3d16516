"""graphql-core's own refusals of a query (syntax, unknown fields, wrong types) said in Dutch.

They are about the query text only, never about anyone's data. The Dutch is what a person reads
(`message`); graphql-core's English stays beside it in `extensions.explanation` for the developer,
as the REST problem details keep theirs.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from graphql import GraphQLError

_TYPES_NL = {"String": "tekst", "Int": "een geheel getal", "Float": "een getal", "Boolean": "true of false",
             "ID": "een id"}


def _type(name: str) -> str:
    return _TYPES_NL.get(name.strip("!"), f"een waarde van het type {name}")


_RULES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"^Syntax Error"),
     lambda m: "De GraphQL-vraag is niet te lezen. Controleer de haakjes, accolades en aanhalingstekens."),
    (re.compile(r"^Cannot query field '(\w+)' on type '(\w+)'"),
     lambda m: f"Het veld {m[1]} bestaat niet bij {m[2]}. Vraag alleen velden die het schema kent."),
    (re.compile(r"^(\w+!?) cannot represent a non[- ]\w+ value"),
     lambda m: f"Een waarde heeft het verkeerde type: hier hoort {_type(m[1])}."),
    (re.compile(r"^(\w+!?) cannot represent value"),
     lambda m: f"Een waarde heeft het verkeerde type: hier hoort {_type(m[1])}."),
    (re.compile(r"^Field '(\w+)' argument '(\w+)' of type '[^']+' is required"),
     lambda m: f"Het veld {m[1]} heeft het argument {m[2]} nodig. Geef het mee."),
    (re.compile(r"^Unknown argument '(\w+)' on field '[\w.]*?(\w+)'"),
     lambda m: f"Het veld {m[2]} kent het argument {m[1]} niet. Laat het weg."),
    (re.compile(r"^Field '(\w+)' of type '[^']+' must have a selection of subfields"),
     lambda m: f"Bij het veld {m[1]} hoort een keuze van velden tussen accolades, bijvoorbeeld {m[1]} {{ ... }}."),
    (re.compile(r"^Field '(\w+)' must not have a selection"),
     lambda m: f"Het veld {m[1]} heeft geen velden eronder. Vraag het zonder accolades."),
    (re.compile(r"^This anonymous operation must be the only defined operation"),
     lambda m: "Een vraag zonder naam moet de enige in het verzoek zijn. Stuur er een, of geef elke vraag een naam."),
    (re.compile(r"^Unknown operation named '(\w+)'"),
     lambda m: f"Er is geen vraag met de naam {m[1]} in het verzoek. Kies een naam die in de vraag staat."),
    (re.compile(r"^Must provide operation name"),
     lambda m: "Het verzoek heeft meer vragen. Zeg met operationName welke moet worden uitgevoerd."),
    (re.compile(r"^Variable '\$(\w+)'"),
     lambda m: f"De variabele ${m[1]} klopt niet: hij ontbreekt of heeft het verkeerde type."),
    (re.compile(r"^Unknown type '(\w+)'"),
     lambda m: f"Het type {m[1]} bestaat niet in het schema."),
]
GENERIC = "De GraphQL-vraag klopt niet. Zie extensions.explanation voor wat er niet klopt."


def in_dutch(error: GraphQLError) -> None:
    """Put a refusal of the query itself into Dutch, keeping graphql-core's words as the explanation.

    Errors raised by our own code (they carry an original error that is not graphql-core's) and
    those that already speak Dutch with a code (the limits) are left as they are."""
    if isinstance(error.original_error, GraphQLError):
        # graphql-core's own refusal of a variable's value, wrapped in another: about the query, not a fault.
        error.original_error = None
    if error.original_error is not None or (error.extensions or {}).get("code"):
        return
    english = error.message
    said = next((rule(match) for pattern, rule in _RULES if (match := pattern.search(english))), None)
    if said is None and not _looks_english(english):
        return
    error.message = said or GENERIC
    error.extensions = {**(error.extensions or {}), "code": "graphql.invalid_query", "explanation": english}


def _looks_english(text: str) -> bool:
    words = set(re.findall(r"[a-z]+", text.lower()))
    return bool(words & {"the", "must", "cannot", "not", "is", "of", "on", "field", "type", "unknown", "expected"})
