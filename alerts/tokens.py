"""Secret links of alert subscriptions (the scheme of `events.tokens`, under its own salt).

A subscription stores a random nonce and the SHA-256 hash of its token; the token is an HMAC
of the nonce under SECRET_KEY. Every e-mail can rebuild the link; a copy of the database alone
can neither rebuild nor use one.
"""

from __future__ import annotations

import hashlib
import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

_SALT = "alerts.subscription.manage-token"
TOKEN_MAX_LENGTH = 128


def nonce_new() -> str:
    return secrets.token_hex(32)


def token_for(nonce: str) -> str:
    return salted_hmac(_SALT, nonce, algorithm="sha256").hexdigest()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "ignore")).hexdigest()


def token_matches(token: str, nonce: str) -> bool:
    return bool(nonce) and constant_time_compare(token, token_for(nonce))
