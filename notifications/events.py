"""The registry of event types that send notifications.

Each app registers the events it owns (in its `notifications.py`, loaded when the app is
ready); this module knows nothing of teams, signals or training.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

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


class _Coded(Protocol):
    @property
    def code(self) -> str: ...


K = TypeVar("K", bound=_Coded)


class Registry(Generic[K]):
    """The kinds an app registers by code (notification events here, webhook events in
    `webhooks`): registering the same code twice with another meaning is a mistake."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.kinds: dict[str, K] = {}

    def register(self, *kinds: K) -> None:
        for kind in kinds:
            if kind.code in self.kinds and self.kinds[kind.code] != kind:
                raise ValueError(f"{self.what} {kind.code!r} is registered twice.")
            self.kinds[kind.code] = kind

    def get(self, code: str) -> K:
        try:
            return self.kinds[code]
        except KeyError:
            raise LookupError(f"Unknown {self.what} {code!r}; register it first.") from None


_registry = Registry[Event]("Notification event")
register = _registry.register
get = _registry.get


def all_events() -> list[Event]:
    return sorted(_registry.kinds.values(), key=lambda event: (event.mandatory, str(event.label)))
