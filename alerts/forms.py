"""The public subscription form, with the spam guards of the registration form: a honeypot
field and a signed start time (EVENTS_FORM_MIN_SECONDS), under its own signing salt."""

from __future__ import annotations

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from alerts.models import Frequency
from core.forms import PlainTextFormMixin
from events.forms import HONEYPOT_FIELD, STARTED_MAX_AGE

STARTED_SALT = "alerts.subscribe.form-started"


def started_token() -> str:
    return signing.dumps(time.time(), salt=STARTED_SALT)


class SubscribeForm(PlainTextFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("We send a link to this address; the alert starts once you follow it."),
    )
    frequency = forms.ChoiceField(
        label=_("How often?"),
        choices=Frequency.choices,
        initial=Frequency.WEEKLY,
        widget=forms.RadioSelect,
        help_text=_("An e-mail comes only when something new was published."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my e-mail address is stored to send me these alerts, as described in "
            "the privacy notice."
        ),
        required=True,
        error_messages={"required": _("Please agree to the privacy notice to subscribe.")},
    )
    homepage = forms.CharField(label=_("Leave this field empty"), required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    field_order = ["email", "frequency", "consent", HONEYPOT_FIELD, "started"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
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
        except (signing.BadSignature, TypeError, ValueError):
            raise forms.ValidationError(
                _("The form could not be checked. Please send it again."), code="invalid"
            ) from None
        try:
            elapsed = time.time() - float(started)
        except (TypeError, ValueError):
            raise forms.ValidationError(
                _("The form could not be checked. Please send it again."), code="invalid"
            ) from None
        if elapsed < settings.EVENTS_FORM_MIN_SECONDS:
            raise forms.ValidationError(
                _("The form was sent unusually fast. Please check your entries and send it again."),
                code="too_fast",
            )
        return cleaned


class FrequencyForm(forms.Form):
    """Changing how often one subscription's digest comes (manage page)."""

    subscription = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    frequency = forms.ChoiceField(choices=Frequency.choices)
