"""The street list of a neighbourhood: what the report form suggests, and where "use my
location" looks when the national geocoder is not configured or does not answer."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .organisation import Neighbourhood


def validate_lines(value: object) -> None:
    """A list of lines, each a list of [latitude, longitude] points on earth."""
    message = _("Give a list of lines, each a list of [latitude, longitude] points.")
    if not isinstance(value, list):
        raise ValidationError(message, code="lines")
    for line in value:
        if not isinstance(line, list) or not line:
            raise ValidationError(message, code="lines")
        for point in line:
            if not _is_point(point):
                raise ValidationError(message, code="lines")


def _is_point(point: object) -> bool:
    return isinstance(point, list) and len(point) == 2 and on_earth(point[0], point[1])


def on_earth(latitude: object, longitude: object) -> bool:
    """Two plain numbers that make a latitude and a longitude."""
    numbers = all(
        isinstance(n, int | float) and not isinstance(n, bool) for n in (latitude, longitude)
    )
    return numbers and -90 <= latitude <= 90 and -180 <= longitude <= 180  # type: ignore[operator]


class StreetQuerySet(models.QuerySet["Street"]):
    def located(self) -> StreetQuerySet:
        """Streets with a place: a point, or a line, to measure the distance to."""
        return self.filter(Q(latitude__isnull=False) | ~Q(lines=[]))


class Street(models.Model):
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.CASCADE,
        related_name="streets",
        verbose_name=_("neighbourhood"),
    )
    name = models.CharField(_("name"), max_length=120)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    lines = models.JSONField(
        _("lines"),
        default=list,
        blank=True,
        validators=[validate_lines],
        help_text=_(
            "The street as lines of [latitude, longitude] points (from a GeoJSON import); "
            "the point above is their centre."
        ),
    )

    objects = StreetQuerySet.as_manager()

    class Meta:
        verbose_name = _("street")
        verbose_name_plural = _("streets")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["neighbourhood", "name"], name="unique_street_per_neighbourhood"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="street_point_complete_and_on_earth",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.neighbourhood.name})"

    @property
    def point(self) -> tuple[float, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return float(self.latitude), float(self.longitude)
