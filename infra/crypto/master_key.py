"""The master key that wraps every data key and signing key.

Given as WIJKDOSSIER_MASTER_KEY (base64 or hex of 32 bytes) or in the file named by
WIJKDOSSIER_MASTER_KEY_FILE (the `crypto` section of `infra.settings.Settings`). A missing or obviously default key is refused, unless demo mode
(WIJKDOSSIER_DEMO=1): then a demo key is generated under var/ and a warning says so.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import os
import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from infra.crypto.errors import MasterKeyError

log = logging.getLogger(__name__)

KEY_BYTES = 32
DEMO_KEY_MARKER = "wijkdossier-demo-master-key:"
DEMO_KEY_FILENAME = "demo-master.key"
# What every refusal of a key tells an operator to do (the messages are for people: Dutch, B1).
MAKE_ONE = f"maak een nieuwe sleutel met `openssl rand -hex {KEY_BYTES}`"


@dataclass(frozen=True)
class MasterKey:
    """A 256-bit key-encryption key; `key_id` names it without revealing it."""

    key: bytes = field(repr=False)
    source: str = "given"
    is_demo: bool = False

    def __post_init__(self) -> None:
        if len(self.key) != KEY_BYTES:
            raise MasterKeyError(f"de hoofdsleutel moet precies {KEY_BYTES} bytes lang zijn (nu {len(self.key)}); "
                                 f"{MAKE_ONE}.")

    @property
    def key_id(self) -> str:
        return hashlib.sha256(b"wijkdossier/master-key-id\x00" + self.key).hexdigest()[:16]

    @classmethod
    def generate(cls) -> MasterKey:
        return cls(secrets.token_bytes(KEY_BYTES), source="generated")


def parse_key_text(text: str, where: str = "WIJKDOSSIER_MASTER_KEY") -> bytes:
    """32 bytes from hex (64 characters) or base64 (standard or URL-safe).

    `where` is the setting or option the text came from: the message names it, so an operator
    knows which value to change."""
    text = text.strip()
    if len(text) == 2 * KEY_BYTES:
        try:
            return bytes.fromhex(text)
        except ValueError:
            pass
    if len(text) % 2 == 0 and all(c in string.hexdigits for c in text):
        # Hex of the wrong length: say its length in bytes as hex, not what it would be as base64
        # (a 32-byte key in base64 is never an even run of hex digits: 43 characters, or 44 with '=').
        raw = bytes.fromhex(text)
    else:
        raw = _from_base64(text, where)
    if len(raw) != KEY_BYTES:
        raise MasterKeyError(f"{where}: de hoofdsleutel is {len(raw)} bytes lang, maar moet precies {KEY_BYTES} "
                             f"bytes zijn; {MAKE_ONE}.")
    return raw


def _from_base64(text: str, where: str) -> bytes:
    try:
        raw = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_" if ("-" in text or "_" in text) else None, validate=True)
    except (binascii.Error, ValueError):
        raise MasterKeyError(f"{where}: de hoofdsleutel is geen hex en geen base64. Geef {KEY_BYTES} willekeurige "
                             f"bytes als {2 * KEY_BYTES} hextekens of in base64; {MAKE_ONE}.") from None
    return raw


def is_default_like(key: bytes) -> bool:
    """Keys nobody should use: one repeated byte, a counting sequence, or fewer than 8
    distinct byte values (a random key has about 28)."""
    return len(set(key)) < 8 or key == bytes(range(KEY_BYTES))


def load_master_key(get: Callable[[str], str | None], var_dir: Path | None = None) -> MasterKey:
    """The configured master key, or a demo key in demo mode; otherwise MasterKeyError.

    `get` looks names up in the application's environment (`Settings.library_env()` fills it)."""
    demo = (get("WIJKDOSSIER_DEMO") or "").strip().lower() in ("1", "true", "yes", "y")
    text = get("WIJKDOSSIER_MASTER_KEY")
    path = get("WIJKDOSSIER_MASTER_KEY_FILE")
    if text and path:
        raise MasterKeyError("WIJKDOSSIER_MASTER_KEY en WIJKDOSSIER_MASTER_KEY_FILE zijn allebei ingesteld; "
                             "zet er één, zodat duidelijk is welke hoofdsleutel geldt.")
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise MasterKeyError(f"WIJKDOSSIER_MASTER_KEY_FILE: het bestand {path} kan niet worden gelezen "
                                 f"({exc.strerror}); controleer het pad en of dit proces het mag lezen.") from None
        source = f"file {path}"
        where = "WIJKDOSSIER_MASTER_KEY_FILE"
    else:
        source = where = "WIJKDOSSIER_MASTER_KEY"
    if text:
        if text.strip().startswith(DEMO_KEY_MARKER):
            if not demo:
                raise MasterKeyError(f"{where}: dit is de gegenereerde demosleutel; die wordt buiten de demomodus "
                                     f"geweigerd. Maak een eigen sleutel met `openssl rand -hex {KEY_BYTES}`, "
                                     "of zet WIJKDOSSIER_DEMO=1 voor een demo.")
            return MasterKey(parse_key_text(text.strip()[len(DEMO_KEY_MARKER):], where), source=source, is_demo=True)
        key = parse_key_text(text, where)
        if is_default_like(key):
            raise MasterKeyError(f"{where}: de hoofdsleutel lijkt een standaard- of voorbeeldwaarde (te weinig "
                                 f"verschillende bytes); {MAKE_ONE}.")
        return MasterKey(key, source=source)
    if not demo:
        raise MasterKeyError(
            f"er is geen hoofdsleutel ingesteld. Zet WIJKDOSSIER_MASTER_KEY op {KEY_BYTES} willekeurige bytes in hex "
            "of base64, of WIJKDOSSIER_MASTER_KEY_FILE op een bestand met die sleutel; "
            f"{MAKE_ONE}. Voor een demo maakt WIJKDOSSIER_DEMO=1 zelf een demosleutel."
        )
    return _demo_key(Path(get("WIJKDOSSIER_VAR_DIR") or var_dir or "var"))


def _demo_key(var_dir: Path) -> MasterKey:
    path = var_dir / DEMO_KEY_FILENAME
    if path.exists():
        text = path.read_text(encoding="utf-8").strip()
        key = parse_key_text(text[len(DEMO_KEY_MARKER):])
    else:
        var_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(KEY_BYTES)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(DEMO_KEY_MARKER + base64.b64encode(key).decode("ascii") + "\n")
    if path not in _announced:  # once per process: every store opened in it uses the same key
        _announced.add(path)
        log.warning("demo mode: using the generated demo master key in %s; never use it for real data", path)
    return MasterKey(key, source=f"demo file {path}", is_demo=True)


_announced: set[Path] = set()
