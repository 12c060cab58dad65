"""Regions, partner organisations, funding projects and the staff of each organisation."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.fields import HttpsURLField
from core.workflow import Status, WorkflowModel, WorkflowQuerySet

nuts_code_validator = RegexValidator(
    r"^[A-Z]{2}[0-9A-Z]{0,3}$",
    _(
        "Enter a NUTS code: two capital letters for the country, then up to three letters or "
        "digits, for example DE80 or PL91."
    ),
)


class Metropolis(models.Model):
    """A large city that draws people, knowledge and capital from the regions around it."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    country = CountryField(_("country"))

    class Meta:
        verbose_name = _("metropolis")
        verbose_name_plural = _("metropolises")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    """A region in the EU's NUTS classification (usually NUTS 2)."""

    nuts_code = models.CharField(
        _("NUTS code"),
        max_length=5,
        unique=True,
        validators=[nuts_code_validator],
        help_text=_("Code of the region in the EU's NUTS classification, for example DE80."),
    )
    country = CountryField(_("country"))
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    metropolises = models.ManyToManyField(
        Metropolis,
        verbose_name=_("nearby metropolises"),
        related_name="regions",
        blank=True,
        help_text=_("The large cities people from this region move or commute to."),
    )
    # Where the map places the region's marker (partners.maps): its geographic centre or
    # seat; without a position the region has no marker.
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_(
            "Of the region's centre or seat, in decimal degrees north, for example 53.6. "
            "Without latitude and longitude the region has no marker on the map."
        ),
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("In decimal degrees east (west negative), for example 12.7."),
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["nuts_code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nuts_code__regex=r"^[A-Z]{2}[0-9A-Z]{0,3}$"),
                name="partners_region_nuts_code_format",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="partners_region_position",
                violation_error_message=_(
                    "Enter both latitude (−90 to 90) and longitude (−180 to 180), or neither."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.nuts_code})"

    def get_absolute_url(self) -> str:
        return reverse("regions:detail", kwargs={"code": self.nuts_code})

    @property
    def nuts_level(self) -> int:
        return len(self.nuts_code) - 2


class OrganisationKind(models.TextChoices):
    REGIONAL_AUTHORITY = "regional_authority", _("Regional authority")
    DEVELOPMENT_AGENCY = "development_agency", _("Development agency")
    TECHNOLOGY_PARK = "technology_park", _("Science and technology park")
    IT_CLUSTER = "it_cluster", _("IT cluster")
    UNIVERSITY = "university", _("University or research institute")
    BUSINESS_SUPPORT = "business_support", _("Business-support organisation")
    NETWORK = "network", _("Network of regions")
    COMPANY = "company", _("Company")


class OrganisationQuerySet(WorkflowQuerySet):
    pass


class Organisation(WorkflowModel):
    """A partner organisation; it owns its measures and events and is edited by its staff."""

    organisation_lookup = "pk"

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_("Part of the page address; changing it breaks links to the page."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    country = CountryField(_("country"))
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="organisations",
        null=True,
        blank=True,
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = HttpsURLField(_("website"), blank=True)
    email = models.EmailField(
        _("public contact e-mail"),
        blank=True,
        help_text=_("Shown on the public page: use a shared address, not a personal one."),
    )
    phone = models.CharField(
        _("public contact phone"),
        max_length=40,
        blank=True,
        validators=[
            RegexValidator(
                r"^\+?[0-9 ()/.-]{5,40}$",
                _("Enter a phone number with digits, spaces and + ( ) / . - only."),
            )
        ],
        help_text=_("International format, for example +49 3834 550 106."),
    )
    description = models.TextField(_("description"), blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to="partners/logos/",
        blank=True,
        width_field="logo_width",
        height_field="logo_height",
        help_text=_("PNG, JPEG or WebP, at most 5 MB; it is converted to PNG."),
    )
    logo_width = models.PositiveIntegerField(editable=False, null=True, blank=True)
    logo_height = models.PositiveIntegerField(editable=False, null=True, blank=True)
    trusted = models.BooleanField(
        _("trusted"),
        default=False,
        help_text=_(
            "The organisation's partner managers publish, archive and unpublish its entries "
            "themselves. Otherwise only portal editors do. Only portal editors change this."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    projects = models.ManyToManyField(
        "Project",
        through="Participation",
        related_name="organisations",
        verbose_name=_("projects"),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta(WorkflowModel.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:organisation_detail", kwargs={"slug": self.slug})


class Project(models.Model):
    """A funded cooperation project in which organisations take part."""

    acronym = models.CharField(_("acronym"), max_length=40)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(
        _("title"),
        max_length=250,
        blank=True,
        help_text=_("The full title; leave empty when the project is known only by its acronym."),
    )
    description = models.TextField(_("description"), blank=True)
    programme = models.CharField(
        _("programme"),
        max_length=200,
        help_text=_("The funding programme, for example Interreg Europe."),
    )
    fund = models.CharField(
        _("fund"),
        max_length=200,
        blank=True,
        help_text=_(
            "The fund behind the programme, for example the European Regional "
            "Development Fund (ERDF)."
        ),
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    website = HttpsURLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = [F("start_date").desc(nulls_last=True), "acronym"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="partners_project_dates_in_order",
                violation_error_message=_("The project cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.acronym

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", kwargs={"slug": self.slug})

    @property
    def years(self) -> str:
        """ "2019–2023", "2021" or "" when the start is not known."""
        if self.start_date is None:
            return ""
        if self.end_date is None or self.end_date.year == self.start_date.year:
            return str(self.start_date.year)
        return f"{self.start_date.year}–{self.end_date.year}"

    @property
    def runs_whole_years(self) -> bool:
        """True when the period is whole calendar years, so that years say it all."""
        return bool(
            self.start_date
            and self.end_date
            and (self.start_date.month, self.start_date.day) == (1, 1)
            and (self.end_date.month, self.end_date.day) == (12, 31)
        )


class ParticipationRole(models.TextChoices):
    LEAD_PARTNER = "lead_partner", _("Lead partner")
    PARTNER = "partner", _("Partner")
    ADVISORY_PARTNER = "advisory_partner", _("Advisory partner")
    ASSOCIATED = "associated", _("Associated partner")


def participation_role_order() -> models.Case:
    """Lead partner first, then partners, advisory and associated partners."""
    return models.Case(
        *(
            models.When(role=value, then=models.Value(position))
            for position, value in enumerate(ParticipationRole.values)
        ),
        output_field=models.IntegerField(),
    )


class Participation(models.Model):
    """An organisation's part in a project."""

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=ParticipationRole.choices,
        default=ParticipationRole.PARTNER,
        blank=True,
        help_text=_("Leave empty when the organisation's role in the project is not known."),
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["project_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"],
                name="partners_participation_once_per_project",
                violation_error_message=_("This organisation already takes part in the project."),
            ),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(role="lead_partner"),
                name="partners_participation_one_lead_partner",
                violation_error_message=_("A project has only one lead partner."),
            ),
        ]

    def __str__(self) -> str:
        if not self.role:
            return f"{self.organisation} – {self.project}"
        return f"{self.organisation} – {self.project} ({self.get_role_display()})"


class MembershipRole(models.TextChoices):
    EDITOR = "editor", _("Editor")
    MANAGER = "manager", _("Manager")


class Membership(models.Model):
    """A user who works for an organisation and edits its entries in the admin."""

    organisation_lookup = "organisation"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="partner_memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(
        _("role"),
        max_length=10,
        choices=MembershipRole.choices,
        default=MembershipRole.EDITOR,
        help_text=_(
            "Editors edit the organisation's entries and submit them for review; "
            "managers also publish them and manage the organisation's staff."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                name="partners_membership_once_per_organisation",
                violation_error_message=_("This person is already a member of the organisation."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=MembershipRole.values),
                name="partners_membership_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


__all__ = [
    "Membership",
    "MembershipRole",
    "Metropolis",
    "Organisation",
    "OrganisationKind",
    "Participation",
    "ParticipationRole",
    "Project",
    "Region",
    "Status",
]
