"""API credentials: a public key id and a secret, given to the client once as one token.

The token is ``cs_<key id>_<secret>``. Only a SHA-256 digest of the secret is stored: the secret
is 256 random bits, so it cannot be guessed from the digest and a slow password hash (which
would cost every API call tens of milliseconds) adds nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

PREFIX = "cs"


@dataclass(frozen=True)
class NewCredential:
    key_id: str
    secret: str

    @property
    def token(self) -> str:
        return f"{PREFIX}_{self.key_id}_{self.secret}"


def new_credential() -> NewCredential:
    # key ids are hex, secrets url-safe base64 without "_" so the token splits unambiguously.
    return NewCredential(key_id=secrets.token_hex(8), secret=secrets.token_urlsafe(32).replace("_", "-"))


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(secret: str, stored_digest: str) -> bool:
    return hmac.compare_digest(digest(secret), stored_digest)


def split_token(token: str) -> tuple[str, str] | None:
    """(key id, secret) from a presented token, or None if it is not shaped like one."""
    parts = token.split("_")
    if len(parts) != 3 or parts[0] != PREFIX or not parts[1] or not parts[2]:
        return None
    key_id, secret = parts[1], parts[2]
    if len(key_id) != 16 or any(character not in "0123456789abcdef" for character in key_id):
        return None
    return key_id, secret
