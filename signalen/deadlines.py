"""A deadline in words, as the inbox shows it: "nog 3 uur", "2 dagen te laat"."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def _amount(span: datetime.timedelta) -> str:
    """Whole minutes under an hour, whole hours under two days, whole days after that."""
    if span < HOUR:
        minutes = max(1, int(span.total_seconds() // 60))
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    if span < 2 * DAY:
        hours = int(span / HOUR)
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    days = int(span / DAY)
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


def in_words(deadline: datetime.datetime | None, now: datetime.datetime) -> str:
    """How long is left, or how late it is; empty without a deadline."""
    if deadline is None:
        return ""
    if deadline >= now:
        return _("%(time)s left") % {"time": _amount(deadline - now)}
    return _("%(time)s late") % {"time": _amount(now - deadline)}


def ago(moment: datetime.datetime, now: datetime.datetime) -> str:
    """How long ago something happened: "3 uur geleden"."""
    return _("%(time)s ago") % {"time": _amount(max(now - moment, datetime.timedelta()))}
