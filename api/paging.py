"""Cursor pagination for the API's collections, one rule for every list.

A list answer holds at most `limit` items and `_links`: `self`, and `next` while more follow.
The cursor is opaque to the client (base64url of the last key served); items are in key order,
so a page never repeats or skips an item that existed when the first page was read. The
access-log search keeps page numbers (its console shows them) and has the same `_links`.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from typing import Annotated, TypeVar
from urllib.parse import urlencode

from fastapi import Query, Request
from pydantic import BaseModel, Field

from api.errors import BadInput
from api.views import Released

T = TypeVar("T")
MAX_LIMIT = 200

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Hoeveel items per pagina (1-{MAX_LIMIT}).")]
Cursor = Annotated[str | None, Query(max_length=400, description="Waar de vorige pagina ophield: de `cursor` uit "
                                                                  "`_links.next.href`. Leeg voor de eerste pagina.")]


class Link(BaseModel):
    href: str = Field(description="Het adres (pad en query) van deze pagina of de volgende.")


class PageLinks(Released):
    self: Link
    next: Link | None = Field(default=None, description="De volgende pagina; ontbreekt op de laatste.")


def _encode(key: str) -> str:
    return base64.urlsafe_b64encode(key.encode("utf-8")).decode("ascii").rstrip("=")


def _decode(cursor: str) -> str:
    try:
        return base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise BadInput("De cursor klopt niet. Gebruik de link `_links.next.href` van de vorige pagina, of laat "
                       "de cursor weg voor de eerste pagina.", field="cursor") from None


def page(items: Sequence[T], key: Callable[[T], str], limit: int, cursor: str | None,
         request: Request) -> tuple[list[T], PageLinks]:
    """The items after the cursor, in key order, and the links to this page and the next."""
    after = _decode(cursor) if cursor else None
    ordered = sorted(items, key=key)
    rest = [item for item in ordered if after is None or key(item) > after]
    shown, more = rest[:limit], len(rest) > limit
    links = PageLinks(self=Link(href=_href(request, cursor, limit)))
    if more:
        links.next = Link(href=_href(request, _encode(key(shown[-1])), limit))
    return shown, links


def _href(request: Request, cursor: str | None, limit: int) -> str:
    query = [(k, v) for k, v in request.query_params.multi_items() if k not in ("cursor", "limit")]
    query.append(("limit", str(limit)))
    if cursor:
        query.append(("cursor", cursor))
    return f"{request.url.path}?{urlencode(query)}"


def page_links(request: Request, number: int, pages: int, size: int, pin: dict[str, str] | None = None) -> PageLinks:
    """Links for a list paged by number (the access-log search, whose console shows 'page 3 of 7').

    `pin` holds query values the next link adds when the caller left them out: a search of a log that
    grows while it is read stays the same search (the same `until`), so pages do not shift."""
    def href(n: int) -> str:
        query = [(k, v) for k, v in request.query_params.multi_items() if k not in ("page", "size")]
        query += [(k, v) for k, v in (pin or {}).items() if k not in request.query_params]
        return f"{request.url.path}?{urlencode([*query, ('page', str(n)), ('size', str(size))])}"
    links = PageLinks(self=Link(href=href(number)))
    if number < pages:
        links.next = Link(href=href(number + 1))
    return links
