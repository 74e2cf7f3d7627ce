"""ID numbers encrypted in one batch are ordinary Fernet tokens: read back by `decrypt`, with any rotation."""

from __future__ import annotations

from cryptography.fernet import Fernet, MultiFernet
from flask import Flask

from casework import crypto

NUMBERS = ["002080111111", "012345678", "002080111111", "x" * 15, "Số rất dài hơn mười sáu byte", "0"]


def test_batch_tokens_decrypt_and_are_never_reused(app: Flask) -> None:
    with app.app_context():
        with crypto.encrypting([*NUMBERS, None, ""]):
            tokens = [crypto.encrypt(number) for number in NUMBERS]
            extra = crypto.encrypt("002080111111")  # a third one: made the ordinary way
        assert [crypto.decrypt(token) for token in [*tokens, extra]] == [*NUMBERS, "002080111111"]
        assert len({*tokens, extra}) == len(NUMBERS) + 1  # the same number twice: two tokens


def test_batch_tokens_use_the_first_key_and_survive_rotation(app: Flask) -> None:
    first, second = Fernet.generate_key(), Fernet.generate_key()
    with app.app_context():
        app.config["PID_ENCRYPTION_KEYS"] = f"{first.decode()}, {second.decode()}"
        with crypto.encrypting(NUMBERS):
            tokens = [crypto.encrypt(number) for number in NUMBERS]
    assert [Fernet(first).decrypt(token).decode() for token in tokens] == NUMBERS
    rotated = MultiFernet([Fernet(Fernet.generate_key()), Fernet(first)])
    assert [rotated.decrypt(rotated.rotate(token)).decode() for token in tokens] == NUMBERS
