"""Encryption at rest of personal data (ID numbers, survey answers, issued documents), and a keyed
blind index for exact look-ups of ID numbers without decrypting them.

The keys live outside the database (configuration). MultiFernet decrypts with any listed key
and encrypts with the first, so keys can be rotated by putting a new one in front and running
`flask keys rotate`. Issued documents use envelope encryption: each document has its own random
AES-256-GCM data key, stored wrapped by the configured keys, so a rotation re-wraps 32-byte keys
instead of re-encrypting every PDF.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app


def _fernet() -> MultiFernet:
    return _fernet_for(current_app.config["PID_ENCRYPTION_KEYS"])


@lru_cache(maxsize=8)
def _fernet_for(configured: str) -> MultiFernet:
    """The keys parsed once per configured value (a rotation configures a new value)."""
    keys = [k.strip() for k in configured.split(",") if k.strip()]
    return MultiFernet([Fernet(k) for k in keys])


def encrypt(value: str) -> bytes:
    prepared = _PREPARED.get()
    if prepared and prepared.get(value):
        return prepared[value].pop()  # made by `encrypting`; each token is used once
    return _fernet().encrypt(value.encode())


_PREPARED: ContextVar[dict[str, list[bytes]] | None] = ContextVar("prepared_tokens", default=None)


@contextmanager
def encrypting(values: Iterable[str | None]) -> Iterator[None]:
    """Within the block, `encrypt` of these values returns tokens made beforehand in one batch (an import
    encrypts 40,000 ID numbers; one Fernet call each was a quarter of writing them)."""
    wanted = [value for value in values if value]
    prepared: dict[str, list[bytes]] = {}
    for value, token in zip(wanted, _fernet_tokens(current_app.config["PID_ENCRYPTION_KEYS"], wanted), strict=True):
        prepared.setdefault(value, []).append(token)
    reset = _PREPARED.set(prepared)
    try:
        yield
    finally:
        _PREPARED.reset(reset)


def _fernet_tokens(configured: str, values: list[str]) -> list[bytes]:
    """Fernet tokens under the first configured key, as `Fernet.encrypt` makes them (version, time, random IV,
    AES-128-CBC of the PKCS7-padded value, HMAC-SHA256 of all that), for many values at once.

    A value shorter than 16 bytes pads to one block, and CBC of one block is AES of (block XOR IV): the
    blocks, each XORed with its own random IV, go through AES in one call. Longer values go through Fernet.
    """
    key = base64.urlsafe_b64decode(next(k.strip() for k in configured.split(",") if k.strip()))
    signing, encryption = key[:16], key[16:]
    encoded = [value.encode() for value in values]
    ivs = os.urandom(16 * len(encoded))
    blocks = bytearray()
    for index, data in enumerate(encoded):
        padded = data + bytes([16 - len(data) % 16]) * (16 - len(data) % 16)
        iv = int.from_bytes(ivs[16 * index : 16 * index + 16], "big")
        blocks += (int.from_bytes(padded[:16], "big") ^ iv).to_bytes(16, "big")
    # Each 16-byte block is a whole CBC encryption with its own IV (above), so no block is chained to another.
    aes = Cipher(algorithms.AES(encryption), modes.ECB()).encryptor()  # noqa: S305
    ciphertext = aes.update(bytes(blocks)) + aes.finalize()
    stamp = b"\x80" + int(time.time()).to_bytes(8, "big")
    tokens = []
    fernet = _fernet_for(configured)
    for index, data in enumerate(encoded):
        if len(data) >= 16:
            tokens.append(fernet.encrypt(data))
            continue
        basic = stamp + ivs[16 * index : 16 * index + 16] + ciphertext[16 * index : 16 * index + 16]
        tokens.append(base64.urlsafe_b64encode(basic + hmac.digest(signing, basic, "sha256")))
    return tokens


def decrypt(token: bytes) -> str:
    return _fernet().decrypt(token).decode()


def lookup_index(value: str) -> str:
    key = current_app.config["PID_LOOKUP_KEY"].encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def encryptor() -> Callable[[str], bytes]:
    """`encrypt` for many values (an import, a bulk load): the configured keys are read once."""
    fernet = _fernet()
    return lambda value: fernet.encrypt(value.encode())


def lookup_indexer() -> Callable[[str], str]:
    """`lookup_index` for many values: the key is read once."""
    key = current_app.config["PID_LOOKUP_KEY"].encode()
    return lambda value: hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def encrypt_json(value: Any) -> bytes:
    return encrypt(json.dumps(value, ensure_ascii=False, sort_keys=True))


def decrypt_json(token: bytes) -> Any:
    return json.loads(decrypt(token))


def rotate(token: bytes) -> bytes:
    """The same secret under the first configured key (a token already under it is re-encrypted too)."""
    return _fernet().rotate(token)


NONCE_BYTES = 12


def new_data_key() -> tuple[bytes, bytes]:
    """A fresh AES-256 key and the same key wrapped by the configured keys (what is stored)."""
    key = AESGCM.generate_key(bit_length=256)
    return key, _fernet().encrypt(key)


def unwrap(wrapped: bytes) -> bytes:
    return _fernet().decrypt(wrapped)


def seal(key: bytes, plaintext: bytes, label: bytes) -> bytes:
    """Nonce + ciphertext; `label` binds it to its use (a document's content cannot pass for its context)."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, label)


def unseal(key: bytes, sealed: bytes, label: bytes) -> bytes:
    return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], label)
