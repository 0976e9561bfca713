from django.core.paginator import Page, Paginator

from .models import Notification

INBOX_PAGE_SIZE = 25


def inbox_page(user, number: int | str | None) -> Page:
    messages = Notification.objects.inbox_of(user).only(
        "pk", "subject", "body_text", "link", "created_at", "read_at"
    )
    return Paginator(messages, INBOX_PAGE_SIZE).get_page(number)
