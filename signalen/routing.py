"""Which partner organisation is competent for a signal."""

from __future__ import annotations

from django.db.models import Q

from teams.models import Neighbourhood

from .models import Category, RoutingRule


def route_for(category: Category, neighbourhood: Neighbourhood | None) -> RoutingRule | None:
    """The most specific rule: the exact category before its main category, and within
    that a rule for the neighbourhood before one for the whole region. None when no rule
    applies: the signal then goes to the regional queue."""
    categories = [category.pk] + ([category.parent_id] if category.parent_id else [])
    where = Q(neighbourhood__isnull=True)
    if neighbourhood is not None:
        where |= Q(neighbourhood=neighbourhood)
    candidates = list(
        RoutingRule.objects.filter(where, category_id__in=categories).select_related(
            "responsible", "neighbourhood"
        )
    )
    if not candidates:
        return None
    return max(
        candidates,
        key=lambda rule: (rule.category_id == category.pk, rule.neighbourhood_id is not None),
    )
