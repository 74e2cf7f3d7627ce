"""Encryption at rest of personal data (ID numbers, survey answers), and a keyed blind index
for exact look-ups of ID numbers without decrypting them.

The keys live outside the database (configuration). MultiFernet decrypts with any listed key
and encrypts with the first, so keys can be rotated by putting a new one in front.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from cryptography.fernet import Fernet, MultiFernet
from flask import current_app


def _fernet() -> MultiFernet:
    keys = [k.strip() for k in current_app.config["PID_ENCRYPTION_KEYS"].split(",") if k.strip()]
    return MultiFernet([Fernet(k) for k in keys])


def encrypt(value: str) -> bytes:
    return _fernet().encrypt(value.encode())


def decrypt(token: bytes) -> str:
    return _fernet().decrypt(token).decode()


def lookup_index(value: str) -> str:
    key = current_app.config["PID_LOOKUP_KEY"].encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def encrypt_json(value: Any) -> bytes:
    return encrypt(json.dumps(value, ensure_ascii=False, sort_keys=True))


def decrypt_json(token: bytes) -> Any:
    return json.loads(decrypt(token))
