"""Template tags of alerts: retention periods for the privacy notice."""

from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def alerts_retention() -> dict[str, int]:
    return {
        "confirmation_hours": settings.ALERTS_CONFIRMATION_HOURS,
        "unconfirmed_days": settings.ALERTS_UNCONFIRMED_DAYS,
    }
