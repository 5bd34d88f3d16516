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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from infra.crypto.errors import MasterKeyError

log = logging.getLogger(__name__)

KEY_BYTES = 32
DEMO_KEY_MARKER = "wijkdossier-demo-master-key:"
DEMO_KEY_FILENAME = "demo-master.key"


@dataclass(frozen=True)
class MasterKey:
    """A 256-bit key-encryption key; `key_id` names it without revealing it."""

    key: bytes = field(repr=False)
    source: str = "given"
    is_demo: bool = False

    def __post_init__(self) -> None:
        if len(self.key) != KEY_BYTES:
            raise MasterKeyError(f"de hoofdsleutel moet {KEY_BYTES} bytes zijn")

    @property
    def key_id(self) -> str:
        return hashlib.sha256(b"wijkdossier/master-key-id\x00" + self.key).hexdigest()[:16]

    @classmethod
    def generate(cls) -> MasterKey:
        return cls(secrets.token_bytes(KEY_BYTES), source="generated")


def parse_key_text(text: str) -> bytes:
    """32 bytes from hex (64 characters) or base64 (standard or URL-safe)."""
    text = text.strip()
    if len(text) == 2 * KEY_BYTES:
        try:
            return bytes.fromhex(text)
        except ValueError:
            pass
    try:
        raw = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_" if ("-" in text or "_" in text) else None, validate=True)
    except (binascii.Error, ValueError):
        raise MasterKeyError("WIJKDOSSIER_MASTER_KEY: de hoofdsleutel is geen hex en geen base64. Geef 32 willekeurige "
                             "bytes als 64 hex-tekens of in base64") from None
    if len(raw) != KEY_BYTES:
        raise MasterKeyError(f"WIJKDOSSIER_MASTER_KEY: de hoofdsleutel is {len(raw)} bytes, hij moet {KEY_BYTES} bytes "
                             "zijn. Maak een nieuwe, bijvoorbeeld met: openssl rand -hex 32")
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
        raise MasterKeyError("WIJKDOSSIER_MASTER_KEY en WIJKDOSSIER_MASTER_KEY_FILE zijn allebei gezet. Zet er maar een")
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise MasterKeyError(f"WIJKDOSSIER_MASTER_KEY_FILE: het bestand is niet te lezen ({exc.strerror}). "
                                 "Controleer het pad en de rechten") from None
        source = f"file {path}"
    else:
        source = "WIJKDOSSIER_MASTER_KEY"
    if text:
        if text.strip().startswith(DEMO_KEY_MARKER):
            if not demo:
                raise MasterKeyError("WIJKDOSSIER_MASTER_KEY: dit is de gemaakte demo-sleutel; buiten de demo "
                                     "(WIJKDOSSIER_DEMO=1) wordt die geweigerd. Geef een eigen sleutel")
            return MasterKey(parse_key_text(text.strip()[len(DEMO_KEY_MARKER):]), source=source, is_demo=True)
        key = parse_key_text(text)
        if is_default_like(key):
            raise MasterKeyError("WIJKDOSSIER_MASTER_KEY: de hoofdsleutel lijkt een standaardwaarde of "
                                 "voorbeeld. Maak een willekeurige, bijvoorbeeld met: openssl rand -hex 32")
        return MasterKey(key, source=source)
    if not demo:
        raise MasterKeyError(
            "WIJKDOSSIER_MASTER_KEY: er is geen hoofdsleutel. Zet WIJKDOSSIER_MASTER_KEY "
            "(32 willekeurige bytes, hex of base64) of WIJKDOSSIER_MASTER_KEY_FILE; WIJKDOSSIER_DEMO=1 maakt "
            "een demo-sleutel"
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
