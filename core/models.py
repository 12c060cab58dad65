from django.db import models


class RateCounter(models.Model):
    """Requests of one kind from one client address in its current window (core.ratelimit).

    One row per kind and address, counted by a single `INSERT … ON CONFLICT DO UPDATE`, so
    concurrent requests on any number of app servers never lose a count. The key holds a keyed
    hash of the address, never the address itself.
    """

    key = models.CharField(primary_key=True, max_length=120)
    count = models.PositiveIntegerField()
    window_ends_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(count__gte=1), name="core_ratecounter_count_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
