"""Admin forms of the partners app."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from core.images import image_normalise
from partners.models import Membership, Organisation


class OrganisationAdminForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = (
            "name",
            "acronym",
            "slug",
            "kind",
            "country",
            "region",
            "city",
            "website",
            "email",
            "phone",
            "description",
            "logo",
        )
        widgets = {
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"})
        }

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            slug = self.cleaned_data.get("slug") or self.instance.slug or "logo"
            return image_normalise(upload=logo, max_side=600, name=slug)
        return logo


class MembershipAddForm(forms.ModelForm):
    """Add a person to an organisation by e-mail address (an account is created if needed)."""

    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The person's work e-mail address; it is also their user name."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)

    class Meta:
        model = Membership
        fields = ("organisation", "role")

    def clean(self):
        cleaned = super().clean()
        organisation, email = cleaned.get("organisation"), cleaned.get("email")
        if (
            organisation
            and email
            and Membership.objects.filter(
                organisation=organisation, user__email__iexact=email
            ).exists()
        ):
            raise forms.ValidationError(
                _("This person is already a member of the organisation."), code="duplicate"
            )
        return cleaned
