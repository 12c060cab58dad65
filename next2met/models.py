from django.db import models


class ContentVersion(models.Model):
    """The single row PostgreSQL raises on every change of public content (next2met.pagecache).

    The table, its function and triggers are created by migrations and `content_triggers_ensure`.
    """

    value = models.BigIntegerField()

    class Meta:
        managed = False
        db_table = "next2met_content_version"

    def __str__(self) -> str:
        return str(self.value)
