"""One visibility mechanism for every record of the product.

A record is public, partnership-only (signed-in people of partner organisations and staff), or
restricted to named organisations. `Visible` gives a model the fields and `visible_to(viewer)`
the only filter that pages, API routes, feeds and exports use to find what a viewer may see.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from .choices import Visibility

if TYPE_CHECKING:
    from .access import Viewer


class VisibleQuerySet(models.QuerySet):
    def visible_to(self, viewer: Viewer) -> VisibleQuerySet:
        """The records this viewer may see; nothing else leaves the database."""
        if viewer.is_admin:
            return self
        visible = Q(visibility=Visibility.PUBLIC)
        if viewer.is_partner:
            visible |= Q(visibility=Visibility.PARTNERSHIP)
        if viewer.organisation_id:
            visible |= Q(visibility=Visibility.RESTRICTED, pk__in=self._restricted_to(viewer))
        return self.filter(visible)

    def public(self) -> VisibleQuerySet:
        return self.filter(visibility=Visibility.PUBLIC)

    def _restricted_to(self, viewer: Viewer) -> models.QuerySet:
        field = self.model._meta.get_field("restricted_to")
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        return through.objects.filter(**{f"{target}_id": viewer.organisation_id}).values(
            f"{source}_id"
        )


class Visible(models.Model):
    """Abstract: who may see a record. Add to every model that a page, feed or export shows."""

    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC, db_index=True
    )
    restricted_to = models.ManyToManyField(
        "core.Organisation",
        blank=True,
        related_name="+",
        symmetrical=False,
        help_text="With restricted visibility: the organisations whose people may see it.",
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        abstract = True
