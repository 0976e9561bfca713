"""The registry of event types that send notifications.

Each app registers the events it owns (in its `notifications.py`, loaded when the app is
ready); this module knows nothing of teams, signals or training.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Event:
    """A kind of notification.

    `mandatory` events ignore preferences and always arrive at once by e-mail (an account
    invitation, a question to a reporter). Others follow the recipient's choice, with
    `default` when they have not chosen.
    """

    code: str
    label: StrOrPromise
    description: StrOrPromise = ""
    mandatory: bool = False
    default: str = "immediate"
    # False for events people cannot choose about (the digest itself).
    listed: bool = True


_registry: dict[str, Event] = {}


def register(*events: Event) -> None:
    for event in events:
        if event.code in _registry and _registry[event.code] != event:
            raise ValueError(f"Event {event.code!r} is registered twice.")
        _registry[event.code] = event


def get(code: str) -> Event:
    try:
        return _registry[code]
    except KeyError:
        raise LookupError(f"Unknown notification event {code!r}; register it first.") from None


def all_events() -> list[Event]:
    return sorted(_registry.values(), key=lambda event: (event.mandatory, str(event.label)))
