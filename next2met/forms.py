"""The staff password reset form (public forms of the apps live in the apps)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm

from core.forms import PlainTextFormMixin


class StaffPasswordResetForm(PlainTextFormMixin, PasswordResetForm):
    """Password reset that also reaches accounts without a password yet.

    Partner managers add staff by e-mail address; such accounts start without a usable
    password and their owners set one through this e-mailed link.
    """

    def get_users(self, email):
        user_model = get_user_model()
        email_field = user_model.get_email_field_name()
        users = user_model._default_manager.filter(
            **{f"{email_field}__iexact": email, "is_active": True}
        )
        return (user for user in users if getattr(user, email_field).casefold() == email.casefold())
