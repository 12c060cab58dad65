"""Model fields shared by the portal's apps."""

from django.db import models


class HttpsURLField(models.URLField):
    """A URL field whose forms add https:// (not http://) to an address typed without scheme.

    This is Django 6's default; declaring it here keeps forms and the admin free of the
    transitional warning of Django 5.x.
    """

    def formfield(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)
