"""`{{ message.body_text|message_links|linebreaks }}`: the plain text of an in-app message,
escaped, with its web and e-mail addresses made links by Django's urlize (an RSVP address or
a mailto: is then one tap instead of copying a line longer than the phone is wide)."""

from __future__ import annotations

import html
import re

from django import template
from django.conf import settings
from django.utils.html import urlize
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The opening tag urlize writes for a web address with nofollow (its href escaped, so it holds
# no quote); e-mail addresses get no rel. Whatever in the message itself looks like such a tag
# is escaped by then, so only urlize's own tags match.
_WEB_LINK = re.compile(r'<a href="(?P<href>[^"]*)" rel="nofollow">')


@register.filter(is_safe=True)
def message_links(text: object) -> SafeString:
    """The text escaped (as Django's own urlize filter does, text already marked safe is
    trusted) with links. A link to another site gets rel="noopener nofollow" (it
    vouches for nothing and gets no hold on this page); one into this site (SITE_URL) none."""
    linked = urlize(str(text), nofollow=True, autoescape=True)
    return mark_safe(_WEB_LINK.sub(_rel, linked))  # urlize escaped the text around its links


def _rel(match: re.Match[str]) -> str:
    href = match["href"]
    if html.unescape(href).startswith(settings.SITE_URL + "/"):
        return f'<a href="{href}">'
    return f'<a href="{href}" rel="noopener nofollow">'
