from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "matchmaking"
    verbose_name = _("Matchmaking")

    # Organisers set up matchmaking for their own events (partners.roles); participants act
    # only through their registration's secret link, never in the admin.
    role_permissions = {
        "Partner editor": (
            "matchmaking.view_matchmaking",
            "matchmaking.add_matchmaking",
            "matchmaking.change_matchmaking",
            "matchmaking.view_slot",
            "matchmaking.add_slot",
            "matchmaking.change_slot",
            "matchmaking.delete_slot",
            "matchmaking.view_room",
            "matchmaking.add_room",
            "matchmaking.change_room",
            "matchmaking.delete_room",
            "matchmaking.view_meeting",
        ),
        "Partner manager": ("matchmaking.delete_matchmaking",),
        "Portal editor": ("matchmaking.*",),
    }
