from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partners"
    verbose_name = _("Partners")

    # Model permissions per role (see partners.roles); other apps declare theirs the same way.
    role_permissions = {
        "Partner editor": (
            "partners.view_organisation",
            "partners.change_organisation",
            "partners.view_region",
            "partners.view_metropolis",
            "partners.view_project",
        ),
        "Partner manager": (
            "partners.view_membership",
            "partners.add_membership",
            "partners.change_membership",
            "partners.delete_membership",
        ),
        "Portal editor": ("partners.*",),
    }

    def ready(self) -> None:
        from partners.signals import roles_setup_after_migrate

        # After every app's migrations, so that all permissions exist by the last call.
        post_migrate.connect(roles_setup_after_migrate, dispatch_uid="partners.roles_setup")
