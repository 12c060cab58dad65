"""Forms: public registration (with its spam guards) and the organisers' admin forms."""

from __future__ import annotations

import time
import zoneinfo

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.forms import PlainTextFormMixin
from core.text import sort_key
from events.models import (
    NO,
    PROFILE_FIELDS,
    REGISTRANT_FIELDS,
    YES,
    Event,
    OrganisationType,
    Question,
    QuestionKind,
)
from events.services import event_capacity_check

STARTED_SALT = "events.registration.form-started"
STARTED_MAX_AGE = 24 * 3600
HONEYPOT_FIELD = "homepage"


def country_choices() -> list[tuple[str, str]]:
    """Countries named in the active language, in that language's alphabetical order.

    A callable, so that the list is built each time a form shows or checks it, in the language
    of that request (a list built at import would stay in the language active then).
    """
    named = sorted(((code, str(name)) for code, name in countries), key=lambda c: sort_key(c[1]))
    return [("", _("Please choose")), *named]


ANSWER_MAX_LENGTH = {QuestionKind.SHORT_TEXT: 300, QuestionKind.LONG_TEXT: 2000}


def question_field(question: Question) -> forms.Field:
    """The form field that asks the question, in the active language."""
    label = question.text
    if not question.required:
        label = _("%(question)s (optional)") % {"question": question.text}
    options = {"label": label, "help_text": question.help_text, "required": question.required}
    kind = question.kind
    if kind == QuestionKind.SHORT_TEXT:
        return forms.CharField(max_length=ANSWER_MAX_LENGTH[kind], **options)
    if kind == QuestionKind.LONG_TEXT:
        return forms.CharField(
            max_length=ANSWER_MAX_LENGTH[kind], widget=forms.Textarea(attrs={"rows": 4}), **options
        )
    if kind == QuestionKind.YES_NO:
        return forms.ChoiceField(
            choices=[(YES, _("Yes")), (NO, _("No"))], widget=forms.RadioSelect, **options
        )
    if kind == QuestionKind.COUNTRY:
        return forms.ChoiceField(choices=country_choices, **options)
    choices = [(str(choice.pk), choice.label) for choice in question.asked_choices]
    if kind == QuestionKind.CHOICE:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **options)
    return forms.MultipleChoiceField(
        choices=choices, widget=forms.CheckboxSelectMultiple, **options
    )


class QuestionFieldsMixin:
    """Adds a field for each of the event's questions (`questions`: those asked, with their
    `asked_choices`; see events.selectors.event_questions) and reads the answers back."""

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[question.field_name] = question_field(question)

    def question_fields(self):
        return [self[question.field_name] for question in self.questions]

    def answers(self) -> dict[Question, str | list[str]]:
        """The valid answers by question: text, a country code, yes/no or choice ids."""
        return {question: self.cleaned_data.get(question.field_name) for question in self.questions}


class AnswersForm(PlainTextFormMixin, QuestionFieldsMixin, forms.Form):
    """A registrant's answers on the manage page, changeable until registration closes."""


class RegistrationForm(PlainTextFormMixin, QuestionFieldsMixin, forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("We send a link to this address; your registration counts once you follow it."),
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    organisation_type = forms.ChoiceField(
        label=_("Type of organisation"),
        choices=[("", _("Please choose")), *OrganisationType.choices],
    )
    country = forms.ChoiceField(label=_("Country"), choices=country_choices)
    position = forms.CharField(label=_("Position (optional)"), max_length=150, required=False)
    message = forms.CharField(
        label=_("Message to the organisers (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    profile_offer = forms.CharField(
        label=_("What we offer (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Products, services or know-how your organisation brings to a cooperation."),
    )
    profile_seek = forms.CharField(
        label=_("What we look for (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Partners, skills or projects you would like to find."),
    )
    profile_shared = forms.BooleanField(
        label=_("Show my name, organisation and profile to the other participants of this event."),
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my details are processed to organise this event, as described in the "
            "privacy notice."
        ),
        required=True,
        error_messages={"required": _("Please agree to the privacy notice to register.")},
    )
    homepage = forms.CharField(label=_("Leave this field empty"), required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    field_order = [*REGISTRANT_FIELDS, *PROFILE_FIELDS, "consent", HONEYPOT_FIELD, "started"]

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        if not event.is_matchmaking:
            for name in PROFILE_FIELDS:
                del self.fields[name]
        autocomplete = {
            "first_name": "given-name",
            "last_name": "family-name",
            "email": "email",
            "organisation": "organization",
            "country": "country",
            "position": "organization-title",
        }
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        self.fields[HONEYPOT_FIELD].widget.attrs.update(autocomplete="off", tabindex="-1")
        if not self.is_bound:
            self.initial["started"] = started_token()

    @property
    def is_spam(self) -> bool:
        """A filled honeypot: answered like a success, but nothing is stored or sent."""
        return bool(self.data.get(HONEYPOT_FIELD))

    def started_value(self) -> str:
        """The form's start time to render again: kept while valid, otherwise a fresh one."""
        value = self.data.get("started", "") if self.is_bound else self.initial.get("started")
        try:
            signing.loads(value or "", salt=STARTED_SALT, max_age=STARTED_MAX_AGE)
        except signing.BadSignature:
            return started_token()
        return value

    def clean_email(self):
        return self.cleaned_data["email"].strip()

    def clean(self):
        cleaned = super().clean()
        try:
            started = signing.loads(
                self.data.get("started", ""), salt=STARTED_SALT, max_age=STARTED_MAX_AGE
            )
        except signing.SignatureExpired:
            raise forms.ValidationError(
                _("The form was open for too long. Please check your entries and send it again."),
                code="expired",
            ) from None
        except signing.BadSignature:
            raise forms.ValidationError(
                _("The form could not be checked. Please send it again."), code="invalid"
            ) from None
        if time.time() - float(started) < settings.EVENTS_FORM_MIN_SECONDS:
            raise forms.ValidationError(
                _("The form was sent unusually fast. Please check your entries and send it again."),
                code="too_fast",
            )
        return cleaned


def started_token() -> str:
    return signing.dumps(time.time(), salt=STARTED_SALT)


# --- Admin ------------------------------------------------------------------------------------

LOCAL_TIME_FIELDS = ("start", "end", "registration_opens_at", "registration_closes_at")


class EventAdminForm(forms.ModelForm):
    """Times are entered and shown in the event's own time zone, not the server's."""

    notify_registrants = forms.BooleanField(
        label=_("Tell registrants about this change"),
        required=False,
        help_text=_(
            "Sends an e-mail to confirmed and waiting registrants when the date, time, format, "
            "place or join link changed."
        ),
    )

    class Meta:
        model = Event
        fields = (
            "title",
            "slug",
            "summary",
            "description",
            "report",
            "kind",
            "time_zone",
            "start",
            "end",
            "dates_only",
            "format",
            "venue",
            "platform",
            "join_link",
            "meeting_language",
            "interpretation_languages",
            "moderator",
            "organiser",
            "organiser_only_took_part",
            "co_organisers",
            "project",
            "series",
            "measures",
            "registration_enabled",
            "capacity",
            "registration_opens_at",
            "registration_closes_at",
            "organiser_notifications",
            "recording_url",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk:
            tz = instance.tz
            for name in LOCAL_TIME_FIELDS:
                value = getattr(instance, name)
                if value is not None and name in self.fields:
                    # A naive value is shown as it is: the wall-clock time in the event's zone.
                    self.initial[name] = timezone.localtime(value, tz).replace(tzinfo=None)

    def clean(self):
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone") or self.instance.time_zone or settings.TIME_ZONE
        try:
            tz = zoneinfo.ZoneInfo(zone_name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return cleaned
        current = timezone.get_current_timezone()
        for name in LOCAL_TIME_FIELDS:
            value = cleaned.get(name)
            if value is None or name not in self.fields:
                continue
            wall_clock = timezone.make_naive(value, current)
            aware = wall_clock.replace(tzinfo=tz)
            roundtrip = timezone.localtime(aware.astimezone(zoneinfo.ZoneInfo("UTC")), tz)
            if roundtrip.replace(tzinfo=None) != wall_clock:
                self.add_error(
                    name,
                    _("%(time)s does not exist in %(zone)s (the clocks change that night).")
                    % {"time": wall_clock.strftime("%Y-%m-%d %H:%M"), "zone": zone_name},
                )
                continue
            cleaned[name] = aware
        series, organiser = cleaned.get("series"), cleaned.get("organiser")
        if series is not None and organiser is not None and series.organiser_id != organiser.pk:
            self.add_error("series", _("Choose a series of the event's organiser."))
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The event must end after it starts."))
        capacity = cleaned.get("capacity")
        if capacity is not None and self.instance.pk:
            # The admin checks and saves in one transaction: locking the event row here keeps
            # confirmations from taking a seat between this check and the save, so a refusal
            # is always this message on the form (events.services checks again when saving).
            events = Event.objects.filter(pk=self.instance.pk)
            if transaction.get_connection().in_atomic_block:
                events = events.select_for_update(of=("self",))
            taken = events.values_list("seats_taken", flat=True).first() or 0
            try:
                event_capacity_check(capacity=capacity, seats_taken=taken)
            except ValidationError as error:
                self.add_error("capacity", error)
        return cleaned


class ParticipantMessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 10, "cols": 80}),
        max_length=5000,
        help_text=_(
            "Each participant gets the message with a greeting in their language, the event's "
            "details and their personal link."
        ),
    )


# --- After the event: feedback and attendance ---------------------------------------------------


class FeedbackForm(PlainTextFormMixin, forms.Form):
    """The participant's feedback (events.feedback), through their secret link."""

    rating = forms.TypedChoiceField(
        label=_("How would you rate the event overall?"),
        help_text=_("1 = poor, 5 = excellent"),
        choices=[(str(n), str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose a rating from 1 to 5."),
            "invalid_choice": _("Please choose a rating from 1 to 5."),
        },
    )
    useful = forms.CharField(
        label=_("What was useful for you? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    improve = forms.CharField(
        label=_("What should we improve? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AttendanceImportForm(forms.Form):
    """The participant report of the meeting platform, for the event's attendance page."""

    report = forms.FileField(
        label=_("Participant report (CSV)"),
        help_text=_(
            "The list of participants the meeting platform exports, as CSV with a column of "
            "e-mail addresses (separated by semicolons or commas, UTF-8)."
        ),
        error_messages={"required": _("Please choose the file of the participant report.")},
    )


# --- Series: one form for several events --------------------------------------------------------


class SeriesRegistrationForm(RegistrationForm):
    """The registration form of a series: the event form's fields and spam guards, and a
    checkbox for each event of the series that the form offers (`events`). The matchmaking
    profile is asked when one of those events is a matchmaking meeting, and stored only with
    the registrations for such meetings."""

    events = forms.MultipleChoiceField(
        label=_("Events"),
        help_text=_("Choose the events you would like to attend."),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Please choose at least one event."),
            "invalid_choice": _("Please choose among the events listed."),
        },
    )

    field_order = ["events", *RegistrationForm.field_order]

    def __init__(self, *args, events, **kwargs):
        self.offered = list(events)
        matchmaking = [event for event in self.offered if event.is_matchmaking]
        representative = (matchmaking or self.offered or [Event(kind="workshop")])[0]
        super().__init__(*args, event=representative, questions=(), **kwargs)
        self.fields["events"].choices = [(str(event.pk), event.title) for event in self.offered]

    @property
    def asks_profile(self) -> bool:
        return "profile_offer" in self.fields

    def chosen_events(self) -> list[Event]:
        chosen = set(self.cleaned_data.get("events") or ())
        return [event for event in self.offered if str(event.pk) in chosen]
