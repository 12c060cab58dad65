"""Template tags about the registration e-mails."""

from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def events_resend_limit() -> int:
    """How often per hour a repeated registration re-sends the e-mail (EVENTS_RESEND_LIMIT)."""
    return settings.EVENTS_RESEND_LIMIT
