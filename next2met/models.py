from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    """The single row PostgreSQL raises on every change of public content.

    The table, its function and its triggers are created by migrations (see
    next2met.contentversion); read it with `next2met.contentversion.content_version()`.
    """

    value = models.BigIntegerField()

    class Meta:
        managed = False
        db_table = "next2met_content_version"

    def __str__(self) -> str:
        return str(self.value)


class StaffLanguage(models.Model):
    """The language a member of staff last used the admin in: e-mails about reviews reach them
    in it (`PortalAdminSite.each_context` records it)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="staff_language",
        verbose_name=_("user"),
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("admin language")
        verbose_name_plural = _("admin languages")

    def __str__(self) -> str:
        return f"{self.user}: {self.language}"
