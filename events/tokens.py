"""Secret manage links of registrations (core.tokens, under the registrations' own salt)."""

from __future__ import annotations

from core.tokens import SecretLinks

_LINKS = SecretLinks("events.registration.manage-token")

nonce_new = _LINKS.nonce_new
token_for = _LINKS.token_for
token_hash = _LINKS.token_hash
token_matches = _LINKS.token_matches
