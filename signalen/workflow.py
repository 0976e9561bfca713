"""The one table of what may happen to a signal, in which status, and by whom."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .models import OPEN_STATUSES, SignalEvent, Status

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Kind = SignalEvent.Kind
PARTNER, REPORTER, ADMIN = "partner", "reporter", "admin"
PRIMARY = {Kind.ACKNOWLEDGE, Kind.START, Kind.RESOLVE, Kind.REOPEN, Kind.ANSWER, Kind.ROUTED}


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    # None keeps the status (an assignment changes who, not where the signal stands).
    target: str | None
    by: str
    needs_text: bool = False
    needs_organisation: bool = False
    needs_assignee: bool = False
    # The earlier signal this one repeats (closing as a duplicate).
    needs_original: bool = False

    @property
    def needs_form(self) -> bool:
        return (
            self.needs_text or self.needs_organisation or self.needs_assignee or self.needs_original
        )

    @property
    def primary(self) -> bool:
        """The usual next step, shown as a button; the others sit behind "more"."""
        return self.action in PRIMARY


@dataclass(frozen=True)
class OfferedMove:
    """A move offered to a reader of a signal, with the address that makes it."""

    label: str
    url: str
    needs_form: bool


def _t(action, label, sources, target, by, **needs) -> Transition:
    return Transition(action, label, frozenset(sources), target, by, **needs)


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        _t(Kind.ACKNOWLEDGE, _("Confirm receipt"), {Status.NEW}, Status.ACKNOWLEDGED, PARTNER),
        _t(Kind.ASSIGN, _("Assign"), OPEN_STATUSES, None, PARTNER, needs_assignee=True),
        _t(
            Kind.START,
            _("Take in progress"),
            {Status.NEW, Status.ACKNOWLEDGED},
            Status.IN_PROGRESS,
            PARTNER,
        ),
        _t(
            Kind.ASK,
            _("Ask the reporter"),
            {Status.ACKNOWLEDGED, Status.IN_PROGRESS},
            Status.WAITING,
            PARTNER,
            needs_text=True,
        ),
        _t(
            Kind.ANSWER,
            _("Answer"),
            {Status.WAITING},
            Status.IN_PROGRESS,
            REPORTER,
            needs_text=True,
        ),
        _t(
            Kind.FORWARD,
            _("Forward"),
            OPEN_STATUSES,
            Status.NEW,
            PARTNER,
            needs_text=True,
            needs_organisation=True,
        ),
        _t(
            Kind.RESOLVE,
            _("Resolve with feedback"),
            {Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.WAITING},
            Status.RESOLVED,
            PARTNER,
            needs_text=True,
        ),
        _t(
            Kind.REJECT,
            _("Send back: not ours"),
            {Status.NEW, Status.ACKNOWLEDGED},
            Status.NEW,
            PARTNER,
            needs_text=True,
        ),
        _t(
            Kind.DUPLICATE,
            _("Close: reported before"),
            OPEN_STATUSES,
            Status.RESOLVED,
            PARTNER,
            needs_original=True,
        ),
        _t(Kind.REOPEN, _("Reopen"), {Status.RESOLVED}, Status.IN_PROGRESS, PARTNER),
        _t(
            Kind.ROUTED,
            _("Route to an organisation"),
            {Status.NEW},
            Status.NEW,
            ADMIN,
            needs_organisation=True,
        ),
    ]
}


# What happened, in plain words; `services.confirmation` adds who was told.
DONE: dict[str, StrOrPromise] = {
    Kind.ACKNOWLEDGE: _("You confirmed receipt of the signal."),
    Kind.ASSIGN: _("The signal has been assigned."),
    Kind.START: _("The signal is now in progress."),
    Kind.ASK: _("Your question has been sent. The signal waits for the reporter."),
    Kind.ANSWER: _("Your answer has been sent."),
    Kind.FORWARD: _("The signal has been forwarded."),
    Kind.RESOLVE: _("The signal is resolved."),
    Kind.REJECT: _("The signal has gone back to the region, which sends it on."),
    Kind.DUPLICATE: _("The signal is closed: it was reported before."),
    Kind.REOPEN: _("The signal is open again and in progress."),
    Kind.ROUTED: _("The signal has been sent to the organisation."),
    Kind.MESSAGE: _("Your message is in the conversation."),
}


# The moves a partner may make on several signals at once (the inbox's bulk actions), and
# what happened in plain words (singular, plural).
BULK = (Kind.ACKNOWLEDGE, Kind.ASSIGN, Kind.FORWARD)
DONE_MANY: dict[str, StrOrPromise] = {
    Kind.ACKNOWLEDGE: ngettext_lazy(
        "You confirmed receipt of %(count)d signal.",
        "You confirmed receipt of %(count)d signals.",
        "count",
    ),
    Kind.ASSIGN: ngettext_lazy(
        "%(count)d signal has been assigned.", "%(count)d signals have been assigned.", "count"
    ),
    Kind.FORWARD: ngettext_lazy(
        "%(count)d signal has been forwarded.", "%(count)d signals have been forwarded.", "count"
    ),
}


def allowed(action: str, status: str) -> bool:
    transition = TRANSITIONS.get(action)
    return transition is not None and status in transition.sources
