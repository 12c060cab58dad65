"""Filters of the public measure list: plain GET parameters with stable codes and slugs.

Every filter is a condition on the measures table itself (the facet columns are denormalised
onto it), so that `measures.facets` can count each facet family over the same conditions minus
the family's own ("disjunctive" facets: several values of one family are alternatives).
"""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.facets import COUNT, FacetFilterSet, Family
from measures.models import LANGUAGE_CODES, YEAR_MAX, YEAR_MIN, Measure, MeasureKind
from measures.search import search_condition
from partners.models import Organisation, Project, Region

QUERY_MAX_LENGTH = 200
MAX_VALUES = 20


class ValueListField(forms.Field):
    """Repeated GET parameters (`?organisation=a&organisation=b`) checked against a pattern."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "invalid": _("“%(value)s” is not a valid value."),
        "too_many": _("Choose at most %(max)s values."),
    }

    def __init__(self, *, pattern: str, **kwargs):
        self.pattern = re.compile(pattern)
        super().__init__(**kwargs)

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        return list(dict.fromkeys(str(item).strip() for item in value if str(item).strip()))

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_VALUES:
            raise ValidationError(
                self.error_messages["too_many"], code="too_many", params={"max": MAX_VALUES}
            )
        for item in value:
            if not self.pattern.fullmatch(item):
                raise ValidationError(
                    self.error_messages["invalid"], code="invalid", params={"value": item[:40]}
                )


class ValueListFilter(django_filters.Filter):
    field_class = ValueListField


class CountryListField(ValueListField):
    """Country codes (ISO 3166-1 alpha-2) that exist: checked by lookup, not against a list of
    249 choices that every form would copy."""

    def __init__(self, **kwargs):
        super().__init__(pattern=r"[A-Z]{2}", **kwargs)

    def validate(self, value):
        super().validate(value)
        for code in value:
            if not countries.alpha2(code):
                raise ValidationError(
                    self.error_messages["invalid"], code="invalid", params={"value": code}
                )


class CountryListFilter(django_filters.Filter):
    field_class = CountryListField


class Lifecycle(models.TextChoices):
    """Whether a measure still runs, from its years (the list's "state" filter)."""

    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")


def lifecycle_condition(lifecycle: str) -> Q:
    year = timezone.localdate().year
    # A measure whose start and end are both unknown is neither ongoing nor completed.
    ongoing = Q(end_year__isnull=True, start_year__isnull=False) | Q(end_year__gte=year)
    return ongoing if lifecycle == Lifecycle.ONGOING else Q(end_year__lt=year)


class MeasureFilterSet(FacetFilterSet):
    # The facet families in the order the list shows them, with their headings.
    families = (
        Family("theme", _("Theme")),
        Family("kind", _("Kind of measure")),
        Family("target", _("Target group")),
        Family("country", _("Country"), COUNT),
        Family("region", _("Region"), COUNT),
        Family("organisation", _("Organisation"), COUNT),
        Family("project", _("Source project"), COUNT),
        Family("state", _("Status")),
        Family("lang", _("Available in")),
    )

    q = django_filters.CharFilter(
        label=_("Search"), method="filter_search", max_length=QUERY_MAX_LENGTH
    )
    theme = django_filters.MultipleChoiceFilter(
        label=_("Theme"), choices=[], method="filter_themes", distinct=False
    )
    kind = django_filters.MultipleChoiceFilter(
        label=_("Kind of measure"),
        choices=MeasureKind.choices,
        field_name="kind",
        distinct=False,
    )
    target = django_filters.MultipleChoiceFilter(
        label=_("Target group"), choices=[], method="filter_target_groups", distinct=False
    )
    country = CountryListFilter(label=_("Country"), method="filter_countries")
    region = ValueListFilter(
        label=_("Region"), pattern=r"[A-Z]{2}[0-9A-Z]{0,3}", method="filter_regions"
    )
    organisation = ValueListFilter(
        label=_("Organisation"), pattern=r"[-a-zA-Z0-9_]{1,80}", method="filter_organisations"
    )
    project = ValueListFilter(
        label=_("Project"), pattern=r"[-a-zA-Z0-9_]{1,80}", method="filter_projects"
    )
    state = django_filters.ChoiceFilter(
        label=_("Status"), choices=Lifecycle.choices, method="filter_state"
    )
    year_from = django_filters.NumberFilter(
        label=_("Started in or after"),
        field_name="start_year",
        lookup_expr="gte",
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
    )
    year_to = django_filters.NumberFilter(
        label=_("Started in or before"),
        field_name="start_year",
        lookup_expr="lte",
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
    )
    lang = django_filters.ChoiceFilter(
        label=_("Available in"),
        choices=[],
        method="filter_language",
    )

    def __init__(self, *args, language: str, themes=(), target_groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language
        self.theme_ids = {theme.slug: theme.pk for theme in themes}
        self.target_group_ids = {group.slug: group.pk for group in target_groups}
        self.filters["theme"].extra["choices"] = [(t.slug, t.name) for t in themes]
        self.filters["target"].extra["choices"] = [(g.slug, g.name) for g in target_groups]
        self.filters["lang"].extra["choices"] = [
            (code, name) for code, name in settings.LANGUAGES if code in LANGUAGE_CODES
        ]

    # --- filter methods (each a condition on the measures table only) -----------------------

    def filter_search(self, queryset, name, value):
        return queryset.filter(search_condition(value, self.language)) if value else queryset

    def filter_themes(self, queryset, name, value):
        ids = [self.theme_ids[slug] for slug in value if slug in self.theme_ids]
        return queryset.filter(theme_ids__overlap=ids) if value else queryset

    def filter_target_groups(self, queryset, name, value):
        ids = [self.target_group_ids[slug] for slug in value if slug in self.target_group_ids]
        return queryset.filter(target_group_ids__overlap=ids) if value else queryset

    def filter_countries(self, queryset, name, value):
        return queryset.filter(country__in=value) if value else queryset

    def filter_regions(self, queryset, name, value):
        """Measures in the chosen regions or in regions within them: a NUTS code stands for
        its part of the map, so DEA holds DEA1 and DEA11 (NUTS codes nest by prefix)."""
        if not value:
            return queryset
        within = Q()
        for code in value:
            within |= Q(nuts_code__startswith=code)
        return queryset.filter(region_id__in=Region.objects.filter(within).values("pk"))

    def filter_organisations(self, queryset, name, value):
        organisations = Organisation.objects.filter(slug__in=value).values("pk")
        return queryset.filter(organisation_id__in=organisations) if value else queryset

    def filter_projects(self, queryset, name, value):
        projects = Project.objects.filter(slug__in=value).values("pk")
        return queryset.filter(source_project_id__in=projects) if value else queryset

    def filter_state(self, queryset, name, value):
        return queryset.filter(lifecycle_condition(value)) if value else queryset

    def filter_language(self, queryset, name, value):
        return queryset.filter(languages__contains=[value]) if value else queryset


def measure_filterset(*, data, language: str, themes, target_groups) -> MeasureFilterSet:
    """The list's filters as `data` (GET) sets them, over the published measures."""
    return MeasureFilterSet(
        data=data,
        queryset=Measure.objects.published(),
        language=language,
        themes=themes,
        target_groups=target_groups,
    )
