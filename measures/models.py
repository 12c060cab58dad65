"""Themes, target groups and measures (good practices) of the partner regions.

Search, facet and sort columns are kept current by PostgreSQL itself: the `search_*`,
`rank_*`, `sort_title_*` and `languages` columns are generated from the translated texts, and
`theme_ids` / `target_group_ids` mirror the many-to-many tables through triggers (see the
migrations), so that every code path (admin, services, bulk loads) leaves them right.

Typo tolerance works on words, not rows: every word (lexeme) of the search vectors is
collected per language in the table `measures_search_word` (triggers, see migration 0004), and
a search also looks for the words similar to the ones typed (pg_trgm on that small table).
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.fields import HttpsURLField
from core.languages import fallback_order, language_codes, search_configuration
from core.workflow import Status, WorkflowModel, WorkflowQuerySet

# The portal's languages (settings.LANGUAGES): one search vector, ranking vector and sort
# title per language is generated below.
LANGUAGE_CODES = language_codes()
# The body of a measure's page: sanitised rich text (measures.services), one section each.
RICH_TEXT_FIELDS = (
    "description",
    "challenge",
    "results",
    "resources_needed",
    "difficulties",
    "transfer_potential",
)
YEAR_MIN, YEAR_MAX = 1990, 2100
PUBLISHED = Q(status=Status.PUBLISHED)


def _text(field: str, code: str) -> str:
    return f"coalesce({field}_{code}, '')"


def search_vector_sql(code: str) -> str:
    """Title weighted A, summary B, the body C, and D the names of the organisations behind
    the measure (`search_names`, kept by the database) and its other stakeholders."""
    config = search_configuration(code)
    body = " || ' ' || ".join(_text(field, code) for field in RICH_TEXT_FIELDS)
    names = "coalesce(other_stakeholders, '') || ' ' || coalesce(search_names, '')"
    return (
        f"setweight(to_tsvector('{config}'::regconfig, {_text('title', code)}), 'A') || "
        f"setweight(to_tsvector('{config}'::regconfig, {_text('summary', code)}), 'B') || "
        f"setweight(to_tsvector('{config}'::regconfig, {body}), 'C') || "
        f"setweight(to_tsvector('{config}'::regconfig, {names}), 'D')"
    )


def rank_vector_sql(code: str) -> str:
    """Title (A) and summary (B) only: small enough to rank thousands of hits quickly."""
    config = search_configuration(code)
    return (
        f"setweight(to_tsvector('{config}'::regconfig, {_text('title', code)}), 'A') || "
        f"setweight(to_tsvector('{config}'::regconfig, {_text('summary', code)}), 'B')"
    )


def sort_title_sql(code: str) -> str:
    shown = ", ".join(f"nullif(title_{c}, '')" for c in fallback_order(code))
    return f"measures_unaccent(lower(coalesce({shown}, '')))"


LANGUAGES_SQL = "array_remove(ARRAY[{}], NULL)::varchar(2)[]".format(
    ", ".join(
        f"CASE WHEN coalesce(title_{c}, '') <> '' AND coalesce(summary_{c}, '') <> '' "
        f"AND coalesce(description_{c}, '') <> '' THEN '{c}' END"
        for c in LANGUAGE_CODES
    )
)


class Vocabulary(models.Model):
    """A translated term with a stable slug (used in URLs in every language)."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_("Stable code used in addresses of filtered lists; do not change it."),
    )
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.name


class Theme(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def get_absolute_url(self) -> str:
        return reverse("measures:index") + f"?theme={self.slug}"


class TargetGroup(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def get_absolute_url(self) -> str:
        return reverse("measures:index") + f"?target={self.slug}"


class MeasureKind(models.TextChoices):
    SERVICE = "service", _("Digital service")
    PLATFORM = "platform", _("Data or online platform")
    NETWORK = "network", _("Network or cluster")
    ADVICE = "advice", _("Advice and support")
    TRAINING = "training", _("Training and skills")
    FUNDING = "funding", _("Funding call")
    PARTICIPATION = "participation", _("Consultation and participation")
    INFRASTRUCTURE = "infrastructure", _("Innovation space")
    STRATEGY = "strategy", _("Strategy and governance")


class Measure(WorkflowModel):
    """A soft digitalisation measure owned by its main organisation."""

    organisation_lookup = "organisation"

    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("Part of the page address; changing it breaks links to the page."),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_("Two or three sentences shown in lists and search results (plain text)."),
    )
    description = models.TextField(_("description"), blank=True)
    challenge = models.TextField(_("challenge addressed"), blank=True)
    results = models.TextField(_("results and evidence of success"), blank=True)
    resources_needed = models.TextField(_("resources needed"), blank=True)
    difficulties = models.TextField(_("difficulties encountered"), blank=True)
    transfer_potential = models.TextField(_("potential for transfer"), blank=True)

    kind = models.CharField(_("kind of measure"), max_length=20, choices=MeasureKind.choices)
    themes = models.ManyToManyField(
        Theme,
        verbose_name=_("themes"),
        related_name="measures",
        help_text=_("One to three themes."),
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), related_name="measures", blank=True
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("main organisation"),
        on_delete=models.PROTECT,
        related_name="measures",
    )
    stakeholders = models.ManyToManyField(
        "partners.Organisation",
        verbose_name=_("partner organisations involved"),
        related_name="measures_involved",
        blank=True,
    )
    other_stakeholders = models.CharField(
        _("other stakeholders"),
        max_length=500,
        blank=True,
        help_text=_("Organisations without a page on this portal, separated by commas."),
    )
    country = CountryField(_("country"))
    region = models.ForeignKey(
        "partners.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="measures",
        null=True,
        blank=True,
    )
    city = models.CharField(_("city or area"), max_length=120, blank=True)
    source_project = models.ForeignKey(
        "partners.Project",
        verbose_name=_("source project"),
        on_delete=models.SET_NULL,
        related_name="measures",
        null=True,
        blank=True,
        help_text=_("The cooperation project in which the measure was described or shared."),
    )
    start_year = models.PositiveSmallIntegerField(
        _("start year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)],
        help_text=_("Leave empty when it is not known."),
    )
    end_year = models.PositiveSmallIntegerField(
        _("end year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)],
        help_text=_("Leave empty while the measure is ongoing."),
    )
    funding = models.CharField(
        _("funding"),
        max_length=300,
        blank=True,
        help_text=_("Sources of funding, for example ERDF, regional budget, own resources."),
    )
    website = HttpsURLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_("Shown on the public page: use a shared address, not a personal one."),
    )
    image = models.ImageField(
        _("image"),
        upload_to="measures/images/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
        help_text=_("PNG, JPEG or WebP, at most 5 MB; it is re-encoded without metadata."),
    )
    image_width = models.PositiveIntegerField(editable=False, null=True, blank=True)
    image_height = models.PositiveIntegerField(editable=False, null=True, blank=True)
    image_alt = models.CharField(
        _("image text alternative"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    inspired_by = models.ManyToManyField(
        "self",
        through="Inspiration",
        through_fields=("measure", "source"),
        symmetrical=False,
        related_name="inspired",
        verbose_name=_("inspired by"),
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Maintained by the database (generated columns and triggers): never written by Python.
    search_names = models.TextField(
        default="",
        editable=False,
        help_text="Names and acronyms of the main organisation and the published partner "
        "organisations involved, for search (kept by triggers, see the migrations).",
    )
    theme_ids = ArrayField(models.BigIntegerField(), default=list, editable=False)
    target_group_ids = ArrayField(models.BigIntegerField(), default=list, editable=False)
    languages = models.GeneratedField(
        expression=RawSQL(LANGUAGES_SQL, ()),
        output_field=ArrayField(models.CharField(max_length=2)),
        db_persist=True,
    )
    objects = WorkflowQuerySet.as_manager()

    class Meta(WorkflowModel.Meta):
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["-first_published_at", "-pk"]
        constraints = [
            *WorkflowModel.Meta.constraints,
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(end_year__gte=F("start_year")),
                name="measures_measure_years_in_order",
                violation_error_message=_("The measure cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(start_year__gte=YEAR_MIN, start_year__lte=YEAR_MAX),
                name="measures_measure_start_year_range",
            ),
        ]
        # Searching reads the narrow search tables and their GIN indexes (measures.search).
        indexes = [
            GinIndex(fields=["theme_ids"], name="measures_theme_ids_gin"),
            GinIndex(fields=["target_group_ids"], name="measures_target_ids_gin"),
            models.Index(
                F("first_published_at").desc(nulls_last=True),
                F("id").desc(),
                name="measures_published_newest",
                condition=PUBLISHED,
            ),
            # Narrow copy of the facet columns: the facet index (measures.facetindex) reads it
            # with an index-only scan instead of the wide rows with their texts in every language.
            models.Index(
                fields=["status"],
                include=[
                    "id",
                    "kind",
                    "country",
                    "region",
                    "organisation",
                    "source_project",
                    "start_year",
                    "end_year",
                    "theme_ids",
                    "target_group_ids",
                    "languages",
                ],
                name="measures_published_facets",
                condition=PUBLISHED,
            ),
            *(
                models.Index(
                    f"sort_title_{code}",
                    "id",
                    name=f"measures_published_title_{code}",
                    condition=PUBLISHED,
                )
                for code in LANGUAGE_CODES
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("measures:detail", kwargs={"slug": self.slug})

    @property
    def is_ongoing(self) -> bool:
        return self.end_year is None

    @property
    def years(self) -> str:
        return year_span(self.start_year, self.end_year)


def year_span(start: int | None, end: int | None) -> str:
    """ "2019–2021", "2019–" (ongoing), "–2021" (start not known) or "" (neither known)."""
    if start is None:
        return f"–{end}" if end is not None else ""
    if end is None:
        return f"{start}–"
    if end == start:
        return str(start)
    return f"{start}–{end}"


def _generated(sql: str, output_field: models.Field) -> models.GeneratedField:
    return models.GeneratedField(
        expression=RawSQL(sql, ()), output_field=output_field, db_persist=True
    )


# Maintained by PostgreSQL, one of each per language: the search vector, the small vector for
# ranking, and the title to sort by.
for _code in LANGUAGE_CODES:
    Measure.add_to_class(
        f"search_{_code}", _generated(search_vector_sql(_code), SearchVectorField())
    )
    Measure.add_to_class(f"rank_{_code}", _generated(rank_vector_sql(_code), SearchVectorField()))
    Measure.add_to_class(
        f"sort_title_{_code}", _generated(sort_title_sql(_code), models.TextField())
    )


class Inspiration(models.Model):
    """`measure` was inspired by `source`, with a short note on what was taken over."""

    measure = models.ForeignKey(
        Measure,
        verbose_name=_("measure"),
        on_delete=models.CASCADE,
        related_name="inspirations_received",
    )
    source = models.ForeignKey(
        Measure,
        verbose_name=_("inspired by"),
        on_delete=models.CASCADE,
        related_name="inspirations_given",
    )
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("What was taken over or adapted, in one sentence."),
    )

    class Meta:
        verbose_name = _("inspiration")
        verbose_name_plural = _("inspirations")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "source"],
                name="measures_inspiration_once",
                violation_error_message=_("This inspiration is already recorded."),
            ),
            models.CheckConstraint(
                condition=~Q(measure=F("source")),
                name="measures_inspiration_not_self",
                violation_error_message=_("A measure cannot be inspired by itself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.measure}"
