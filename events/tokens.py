"""Secret manage links of registrations.

A registration stores a random nonce and the SHA-256 hash of its token; the token itself is an
HMAC of the nonce under the project's secret key. E-mails sent later (the join link, a change of
the event) can therefore rebuild the link, while someone who reads the database alone can
neither rebuild nor use it. Rotating SECRET_KEY invalidates the links already sent.
"""

from __future__ import annotations

import hashlib
import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

_SALT = "events.registration.manage-token"


def nonce_new() -> str:
    return secrets.token_hex(32)


def token_for(nonce: str) -> str:
    return salted_hmac(_SALT, nonce, algorithm="sha256").hexdigest()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "ignore")).hexdigest()


def token_matches(token: str, nonce: str) -> bool:
    return bool(nonce) and constant_time_compare(token, token_for(nonce))
