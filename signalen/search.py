"""Free-text search over a signal's description and street.

On PostgreSQL: full-text search with the Dutch configuration, so "ramen" finds "raam". The
index of migration 0006 is built from `VECTOR`, the very expression the query uses, so the
database can use it. Elsewhere (the SQLite demo) a plain substring match.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet

CONFIG = "dutch"
INDEX_NAME = "signal_search_idx"


def vector() -> SearchVector:
    return SearchVector("description", "street", config=CONFIG)


def search(queryset: QuerySet, text: str) -> QuerySet:
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        query = SearchQuery(text, config=CONFIG, search_type="websearch")
        return queryset.alias(search=vector()).filter(search=query)
    return queryset.filter(Q(description__icontains=text) | Q(street__icontains=text))
