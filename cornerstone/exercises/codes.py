"""Join codes and participants' tokens."""

from __future__ import annotations

import hashlib
import secrets

# No 0/O, 1/I/L, so a code read off a screen across a room is typed right. 31**8 codes (about
# 850 billion) against a handful open at once: guessing one is not a practical attack.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    """What a person typed, without spaces or dashes, in capitals."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
