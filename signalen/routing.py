"""Which partner organisation is competent for a signal."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from notifications import versions
from teams.models import Neighbourhood, PartnerOrganisation

from .models import Category, RoutingRule


def route_for(category: Category, neighbourhood: Neighbourhood | None) -> RoutingRule | None:
    """The most specific rule: the exact category before its main category, and within
    that a rule for the neighbourhood before one for the whole region. None when no rule
    applies: the signal then goes to the regional queue. Kept with the directory's version
    (the rules, the organisations they name and whom they inform: `signalen.receivers`)."""
    place = neighbourhood.pk if neighbourhood is not None else None
    return versions.cached(
        "route",
        (category.pk, category.parent_id, place),
        [versions.DIRECTORY],
        lambda: _route_for(category, neighbourhood),
    )


def _route_for(category: Category, neighbourhood: Neighbourhood | None) -> RoutingRule | None:
    categories = [category.pk] + ([category.parent_id] if category.parent_id else [])
    where = Q(neighbourhood__isnull=True)
    if neighbourhood is not None:
        where |= Q(neighbourhood=neighbourhood)
    candidates = list(
        RoutingRule.objects.filter(where, category_id__in=categories)
        .select_related("responsible", "neighbourhood")
        .prefetch_related("informed")
    )
    if not candidates:
        return None
    return max(
        candidates,
        key=lambda rule: (rule.category_id == category.pk, rule.neighbourhood_id is not None),
    )


def outside_area(
    organisations: Iterable[PartnerOrganisation], neighbourhood_id: int | None
) -> set[int]:
    """The organisations (ids) whose working area does not cover the neighbourhood, in one
    query. An organisation without neighbourhoods works in the whole region; a signal without
    a neighbourhood is outside nobody's area."""
    ids = [organisation.pk for organisation in organisations]
    if neighbourhood_id is None or not ids:
        return set()
    through = PartnerOrganisation.neighbourhoods.through
    served: dict[int, bool] = {}
    for organisation_id, here in through.objects.filter(partnerorganisation_id__in=ids).values_list(
        "partnerorganisation_id", "neighbourhood_id"
    ):
        served[organisation_id] = served.get(organisation_id, False) or here == neighbourhood_id
    return {pk for pk, covers in served.items() if not covers}
