from django.db import models


class Hit(models.Model):
    """One row per request: the smallest write a view can commit."""

    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"hit {self.pk}"
