"""Encryption at rest of personal data (ID numbers, survey answers, issued documents), and a keyed
blind index for exact look-ups of ID numbers without decrypting them.

The keys live outside the database (configuration). MultiFernet decrypts with any listed key
and encrypts with the first, so keys can be rotated by putting a new one in front and running
`flask keys rotate`. Issued documents use envelope encryption: each document has its own random
AES-256-GCM data key, stored wrapped by the configured keys, so a rotation re-wraps 32-byte keys
instead of re-encrypting every PDF.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, MultiFernet
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
    return _fernet().encrypt(value.encode())


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
