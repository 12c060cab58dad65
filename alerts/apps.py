from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "alerts"
    verbose_name = _("Alerts")

    # Subscribers' addresses are the portal's business, not a partner's: portal editors see
    # them (read-only, see alerts.admin); partner staff do not.
    role_permissions = {
        "Portal editor": ("alerts.view_subscription", "alerts.view_digest"),
    }
