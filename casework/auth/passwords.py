"""Password hashing with Argon2id (argon2-cffi), re-hashed on sign-in when parameters change, and the
rule a new password must meet: long enough, not common, not built from the username (zxcvbn, MIT)."""

from __future__ import annotations

import re
import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import gettext as _
from zxcvbn import zxcvbn

# OWASP's first Argon2id configuration (Password Storage Cheat Sheet): 46 MiB, one pass, one lane.
# argon2-cffi's default (RFC 9106's low-memory profile: 64 MiB, 3 passes, 4 lanes) costs 0.15 s of CPU
# per sign-in: on a 2-core commune server under 50 users a sign-in then took 240-290 ms (p95), and a
# burst of wrong passwords could hold both cores. This one costs 0.04 s and stays memory-hard; the
# password rule below (12+ characters, not common) carries the rest. Hashes made with other parameters
# are re-made at the next sign-in (needs_rehash).
_hasher = PasswordHasher(time_cost=1, memory_cost=47104, parallelism=1)

MIN_LENGTH = 12
MAX_LENGTH = 200
# zxcvbn's score (0-4): below 3 the password is among the common ones or a small step from one.
MIN_STRENGTH = 3
_ZXCVBN_MAX = 72  # zxcvbn's own limit; a longer password is judged by its first 72 characters


def _letters(text: str) -> str:
    """Lower case, no diacritics (đ as d), letters and digits only: "Cán-Bộ" and "canbo" are one name."""
    text = unicodedata.normalize("NFKD", text.lower().replace("đ", "d"))
    return re.sub(r"[^a-z0-9]", "", "".join(ch for ch in text if not unicodedata.combining(ch)))


def password_problem(password: str, username: str, full_name: str = "") -> str | None:
    """Why `password` may not be set for this user (in Vietnamese), or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return _("Mật khẩu cần ít nhất %(n)d ký tự.", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("Mật khẩu dài tối đa %(n)d ký tự.", n=MAX_LENGTH)
    plain, name = _letters(password), _letters(username)
    if len(name) >= 3 and (name in plain or name[::-1] in plain):
        return _("Mật khẩu không được chứa tên đăng nhập.")
    inputs = [username, *full_name.split(), _letters(full_name)]
    if zxcvbn(password[:_ZXCVBN_MAX], user_inputs=[i for i in inputs if i])["score"] < MIN_STRENGTH:
        return _("Mật khẩu này quá phổ biến hoặc dễ đoán: hãy dùng một cụm từ dài, ít gặp.")
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


# Argon2 verification of a made-up hash keeps unknown usernames as slow as known ones.
DUMMY_HASH = _hasher.hash("not a real password")
