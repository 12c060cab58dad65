"""Admin forms of the measures app: the values are checked and cleaned by measures.services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from measures.models import RICH_TEXT_FIELDS, Measure
from measures.services import measure_clean


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
            *RICH_TEXT_FIELDS,
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
        try:
            cleaned.update(measure_clean(values=cleaned, measure=self.instance))
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                # A field the form does not show (a language tab left out): above the form.
                self.add_error(field if field in self.fields else None, messages)
        return cleaned
