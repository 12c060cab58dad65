from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = _("Events")

    # Model permissions per role (see partners.roles); which organisation's events and
    # registrations a person sees follows from their memberships (partners.admin_mixins).
    role_permissions = {
        "Partner editor": (
            "events.view_event",
            "events.add_event",
            "events.change_event",
            "events.view_registration",
            "events.change_registration",
            "events.view_question",
            "events.add_question",
            "events.change_question",
            "events.delete_question",
            "events.view_questionchoice",
            "events.add_questionchoice",
            "events.change_questionchoice",
            "events.delete_questionchoice",
            "events.view_feedback",
            "events.view_series",
            "events.add_series",
            "events.change_series",
        ),
        "Partner manager": ("events.delete_event", "events.delete_series"),
        "Portal editor": ("events.*",),
    }

    def ready(self) -> None:
        from events import selectors
        from partners.sections import OrganisationSection, organisation_section_register

        organisation_section_register(
            OrganisationSection(
                key="events",
                title=_("Events"),
                template_name="events/includes/organisation_section.html",
                provider=selectors.organisation_section,
                order=20,
            )
        )
