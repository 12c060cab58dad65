"""Secret links (a registration's manage page, an alert's manage page).

An entry stores a random nonce and the SHA-256 hash of its token; the token itself is an HMAC of
the nonce under the project's secret key, with a salt of its own per kind of link. E-mails sent
later can therefore rebuild the link, while someone who reads the database alone can neither
rebuild nor use it. Rotating SECRET_KEY invalidates the links already sent.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.utils.crypto import constant_time_compare, salted_hmac


@dataclass(frozen=True)
class SecretLinks:
    """The tokens of one kind of secret link."""

    salt: str

    def nonce_new(self) -> str:
        return secrets.token_hex(32)

    def token_for(self, nonce: str) -> str:
        return salted_hmac(self.salt, nonce, algorithm="sha256").hexdigest()

    def token_hash(self, token: str) -> str:
        return hashlib.sha256(token.encode("ascii", "ignore")).hexdigest()

    def token_matches(self, token: str, nonce: str) -> bool:
        return bool(nonce) and constant_time_compare(token, self.token_for(nonce))
