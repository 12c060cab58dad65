from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "measures"
    verbose_name = _("Measures")

    # Model permissions per role (see partners.roles); the admin confines partner staff to
    # their own organisations' measures.
    role_permissions = {
        "Partner editor": (
            "measures.view_measure",
            "measures.add_measure",
            "measures.change_measure",
            "measures.delete_measure",
            "measures.view_inspiration",
            "measures.add_inspiration",
            "measures.change_inspiration",
            "measures.delete_inspiration",
            "measures.view_theme",
            "measures.view_targetgroup",
        ),
        "Portal editor": ("measures.*",),
    }

    def ready(self) -> None:
        from measures import sections
        from partners.sections import OrganisationSection, organisation_section_register

        organisation_section_register(
            OrganisationSection(
                key="measures",
                title=_("Measures of this organisation"),
                template_name="measures/includes/organisation_section.html",
                provider=sections.organisation_section,
                order=10,
            )
        )
