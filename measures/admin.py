"""Admin of the measures app: vocabularies for portal editors, partner-scoped measures."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from core.workflow import Status
from measures.forms import MeasureAdminForm
from measures.models import RICH_TEXT_FIELDS, Inspiration, Measure, TargetGroup, Theme
from partners.admin_columns import CompactChangelistMixin
from partners.admin_mixins import (
    MissingTranslationsMixin,
    PartnerScopedAdminMixin,
    PartnerScopedInlineMixin,
    WorkflowAdminMixin,
)
from partners.roles import is_portal_editor, scope_queryset
from reviews.admin import ReviewAdminMixin


@admin.register(Theme)
class ThemeAdmin(MissingTranslationsMixin, TabbedTranslationAdmin):
    list_display = ("name", "slug", "order", "missing_languages")
    list_editable = ("order",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(TargetGroup)
class TargetGroupAdmin(MissingTranslationsMixin, TabbedTranslationAdmin):
    list_display = ("name", "slug", "order", "missing_languages")
    list_editable = ("order",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


class InspirationInline(PartnerScopedInlineMixin, TranslationTabularInline):
    """Measures this one was inspired by, with a short note on what was taken over."""

    model = Inspiration
    fk_name = "measure"
    extra = 0
    autocomplete_fields = ("source",)
    verbose_name = gettext_lazy("inspired by")
    verbose_name_plural = gettext_lazy("inspired by")

    def get_field_queryset(self, db, db_field, request):
        # Published measures of every organisation may be named as a source, and own drafts.
        if db_field.name == "source":
            return source_choices(request)
        return super().get_field_queryset(db, db_field, request)


def source_choices(request):
    own = scope_queryset(Measure.objects.all(), request.user)
    return Measure.objects.filter(Q(status=Status.PUBLISHED) | Q(pk__in=own.values("pk")))


@admin.register(Measure)
class MeasureAdmin(
    CompactChangelistMixin,
    ReviewAdminMixin,
    WorkflowAdminMixin,
    PartnerScopedAdminMixin,
    MissingTranslationsMixin,
    TabbedTranslationAdmin,
):
    form = MeasureAdminForm
    # Few, short columns, so that status, missing languages and the last change stay in view
    # beside the admin's menu and filters at 1280 px; kind and country are filters.
    list_display = ("list_title", "organisation_name", "status", "missing_languages", "updated")
    list_filter = ("status", "kind", "themes", "country", "organisation", "source_project")
    list_select_related = ("organisation",)
    search_fields = ("title", "slug", "summary", "organisation__name", "city")
    autocomplete_fields = ("organisation", "stakeholders", "region", "source_project")
    filter_horizontal = ("themes", "target_groups")
    prepopulated_fields = {"slug": ("title_en",)}
    date_hierarchy = "first_published_at"
    inlines = (InspirationInline,)
    translation_check_fields = ("title", "summary", "description")
    export_fields = (
        "title",
        "slug",
        "organisation",
        "kind",
        "country",
        "city",
        "start_year",
        "end_year",
        "status",
    )
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "kind", "themes", "target_groups")}),
        (
            gettext_lazy("Description"),
            {
                "fields": RICH_TEXT_FIELDS,
                "description": gettext_lazy(
                    "Paragraphs, lists, bold and italic text, links and sub-headings are kept; "
                    "any other formatting is removed when saving."
                ),
            },
        ),
        (
            gettext_lazy("Who, where and when"),
            {
                "fields": (
                    "organisation",
                    "stakeholders",
                    "other_stakeholders",
                    "country",
                    "region",
                    "city",
                    "source_project",
                    "start_year",
                    "end_year",
                    "funding",
                )
            },
        ),
        (
            gettext_lazy("Contact and image"),
            {"fields": ("website", "contact_name", "contact_email", "image", "image_alt")},
        ),
        (
            gettext_lazy("Review"),
            {"fields": ("status", "status_changed_at", "status_changed_by", "first_published_at")},
        ),
    )

    def get_search_results(self, request, queryset, search_term):
        # The autocomplete of "inspired by" offers every published measure, not only own ones.
        if (
            request.GET.get("model_name") == "inspiration"
            and request.GET.get("field_name") == "source"
        ):
            queryset = source_choices(request)
        return super().get_search_results(request, queryset, search_term)

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and obj.pk and not is_portal_editor(request.user):
            return {}
        return super().get_prepopulated_fields(request, obj)
