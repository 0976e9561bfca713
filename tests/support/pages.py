"""What the base template shows about a person on every page (their roles, the bell's unread
count) is kept in the cache after their first page. The query counts pinned in the tests are
those of the pages after the first, as people see them."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse


def warm(client: Client) -> Client:
    """The person has opened a page before (the home page)."""
    assert client.get(reverse("home")).status_code == 200
    return client
