"""Secret links of alert subscriptions (core.tokens, under the subscriptions' own salt)."""

from __future__ import annotations

from core.tokens import SecretLinks

TOKEN_MAX_LENGTH = 128

_LINKS = SecretLinks("alerts.subscription.manage-token")

nonce_new = _LINKS.nonce_new
token_for = _LINKS.token_for
token_hash = _LINKS.token_hash
token_matches = _LINKS.token_matches
