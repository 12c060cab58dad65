"""Forms of matchmaking, all reached through a registrant's secret link: the profile (opting
in), the directory's filters, asking for a meeting and the agenda's buttons.

Text fields follow the public forms' rules (core.forms.PlainTextFormMixin: NFC, no characters
that disguise text); choices a form does not offer are refused with a message, never a 500.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.facets import ALPHABETICAL, COUNT, VOCABULARY, Facet, facet_build
from core.forms import PlainTextFormMixin
from core.text import sort_key
from events.models import Event, OrganisationType
from matchmaking.models import SPOKEN_LANGUAGES, Slot, spoken_language_choices
from matchmaking.selectors import Directory, DirectoryFilters
from matchmaking.services import MESSAGE_MAX_LENGTH
from matchmaking.templatetags.matchmaking_tags import slot_when_text
from measures.models import TargetGroup, Theme
from partners.models import Region

PROFILE_TEXT_MAX_LENGTH = 1000  # as Registration.profile_offer / profile_seek
LANGUAGES_MAX = 12  # as Profile.languages
# A PostgreSQL bigint: larger ids cannot name a row (and are refused before any query).
ID_MAX = 2**63 - 1


def _spoken_language_choices() -> list[tuple[str, str]]:
    """The languages in the active language's alphabetical order ("łotewski" after "litewski")."""
    return sorted(spoken_language_choices(), key=lambda choice: sort_key(choice[1]))


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        return f"{obj.name} ({obj.nuts_code})"


class ProfileForm(PlainTextFormMixin, forms.Form):
    """Opting in to matchmaking, or changing the profile: what the other opted-in participants
    of the event see besides name, organisation, type and country."""

    profile_offer = forms.CharField(
        label=_("What we offer"),
        max_length=PROFILE_TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Products, services or know-how your organisation brings to a cooperation."),
    )
    profile_seek = forms.CharField(
        label=_("What we look for"),
        max_length=PROFILE_TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Partners, skills or projects you would like to find."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you can hold a meeting in (optional)"),
        choices=_spoken_language_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Please choose among the languages listed.")},
    )
    region = RegionChoiceField(
        label=_("Region (optional)"),
        queryset=Region.objects.order_by("country", "name"),
        required=False,
        empty_label=_("Not given"),
        error_messages={"invalid_choice": _("Please choose one of the regions listed.")},
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes (optional)"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Please choose among the themes listed."),
            "invalid_pk_value": _("Please choose among the themes listed."),
        },
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Target groups (optional)"),
        queryset=TargetGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Please choose among the target groups listed."),
            "invalid_pk_value": _("Please choose among the target groups listed."),
        },
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the other participants of this event who share their profile too see "
            "my name, organisation, type of organisation, country and this profile. They never "
            "see my e-mail address. I can withdraw my profile at any time."
        ),
        required=True,
        error_messages={"required": _("Please agree, so that your profile can be shown.")},
    )

    def clean_languages(self):
        languages = self.cleaned_data["languages"]
        if len(languages) > LANGUAGES_MAX:
            raise forms.ValidationError(
                _("Please choose at most %(count)d languages."), params={"count": LANGUAGES_MAX}
            )
        return languages

    def clean(self):
        cleaned = super().clean()
        offer = (cleaned.get("profile_offer") or "").strip()
        seek = (cleaned.get("profile_seek") or "").strip()
        if (
            not offer
            and not seek
            and "profile_offer" not in self.errors
            and "profile_seek" not in self.errors
        ):
            self.add_error(
                "profile_offer",
                _("Please describe what your organisation offers, what it looks for, or both."),
            )
        return cleaned

    def profile_data(self) -> dict:
        """The valid form as the arguments of `services.profile_save`."""
        data = self.cleaned_data
        return {
            "offer": data["profile_offer"].strip(),
            "seek": data["profile_seek"].strip(),
            "languages": data["languages"],
            "region": data["region"],
            "themes": data["themes"],
            "target_groups": data["target_groups"],
        }


# --- Directory --------------------------------------------------------------------------------

FILTER_VALUES_MAX = 50


class LenientMultipleChoiceField(forms.TypedMultipleChoiceField):
    """Values the list does not offer (an old link, a typo, a made-up address) are left out
    instead of refusing the whole filter."""

    def clean(self, value):
        values = value if isinstance(value, list | tuple) else []
        values = [str(item) for item in values[:FILTER_VALUES_MAX]]
        return self._coerce([item for item in values if item and self.valid_value(item)])


def _country_choices() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in countries]


class DirectoryFilterForm(PlainTextFormMixin, forms.Form):
    """The directory's search and filters (GET). A bad search is reported and left out; bad
    filter values are left out silently."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    country = LenientMultipleChoiceField(choices=_country_choices, required=False)
    organisation_type = LenientMultipleChoiceField(choices=OrganisationType.choices, required=False)
    language = LenientMultipleChoiceField(
        choices=[(code, code) for code in SPOKEN_LANGUAGES], required=False
    )
    theme = LenientMultipleChoiceField(coerce=int, required=False)

    def __init__(self, data=None, *, themes: Iterable[Theme] = ()):
        super().__init__(data or None)
        self.themes = list(themes)
        self.fields["theme"].choices = [(str(theme.pk), theme.name) for theme in self.themes]
        self.fields["q"].widget.attrs.update(autocomplete="off", type="search")

    def filters(self) -> DirectoryFilters:
        if not self.is_bound:
            return DirectoryFilters()
        self.is_valid()
        data = self.cleaned_data
        return DirectoryFilters(
            query=data.get("q", "").strip(),
            countries=tuple(data.get("country", ())),
            organisation_types=tuple(data.get("organisation_type", ())),
            languages=tuple(data.get("language", ())),
            themes=tuple(data.get("theme", ())),
        )

    @property
    def is_filtered(self) -> bool:
        filters = self.filters()
        return any(
            (
                filters.query,
                filters.countries,
                filters.organisation_types,
                filters.languages,
                filters.themes,
            )
        )

    def facets(self, directory: Directory) -> list[Facet]:
        """The filters' checkboxes: each value that gives participants (or is chosen), with
        how many it gives under the other filters."""
        filters = self.filters()
        languages = dict(spoken_language_choices())
        families = (
            ("country", _("Country"), ALPHABETICAL, _country_choices(), filters.countries),
            (
                "organisation_type",
                _("Type of organisation"),
                VOCABULARY,
                OrganisationType.choices,
                filters.organisation_types,
            ),
            (
                "language",
                _("Language"),
                ALPHABETICAL,
                list(languages.items()),
                filters.languages,
            ),
            (
                "theme",
                _("Themes"),
                COUNT,
                [(str(theme.pk), theme.name) for theme in self.themes],
                filters.themes,
            ),
        )
        return [
            facet_build(
                name=name,
                label=str(label),
                order=order,
                choices=[(str(value), str(text)) for value, text in choices],
                counts=_str_keys(directory.facets.get(name, {})),
                selected=[str(value) for value in selected],
            )
            for name, label, order, choices, selected in families
        ]


def _str_keys(counts: Mapping) -> dict[str, int]:
    return {str(value): count for value, count in counts.items()}


# --- Asking for a meeting and answering -------------------------------------------------------


class SlotForm(PlainTextFormMixin, forms.Form):
    """A choice among the slots offered (free for both people), with an optional message."""

    slot = forms.TypedChoiceField(
        label=_("When would you like to meet?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose a time."),
            "invalid_choice": _("This time is not available (any more). Please choose another."),
        },
    )
    message = forms.CharField(
        label=_("Message (optional)"),
        max_length=MESSAGE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Up to 500 characters: what you would like to talk about."),
    )

    def __init__(self, *args, slots: Iterable[Slot], event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = {slot.pk: slot for slot in slots}
        self.fields["slot"].choices = [
            (str(pk), slot_when_text(slot, event)) for pk, slot in self.slots.items()
        ]

    def chosen_slot(self) -> Slot:
        return self.slots[self.cleaned_data["slot"]]


class ProposeForm(SlotForm):
    """Declining a request with another time (the agenda): one per request, ids kept apart."""

    def __init__(self, *args, meeting_id: int, **kwargs):
        super().__init__(*args, auto_id=f"id_m{meeting_id}_%s", **kwargs)
        slot = self.fields["slot"]
        slot.label = _("Another time")
        slot.widget = forms.Select()
        slot.choices = [("", _("Please choose")), *slot.choices]
        self.fields["message"].help_text = ""


MEETING_ACTIONS = ("accept", "decline", "propose", "withdraw", "cancel", "report")


class MeetingActionForm(forms.Form):
    """What a button of the agenda asks for, and for which meeting."""

    action = forms.ChoiceField(choices=[(action, action) for action in MEETING_ACTIONS])
    meeting = forms.IntegerField(min_value=1, max_value=ID_MAX)


YES, NO = "yes", "no"


def _yes_no(value: str) -> bool | None:
    return {YES: True, NO: False}.get(value)


def yes_no_value(value: bool | None) -> str:
    return {True: YES, False: NO}.get(value, "")


class ReportForm(forms.Form):
    """After the meeting's slot began: did it take place, will there be a cooperation?"""

    held = forms.TypedChoiceField(
        label=_("Did the meeting take place?"),
        choices=[(YES, _("Yes")), (NO, _("No")), ("", _("Not said"))],
        coerce=_yes_no,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    cooperation = forms.TypedChoiceField(
        label=_("Do you intend to cooperate?"),
        choices=[(YES, _("Yes")), (NO, _("No")), ("", _("Not said"))],
        coerce=_yes_no,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, meeting_id: int, **kwargs):
        super().__init__(*args, auto_id=f"id_r{meeting_id}_%s", **kwargs)
