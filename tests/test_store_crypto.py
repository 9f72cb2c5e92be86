"""Encryption and hashing primitives of the store (no database)."""

from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.store import StoreKeyError
from toolkit.store.crypto import (
    Cipher,
    key_from_material,
    key_from_passphrase,
    new_salt,
    new_secret,
    secret_hash,
)

KEY = os.urandom(32)


@given(text=st.text(max_size=500), context=st.sampled_from(["a.b", "responses.answers"]))
def test_sealed_text_opens_again_only_in_its_own_column(text: str, context: str) -> None:
    cipher = Cipher(KEY)
    sealed = cipher.seal(text, context)
    assert cipher.open(sealed, context) == text
    if len(text.encode("utf-8")) >= 8:  # shorter strings may turn up in random bytes
        assert text.encode("utf-8") not in sealed
    with pytest.raises(StoreKeyError):
        cipher.open(sealed, context + ".other")


def test_each_seal_uses_a_fresh_nonce() -> None:
    cipher = Cipher(KEY)
    assert cipher.seal("same", "c") != cipher.seal("same", "c")


def test_a_wrong_key_or_a_damaged_value_is_a_key_error() -> None:
    sealed = Cipher(KEY).seal("hello", "c")
    with pytest.raises(StoreKeyError, match="does not match"):
        Cipher(os.urandom(32)).open(sealed, "c")
    damaged = sealed[:-1] + bytes([sealed[-1] ^ 1])
    with pytest.raises(StoreKeyError):
        Cipher(KEY).open(damaged, "c")
    with pytest.raises(StoreKeyError):
        Cipher(KEY).open(b"\x02" + sealed[1:], "c")
    with pytest.raises(StoreKeyError):
        Cipher(b"short")


def test_keys_depend_on_secret_and_salt() -> None:
    salt = new_salt()
    assert key_from_passphrase("pass phrase", salt) == key_from_passphrase("pass phrase", salt)
    assert key_from_passphrase("pass phrase", salt) != key_from_passphrase(
        "pass phrase", new_salt()
    )
    assert key_from_passphrase("pass phrase", salt) != key_from_passphrase("pass phrasE", salt)
    assert len(key_from_material(os.urandom(32), salt)) == 32
    with pytest.raises(StoreKeyError):
        key_from_passphrase("", salt)


def test_secrets_are_long_random_and_stored_as_hashes() -> None:
    secrets = {new_secret() for _ in range(100)}
    assert len(secrets) == 100
    assert all(len(s) >= 43 for s in secrets)  # 32 bytes = 256 bits, URL-safe base64
    one = next(iter(secrets))
    assert secret_hash(one) == secret_hash(one)
    assert one not in secret_hash(one)
