"""Admin of the partners app: vocabularies for portal editors, partner-scoped organisations
and memberships for partner staff."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TabbedTranslationAdmin

from core.workflow import Level
from partners.admin_mixins import (
    MissingTranslationsMixin,
    PartnerScopedAdminMixin,
    PartnerScopedInlineMixin,
    WorkflowAdminMixin,
)
from partners.forms import MembershipAddForm, OrganisationAdminForm
from partners.models import Membership, Metropolis, Organisation, Participation, Project, Region
from partners.roles import is_portal_editor
from partners.services import membership_add, membership_remove, membership_role_set
from reviews.admin import ReviewAdminMixin


@admin.register(Metropolis)
class MetropolisAdmin(MissingTranslationsMixin, TabbedTranslationAdmin):
    list_display = ("name", "country", "missing_languages")
    list_filter = ("country",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(Region)
class RegionAdmin(MissingTranslationsMixin, TabbedTranslationAdmin):
    list_display = ("nuts_code", "name", "country", "missing_languages")
    list_filter = ("country",)
    search_fields = ("nuts_code", "name")
    filter_horizontal = ("metropolises",)
    fieldsets = (
        (None, {"fields": ("nuts_code", "country", "name", "description", "metropolises")}),
        (gettext_lazy("Position on the map"), {"fields": ("latitude", "longitude")}),
    )


class ParticipationInline(PartnerScopedInlineMixin, admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ("organisation",)


@admin.register(Project)
class ProjectAdmin(MissingTranslationsMixin, TabbedTranslationAdmin):
    list_display = ("acronym", "title", "programme", "start_date", "end_date", "missing_languages")
    search_fields = ("acronym", "title", "slug", "programme")
    prepopulated_fields = {"slug": ("acronym",)}
    date_hierarchy = "start_date"
    inlines = (ParticipationInline,)


class OrganisationParticipationInline(PartnerScopedInlineMixin, admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ("project",)
    verbose_name = gettext_lazy("project")
    verbose_name_plural = gettext_lazy("projects")


@admin.register(Organisation)
class OrganisationAdmin(
    ReviewAdminMixin,
    WorkflowAdminMixin,
    PartnerScopedAdminMixin,
    MissingTranslationsMixin,
    TabbedTranslationAdmin,
):
    form = OrganisationAdminForm
    list_display = (
        "name",
        "acronym",
        "kind",
        "country",
        "region",
        "status",
        "trusted",
        "missing_languages",
        "updated_at",
    )
    list_filter = ("status", "trusted", "kind", "country", "region")
    list_select_related = ("region",)
    search_fields = ("name", "acronym", "slug", "city")
    autocomplete_fields = ("region",)
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = (OrganisationParticipationInline,)
    translation_check_fields = ("name", "city", "description")
    export_fields = (
        "name",
        "acronym",
        "kind",
        "country",
        "city",
        "website",
        "email",
        "phone",
        "status",
    )
    fieldsets = (
        (None, {"fields": ("name", "acronym", "slug", "kind")}),
        (gettext_lazy("Place"), {"fields": ("country", "region", "city")}),
        (gettext_lazy("Public contact"), {"fields": ("website", "email", "phone")}),
        (gettext_lazy("Presentation"), {"fields": ("description", "logo_preview", "logo")}),
        (
            gettext_lazy("Review"),
            {
                "fields": (
                    "status",
                    "status_changed_at",
                    "status_changed_by",
                    "first_published_at",
                    "trusted",
                )
            },
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        readonly = ["logo_preview", *super().get_readonly_fields(request, obj)]
        if not is_portal_editor(request.user):
            readonly += ["slug", "kind", "trusted"]
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        return (
            super().get_prepopulated_fields(request, obj) if is_portal_editor(request.user) else {}
        )

    @admin.display(description=gettext_lazy("Current logo"))
    def logo_preview(self, obj):
        if not obj.logo:
            return "–"
        return format_html(
            '<img src="{}" alt="" width="{}" height="{}" class="partners-logo-preview">',
            obj.logo.url,
            min(obj.logo_width or 160, 160),
            round(min(obj.logo_width or 160, 160) * (obj.logo_height or 1) / (obj.logo_width or 1)),
        )


@admin.register(Membership)
class MembershipAdmin(PartnerScopedAdminMixin, admin.ModelAdmin):
    """Managers add and remove their organisation's staff; portal editors do so for all."""

    organisation_min_level = Level.MANAGER
    list_display = ("user", "user_email", "organisation", "role", "created_at")
    list_filter = ("role", "organisation")
    list_select_related = ("user", "organisation")
    search_fields = ("user__username", "user__email", "user__first_name", "user__last_name")
    export_fields = ("user", "user_email", "organisation", "role", "created_at")

    @admin.display(description=gettext_lazy("e-mail address"), ordering="user__email")
    def user_email(self, obj):
        return obj.user.email

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = MembershipAddForm
            kwargs["fields"] = ("email", "first_name", "last_name", "organisation", "role")
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("email", "first_name", "last_name", "organisation", "role")
        return ("user", "organisation", "role", "created_at")

    def get_readonly_fields(self, request, obj=None):
        return ("user", "organisation", "created_at") if obj is not None else ()

    def save_model(self, request, obj, form, change):
        if not self.is_own(request, obj):
            return super().save_model(request, obj, form, change)  # refuses
        if change:
            membership_role_set(membership=obj, role=form.cleaned_data["role"])
            return
        membership, created = membership_add(
            organisation=form.cleaned_data["organisation"],
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            first_name=form.cleaned_data.get("first_name", ""),
            last_name=form.cleaned_data.get("last_name", ""),
        )
        obj.pk, obj.user, obj.created_at = membership.pk, membership.user, membership.created_at
        obj._state.adding = False
        if created:
            self.message_user(
                request,
                _(
                    "An account was created for %(email)s. It has no password yet: the person "
                    "sets one with the password reset link, or a portal editor sets one."
                )
                % {"email": membership.user.email},
                messages.INFO,
            )

    def delete_model(self, request, obj):
        membership_remove(membership=obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset:
            membership_remove(membership=membership)
