"""Encryption of free text at rest, and the hashes of secrets (link secrets, session tokens).

Free text (answers, instructions, comments, display names) is sealed with AES-256-GCM before it
reaches the database. Each value gets a fresh 96-bit nonce, and the column it belongs to is
bound in as associated data, so a value copied into another column does not decrypt.

The 256-bit key comes from one of two places (see ``docs/store.md``):

* ``CBT_SECRET_KEY``: any string; stretched with scrypt (RFC 7914; n = 2**14, r = 8, p = 1)
  and a random salt kept in the database, so a passphrase is not trivially brute-forced;
* otherwise a key file of 32 random bytes created beside the SQLite database (or in the user
  data folder for PostgreSQL) with owner-only permissions, expanded with HKDF-SHA256
  (RFC 5869) and the same salt.

A known value sealed with the key is stored in the database: a wrong key is detected when the
store opens (:class:`~toolkit.store.errors.StoreKeyError`), never by showing garbage.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from .errors import InvalidInput, StoreKeyError

FORMAT_VERSION = b"\x01"
"""First byte of every sealed value: the format (AES-256-GCM, 12-byte nonce)."""

NONCE_BYTES = 12
KEY_BYTES = 32
SALT_BYTES = 16
KEY_CHECK_TEXT = "cbt-toolkit key check v1"
"""The plaintext sealed as the key check value in the database's meta table."""

KEY_MISMATCH = (
    "the encryption key does not match this database (check CBT_SECRET_KEY or the key file; "
    "without the right key the stored free text cannot be read)"
)


def secret_hash(secret: str) -> str:
    """The SHA-256 hex digest under which a link secret or session token is stored.

    The secrets are 256-bit random values (:func:`new_secret`), so a plain, fast hash is
    enough: there is nothing to brute-force.

    >>> len(secret_hash("abc"))
    64
    """
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_secret() -> str:
    """A fresh URL-safe random secret of 256 bits (43 characters)."""
    return secrets.token_urlsafe(32)


def new_salt() -> bytes:
    """A fresh random salt for the key derivation."""
    return os.urandom(SALT_BYTES)


def key_from_passphrase(passphrase: str, salt: bytes) -> bytes:
    """Stretch ``CBT_SECRET_KEY`` (any string) into a 256-bit key with scrypt (RFC 7914)."""
    if not passphrase:
        raise StoreKeyError("the secret key is empty")
    kdf = Scrypt(salt=salt, length=KEY_BYTES, n=2**14, r=8, p=1)
    return kdf.derive(passphrase.encode("utf-8"))


def key_from_material(material: bytes, salt: bytes) -> bytes:
    """Expand the random bytes of a key file into the 256-bit key with HKDF-SHA256."""
    kdf = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=b"cbt-toolkit store")
    return kdf.derive(material)


def read_key_file(path: Path) -> bytes:
    """The key material in ``path`` (base64 text of 32 random bytes)."""
    try:
        text = path.read_text(encoding="ascii").strip()
        material = base64.urlsafe_b64decode(text.encode("ascii"))
    except (OSError, ValueError) as exc:
        raise StoreKeyError(f"cannot read the key file {path}: {type(exc).__name__}") from None
    if len(material) != KEY_BYTES:
        raise StoreKeyError(f"the key file {path} is damaged (wrong length)")
    return material


def create_key_file(path: Path) -> bytes:
    """Write a new key file readable by its owner only (mode 0600); fails if it exists."""
    material = os.urandom(KEY_BYTES)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(base64.urlsafe_b64encode(material).decode("ascii") + "\n")
    return material


class Cipher:
    """Seal and open free text with AES-256-GCM, bound to the column it is stored in.

    Examples
    --------
    >>> cipher = Cipher(bytes(32))
    >>> sealed = cipher.seal("hello", "clients.display_name")
    >>> cipher.open(sealed, "clients.display_name")
    'hello'
    """

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise StoreKeyError("the encryption key must be 32 bytes")
        self._aead = AESGCM(key)

    def seal(self, text: str, context: str) -> bytes:
        """Encrypt ``text`` for the column named ``context`` (e.g. ``"responses.answers"``)."""
        nonce = os.urandom(NONCE_BYTES)
        try:
            plain = text.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidInput(
                "the text holds a broken character (half of an emoji?); please retype it"
            ) from None
        sealed = self._aead.encrypt(nonce, plain, context.encode("ascii"))
        return FORMAT_VERSION + nonce + sealed

    def open(self, blob: bytes, context: str) -> str:
        """Decrypt a value sealed by :meth:`seal`; a wrong key raises ``StoreKeyError``."""
        if not blob or blob[:1] != FORMAT_VERSION:
            raise StoreKeyError("an encrypted value has an unknown format")
        nonce, sealed = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
        try:
            plain = self._aead.decrypt(nonce, sealed, context.encode("ascii"))
        except InvalidTag:
            raise StoreKeyError(KEY_MISMATCH) from None
        return plain.decode("utf-8")

    def seal_json(self, value: Any, context: str) -> bytes:
        """Encrypt a JSON-serialisable value."""
        return self.seal(json.dumps(value, ensure_ascii=False, allow_nan=False), context)

    def open_json(self, blob: bytes, context: str) -> Any:
        """Decrypt a value sealed by :meth:`seal_json`."""
        return json.loads(self.open(blob, context))

    def seal_optional(self, text: str | None, context: str) -> bytes | None:
        """``None`` and ``""`` stay ``None``; anything else is sealed."""
        return None if not text else self.seal(text, context)

    def open_optional(self, blob: bytes | None, context: str) -> str | None:
        """The inverse of :meth:`seal_optional`."""
        return None if blob is None else self.open(blob, context)
