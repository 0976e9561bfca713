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
    # Web Push, for what cannot wait: the event may also go to the devices where the person
    # switched push on (texts from push/<code>_title.txt and push/<code>.txt). The service
    # that raises it says per occurrence whether it is urgent enough.
    push: bool = False
    # When the push may be shown (under the choice in the preferences).
    push_description: StrOrPromise = ""
    # False for special-category data: the push says only that something arrived and leads
    # to `push_link`; its texts are rendered without the event's context, so they cannot
    # name anything of it whatever a template says.
    push_contents: bool = True
    push_link: StrOrPromise = ""

    def __post_init__(self) -> None:
        if self.push and not self.push_contents and not self.push_link:
            raise ValueError(f"Event {self.code!r} pushes no contents, so it needs a push_link.")


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
