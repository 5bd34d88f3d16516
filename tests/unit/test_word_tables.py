"""The pages' word tables are written once (api/portal/static/word-tables.js): labels.js (review,
privacy console) and portal/words.js (the portal) add only the words that depend on who reads."""

from __future__ import annotations

import re
from pathlib import Path

STATIC = Path(__file__).resolve().parents[2] / "api" / "portal" / "static"
TABLE = re.compile(r"^  (\w+): \{", re.M)
# Said differently to the resident in the portal ("uit uw huishouden") and on the other pages ("u zelf").
BY_READER = {"owner"}


def _tables(path: Path) -> set[str]:
    return set(TABLE.findall(path.read_text(encoding="utf-8")))


def test_no_word_table_is_written_in_both_labels_and_the_portal_words() -> None:
    shared = _tables(STATIC / "word-tables.js")
    labels, portal = _tables(STATIC / "labels.js"), _tables(STATIC / "portal" / "words.js")
    assert {"section", "role", "purpose", "zrm", "stage"} <= shared
    assert labels & portal == BY_READER, "a table both define belongs in word-tables.js"
    assert not (labels | portal) & shared, "a page redefines a shared table"


def test_every_page_with_words_loads_the_shared_tables_first() -> None:
    for page in sorted(STATIC.glob("*.html")):
        html = page.read_text(encoding="utf-8")
        scripts = re.findall(r'<script[^>]*src="/portal/static/([^"]+)"', html)
        users = [i for i, s in enumerate(scripts) if s in ("labels.js", "portal.js", "portal/copy.js")]
        if users:
            assert "word-tables.js" in scripts and scripts.index("word-tables.js") < min(users), page.name
