"""Stored answers of the read API."""

from __future__ import annotations

from django.db import models


class MeasureDocument(models.Model):
    """A measure as the API's lists give it, in one answer language, built at a content version
    (next2met.contentversion). While the version stands, a page of measures reads these instead
    of building every object again; any change of public content raises the version, and the
    next page that needs a measure builds and stores it anew (one row per measure and language,
    replaced in place). Nothing here is ever shown without that check."""

    measure = models.ForeignKey("measures.Measure", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=5)
    version = models.BigIntegerField()
    document = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "language"], name="api_measuredocument_once_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} ({self.language}, {self.version})"
