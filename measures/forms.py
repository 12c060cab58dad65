"""Admin forms of the measures app: texts are cleaned and images normalised before saving."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from measures.models import LANGUAGE_CODES, Measure
from measures.services import measure_image_normalise, plain_text_clean, rich_text_sanitise

RICH_FIELDS = (
    "description",
    "challenge",
    "results",
    "resources_needed",
    "difficulties",
    "transfer_potential",
)
PLAIN_FIELDS = ("title", "summary", "image_alt")
MIN_THEMES, MAX_THEMES = 1, 3


class MeasureAdminForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = (
            "title",
            "slug",
            "summary",
            "kind",
            "themes",
            "target_groups",
            *RICH_FIELDS,
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
            "website",
            "contact_name",
            "contact_email",
            "image",
            "image_alt",
        )
        widgets = {
            "image": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"})
        }

    def clean(self):
        cleaned = super().clean()
        for name in RICH_FIELDS:
            for key in [name, *(f"{name}_{code}" for code in LANGUAGE_CODES)]:
                if key in cleaned:
                    cleaned[key] = rich_text_sanitise(html=cleaned[key])
        for name in PLAIN_FIELDS:
            for key in [name, *(f"{name}_{code}" for code in LANGUAGE_CODES)]:
                if isinstance(cleaned.get(key), str):
                    cleaned[key] = plain_text_clean(text=cleaned[key])
        themes = cleaned.get("themes")
        if themes is not None and not MIN_THEMES <= len(themes) <= MAX_THEMES:
            self.add_error("themes", _("Choose one to three themes."))
        if cleaned.get("image") and not any(
            cleaned.get(f"image_alt_{code}") for code in LANGUAGE_CODES
        ):
            self.add_error("image_alt_en", _("Describe the image for people who cannot see it."))
        return cleaned

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if isinstance(image, UploadedFile):
            slug = self.cleaned_data.get("slug") or self.instance.slug or "measure"
            return measure_image_normalise(upload=image, name=slug)
        return image
