"""Cross-border events and the registrations for them.

Integrity lives in PostgreSQL: the seat counter of an event can never exceed its capacity (a
check constraint), and an e-mail address has at most one active registration per event,
whatever its letter case (a partial unique index on lower(email)). The flows that change these
rows are in `events.services`.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from core.fields import HttpsURLField
from core.workflow import Level, Transition, WorkflowFields


class EventKind(models.TextChoices):
    MATCHMAKING = "matchmaking", _("Matchmaking meeting")
    DISCUSSION = "discussion", _("Discussion")
    WORKSHOP = "workshop", _("Workshop")
    WEBINAR = "webinar", _("Webinar")
    STUDY_VISIT = "study_visit", _("Study visit")
    CONFERENCE = "conference", _("Conference")


class EventFormat(models.TextChoices):
    ONLINE = "online", _("Online")
    ON_SITE = "on_site", _("On site")
    HYBRID = "hybrid", _("Hybrid")


class EventStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("event status", "Draft")
    IN_REVIEW = "in_review", pgettext_lazy("event status", "In review")
    PUBLISHED = "published", pgettext_lazy("event status", "Published")
    CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")


# The review workflow of events (core.workflow): partner staff submit, portal editors (or the
# managers of a trusted organisation) publish and unpublish. Cancelling a published event is
# immediate and notifies its registrants: an action of its own (events.services.event_cancel).
EVENT_TRANSITIONS: tuple[Transition, ...] = (
    Transition(EventStatus.DRAFT, EventStatus.IN_REVIEW, Level.EDITOR, _("Submit for review")),
    Transition(EventStatus.IN_REVIEW, EventStatus.DRAFT, Level.EDITOR, _("Return to draft")),
    Transition(
        EventStatus.IN_REVIEW, EventStatus.PUBLISHED, Level.MANAGER, _("Publish"), editorial=True
    ),
    Transition(
        EventStatus.PUBLISHED,
        EventStatus.DRAFT,
        Level.MANAGER,
        _("Unpublish to draft"),
        editorial=True,
    ),
)


class MeetingLanguage(models.TextChoices):
    """Languages a meeting is held or interpreted in (the partnership's languages)."""

    DE = "de", _("German")
    EN = "en", _("English")
    PL = "pl", _("Polish")
    FI = "fi", _("Finnish")
    ES = "es", _("Spanish")
    CA = "ca", _("Catalan")
    FR = "fr", _("French")


def time_zone_choices() -> list[tuple[str, str]]:
    european = sorted(z for z in zoneinfo.available_timezones() if z.startswith("Europe/"))
    return [("UTC", "UTC"), *((name, name) for name in european)]


class OrganiserNotifications(models.TextChoices):
    """How an event's organisers hear about its registrations (events.notifications)."""

    NONE = "none", _("No e-mail")
    EACH = "each", _("An e-mail for each registration")
    DIGEST = "digest", _("A daily summary")


class EventQuerySet(models.QuerySet):
    def published(self):
        """Events visitors see: published and cancelled ones (a cancellation is news too)."""
        return self.filter(status__in=(EventStatus.PUBLISHED, EventStatus.CANCELLED))

    def upcoming(self, now: datetime | None = None):
        return self.filter(end__gte=now or timezone.now())


class Event(WorkflowFields):
    organisation_lookup = "organiser"
    workflow_transitions = EVENT_TRANSITIONS

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("Part of the page address; changing it breaks links to the page."),
    )
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    description = models.TextField(_("description"), blank=True)
    report = models.TextField(
        _("report"),
        blank=True,
        help_text=_("What happened at the event; shown on its page once it is over."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    dates_only = models.BooleanField(
        _("dates only"),
        default=False,
        help_text=_(
            "Tick when only the dates are known, not the times: pages, e-mails and calendar "
            "files then show the dates without times."
        ),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=40,
        choices=time_zone_choices,
        default="Europe/Berlin",
        help_text=_("Start and end are entered and shown in this time zone."),
    )
    format = models.CharField(_("format"), max_length=10, choices=EventFormat.choices)
    venue = models.CharField(
        _("venue"), max_length=250, blank=True, help_text=_("Address or place for on-site events.")
    )
    platform = models.CharField(
        _("platform"), max_length=100, blank=True, help_text=_("For example Zoom.")
    )
    join_link = HttpsURLField(
        _("join link"),
        max_length=500,
        blank=True,
        help_text=_(
            "Secret: sent only to confirmed participants shortly before the start, never shown "
            "on public pages or in public calendar files."
        ),
    )
    meeting_language = models.CharField(
        _("meeting language"),
        max_length=5,
        choices=MeetingLanguage.choices,
        blank=True,
        help_text=_("Leave empty when it is not known."),
    )
    interpretation_languages = ArrayField(
        models.CharField(max_length=5, choices=MeetingLanguage.choices),
        verbose_name=_("interpretation into"),
        default=list,
        blank=True,
    )
    moderator = models.CharField(_("moderator or host"), max_length=200, blank=True)
    organiser = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="organised_events",
    )
    organiser_only_took_part = models.BooleanField(
        _("organiser only took part"),
        default=False,
        help_text=_(
            "Tick when the organisation above did not organise the event but took part in it, "
            "for example as a visiting delegation (and who organised it is not known): pages "
            "then name it as participating organisation, not as organiser."
        ),
    )
    co_organisers = models.ManyToManyField(
        "partners.Organisation",
        verbose_name=_("co-organisers"),
        related_name="co_organised_events",
        blank=True,
    )
    project = models.ForeignKey(
        "partners.Project",
        verbose_name=_("project"),
        on_delete=models.SET_NULL,
        related_name="events",
        null=True,
        blank=True,
    )
    measures = models.ManyToManyField(
        "measures.Measure",
        verbose_name=_("measures presented"),
        related_name="events",
        blank=True,
    )
    series = models.ForeignKey(
        "Series",
        verbose_name=_("series"),
        on_delete=models.SET_NULL,
        related_name="events",
        null=True,
        blank=True,
        help_text=_("A series of events of the same organiser that this event belongs to."),
    )
    registration_enabled = models.BooleanField(
        _("registration in the portal"),
        default=True,
        help_text=_("Switch off for events without registration, such as closed study visits."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Number of seats; empty means unlimited.")
    )
    seats_taken = models.PositiveIntegerField(_("seats taken"), default=0, editable=False)
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Empty means: until the event starts."),
    )
    organiser_notifications = models.CharField(
        _("e-mail to the organisers"),
        max_length=10,
        choices=OrganiserNotifications.choices,
        default=OrganiserNotifications.DIGEST,
        help_text=_(
            "Staff of the organising organisation are told about new confirmed registrations, "
            "people joining or moving up from the waiting list and cancellations: in an e-mail "
            "for each of them, in a daily summary (only on days when something happened), or "
            "not at all."
        ),
    )
    recording_url = HttpsURLField(_("recording"), max_length=500, blank=True)
    recording_published_at = models.DateTimeField(
        _("recording published at"), null=True, blank=True, editable=False
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=EventStatus.choices,
        default=EventStatus.DRAFT,
        db_index=True,
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["status", "start"], name="events_event_status_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="events_event_ends_after_start",
                violation_error_message=_("The event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(seats_taken__lte=F("capacity")),
                name="events_event_seats_within_capacity",
                violation_error_message=_("More seats are taken than the capacity allows."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=EventStatus.values),
                name="events_event_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="events_event_registration_window_in_order",
                violation_error_message=_("Registration must close after it opens."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self) -> datetime:
        return timezone.localtime(self.start, self.tz)

    @property
    def local_end(self) -> datetime:
        return timezone.localtime(self.end, self.tz)

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_matchmaking(self) -> bool:
        return self.kind == EventKind.MATCHMAKING

    @property
    def seats_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.seats_taken, 0)

    def is_over(self, now: datetime | None = None) -> bool:
        return self.end < (now or timezone.now())

    def registration_closes(self) -> datetime:
        return self.registration_closes_at or self.start

    def join_window_opens(self) -> datetime:
        return self.start - timedelta(days=settings.EVENTS_REMINDER_DAYS)

    def interpretation_labels(self) -> list[str]:
        labels = dict(MeetingLanguage.choices)
        return [str(labels.get(code, code)) for code in self.interpretation_languages]


class OrganisationType(models.TextChoices):
    COMPANY = "company", _("Company")
    IT_COMPANY = "it_company", _("IT company")
    BUSINESS_SUPPORT = "business_support", _("Business-support institution")
    EMPLOYERS = "employers", _("Employers' organisation or chamber")
    RESEARCH = "research", _("University or research institute")
    PUBLIC_AUTHORITY = "public_authority", _("Public authority")
    NGO = "ngo", _("Association or non-profit organisation")
    OTHER = "other", _("Other")


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for e-mail confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_STATUSES = (
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
)

# What a registrant tells about themselves, in the order of the form, the admin and the data
# the services store; the matchmaking profile only for matchmaking meetings.
REGISTRANT_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "organisation",
    "organisation_type",
    "country",
    "position",
    "message",
)
PROFILE_FIELDS = ("profile_offer", "profile_seek", "profile_shared")


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def expired(self, now: datetime | None = None):
        """Pending registrations whose confirmation time has run out."""
        limit = (now or timezone.now()) - timedelta(hours=settings.EVENTS_CONFIRMATION_HOURS)
        return self.filter(status=RegistrationStatus.PENDING, created_at__lt=limit)


class Registration(models.Model):
    organisation_lookup = "event__organiser"

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail address"), max_length=254)
    organisation = models.CharField(_("organisation"), max_length=200)
    organisation_type = models.CharField(
        _("type of organisation"), max_length=20, choices=OrganisationType.choices
    )
    country = CountryField(_("country"), blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    message = models.TextField(_("message to the organisers"), max_length=2000, blank=True)
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=settings.LANGUAGES,
        help_text=_("The language used when registering; e-mails are sent in it."),
    )
    profile_offer = models.TextField(_("what we offer"), max_length=1000, blank=True)
    profile_seek = models.TextField(_("what we look for"), max_length=1000, blank=True)
    profile_shared = models.BooleanField(
        _("profile may be shown to other participants"), default=False
    )
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PENDING,
        db_index=True,
    )
    # The manage link carries a token derived from this nonce and the secret key; the database
    # holds the nonce and a hash of the token, never the token itself (see events.tokens).
    token_nonce = models.CharField(max_length=64, editable=False, blank=True)
    token_hash = models.CharField(max_length=64, editable=False, blank=True, db_index=True)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True, editable=False)
    waitlisted_at = models.DateTimeField(
        _("on the waiting list since"), null=True, blank=True, editable=False
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True, editable=False)
    reminder_sent_at = models.DateTimeField(
        _("join link sent at"), null=True, blank=True, editable=False
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)
    # Attendance (events.attendance): unknown (None), present (True) or absent (False).
    attended = models.BooleanField(_("attended"), null=True, blank=True, editable=False)
    attendance_marked_at = models.DateTimeField(
        _("attendance marked at"), null=True, blank=True, editable=False
    )
    followup_sent_at = models.DateTimeField(
        _("follow-up sent at"), null=True, blank=True, editable=False
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "event",
                condition=Q(status__in=ACTIVE_STATUSES),
                name="events_registration_one_active_per_email",
                violation_error_message=_(
                    "This e-mail address already has a registration for this event."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=RegistrationStatus.values),
                name="events_registration_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=RegistrationStatus.CONFIRMED) | Q(confirmed_at__isnull=False),
                name="events_registration_confirmed_has_timestamp",
            ),
            models.CheckConstraint(
                condition=~Q(status=RegistrationStatus.WAITLISTED) | Q(waitlisted_at__isnull=False),
                name="events_registration_waitlisted_has_timestamp",
            ),
        ]
        indexes = [
            models.Index(
                fields=["event", "waitlisted_at"],
                condition=Q(status="waitlisted"),
                name="events_registration_waitlist",
            ),
        ]

    def __str__(self) -> str:
        if self.anonymised_at:
            return _("Anonymised registration %(id)s") % {"id": self.pk}
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def confirmation_expires_at(self) -> datetime:
        return self.created_at + timedelta(hours=settings.EVENTS_CONFIRMATION_HOURS)


# --- Registration questions ---------------------------------------------------------------------


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    CHOICE = "choice", _("One choice")
    CHOICES = "choices", _("Several choices")
    YES_NO = "yes_no", _("Yes or no")
    COUNTRY = "country", _("Country")


CHOICE_KINDS = (QuestionKind.CHOICE, QuestionKind.CHOICES)
# Answers that say nothing about a person once the registration is anonymised; they stay for
# the statistics. Text answers are removed with the person's details.
STATISTICAL_KINDS = (*CHOICE_KINDS, QuestionKind.YES_NO, QuestionKind.COUNTRY)
YES, NO = "yes", "no"


class QuestionQuerySet(models.QuerySet):
    def asked(self):
        """The questions the registration form asks (not retired), in their order."""
        return self.filter(retired_at__isnull=True).order_by("position", "pk")


class Question(models.Model):
    """A question an event's organisers add to its registration form.

    A question people answered is retired rather than deleted: the form stops asking it and the
    answers stay in the export and the statistics (the answers protect it from deletion)."""

    organisation_lookup = "event__organiser"

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="questions"
    )
    kind = models.CharField(_("kind of answer"), max_length=12, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    required = models.BooleanField(_("an answer is required"), default=False)
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("order in a list", "position"), default=0
    )
    retired_at = models.DateTimeField(
        _("retired at"),
        null=True,
        blank=True,
        help_text=_(
            "A retired question is no longer asked; the answers given so far are kept. "
            "Retire questions people have answered instead of deleting them."
        ),
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        ordering = ["event", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=QuestionKind.values), name="events_question_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def has_choices(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def field_name(self) -> str:
        """The name of the question's field in the registration and answers forms."""
        return f"question_{self.pk}"


class QuestionChoice(models.Model):
    """One of the answers a choice question offers. Retired like questions, never deleted
    once chosen."""

    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices"
    )
    label = models.CharField(_("answer"), max_length=200)
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("order in a list", "position"), default=0
    )
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer to choose")
        verbose_name_plural = _("answers to choose")
        ordering = ["question", "position", "pk"]

    def __str__(self) -> str:
        return self.label


class Answer(models.Model):
    """A registrant's answer to one question: text (also a country code, or yes/no) or the
    chosen answers."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers"
    )
    text = models.TextField(_("answer"), max_length=2000, blank=True)
    choices = models.ManyToManyField(
        QuestionChoice,
        verbose_name=_("chosen answers"),
        related_name="answers",
        blank=True,
        through="AnswerChoice",
    )
    updated_at = models.DateTimeField(_("answered at"), default=timezone.now)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "question"], name="events_answer_one_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.text}"


class AnswerChoice(models.Model):
    """A chosen answer: protects the choice from deletion (it can be retired instead)."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="chosen")
    choice = models.ForeignKey(QuestionChoice, on_delete=models.PROTECT, related_name="chosen")

    class Meta:
        verbose_name = _("chosen answer")
        verbose_name_plural = _("chosen answers")
        constraints = [
            models.UniqueConstraint(fields=["answer", "choice"], name="events_answerchoice_once"),
        ]

    def __str__(self) -> str:
        return str(self.choice)


# --- Feedback after the event -------------------------------------------------------------------


class Feedback(models.Model):
    """A participant's answer to the short feedback form after the event (events.feedback).

    Anonymous to organisers: the admin shows ratings and texts per event, never who gave them.
    The link to the registration only keeps it to one answer per person; erasure and the purge
    cut it and delete the texts, and the rating stays with the event."""

    organisation_lookup = "event__organiser"

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="feedback"
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.SET_NULL,
        related_name="feedback",
        null=True,
        blank=True,
    )
    rating = models.PositiveSmallIntegerField(_("rating"))
    useful = models.TextField(_("what was useful"), max_length=2000, blank=True)
    improve = models.TextField(_("what to improve"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("given at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("changed at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["event", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5),
                name="events_feedback_rating_1_to_5",
                violation_error_message=_("The rating must be between 1 and 5."),
            ),
            models.UniqueConstraint(
                fields=["registration"], name="events_feedback_one_per_registration"
            ),
        ]

    def __str__(self) -> str:
        return _("Feedback %(id)s") % {"id": self.pk}


# --- Series of events ---------------------------------------------------------------------------


class SeriesQuerySet(models.QuerySet):
    def public(self):
        """Series visitors see: those with at least one published (or cancelled) event."""
        return self.filter(
            models.Exists(Event.objects.published().filter(series=models.OuterRef("pk")).order_by())
        )


class Series(models.Model):
    """Events of one organiser that belong together, such as a series of online workshops.

    A series has no review workflow of its own: it is public while one of its events is
    (events.series), and which events belong to it is reviewed with each event."""

    organisation_lookup = "organiser"

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("Part of the page address; changing it breaks links to the page."),
    )
    description = models.TextField(_("description"), blank=True)
    organiser = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="organised_series",
    )
    co_organisers = models.ManyToManyField(
        "partners.Organisation",
        verbose_name=_("co-organisers"),
        related_name="co_organised_series",
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SeriesQuerySet.as_manager()

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = pgettext_lazy("plural", "series")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:series", kwargs={"slug": self.slug})


class SeriesSubmission(models.Model):
    """One sending of a series' registration form: the registrations it created, confirmed
    together through one secret link (events.series). The database holds a nonce and the hash
    of the link's token, as for registrations."""

    series = models.ForeignKey(
        Series, verbose_name=_("series"), on_delete=models.CASCADE, related_name="submissions"
    )
    registrations = models.ManyToManyField(
        Registration, verbose_name=_("registrations"), related_name="series_submissions"
    )
    token_nonce = models.CharField(max_length=64, editable=False)
    token_hash = models.CharField(max_length=64, editable=False, unique=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("registration for a series")
        verbose_name_plural = _("registrations for a series")

    def __str__(self) -> str:
        return f"{self.series} ({self.pk})"


# --- Organisers' daily summaries ----------------------------------------------------------------


class OrganiserDigest(models.Model):
    """The daily summary of an event's registrations sent to its organisers on one day
    (events.notifications). One row per event and day, claimed in the transaction that queues
    the e-mails: two runs of the command at once send it once."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="organiser_digests"
    )
    day = models.DateField(_("day"))
    period_start = models.DateTimeField(_("changes since"))
    period_end = models.DateTimeField(_("changes until"))
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("organisers' daily summary")
        verbose_name_plural = _("organisers' daily summaries")
        ordering = ["event", "-day"]
        constraints = [
            models.UniqueConstraint(fields=["event", "day"], name="events_organiserdigest_once"),
        ]

    def __str__(self) -> str:
        return f"{self.event} ({self.day})"
