from django.db import models


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
