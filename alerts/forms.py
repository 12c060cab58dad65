"""The public subscription form, with the spam guards of the registration form (a honeypot
field and a signed start time, core.forms.SpamGuardFormMixin) under its own signing salt."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alerts.models import Frequency
from core.forms import HONEYPOT_FIELD, PlainTextFormMixin, SpamGuardFormMixin


class SubscribeForm(PlainTextFormMixin, SpamGuardFormMixin, forms.Form):
    started_salt = "alerts.subscribe.form-started"

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

    field_order = ["email", "frequency", "consent", HONEYPOT_FIELD, "started"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def clean_email(self):
        return self.cleaned_data["email"].strip()


class FrequencyForm(forms.Form):
    """Changing how often one subscription's digest comes (manage page)."""

    subscription = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    frequency = forms.ChoiceField(choices=Frequency.choices)
