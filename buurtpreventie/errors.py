"""Error reports to Sentry or a Sentry-compatible service such as GlitchTip (which can keep
them in the Netherlands) when SENTRY_DSN is set (settings.py; docs/operations.md).

A report holds the error, its traceback without local variables, the release and where it
happened: the route (`/signalen/<int:pk>/`), never the path, query, body, cookies or who was
logged in. Care signals and personal data stay out of it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from sentry_sdk.types import Event

KEPT_HEADERS = {"User-Agent", "Content-Type", "X-Request-ID"}


def before_send(event: Event, hint: dict[str, Any]) -> Event:
    _scrub(cast("dict[str, Any]", event))
    return event


def _scrub(event: dict[str, Any]) -> None:
    request = event.get("request")
    if request is not None:
        event["request"] = {
            "method": request.get("method"),
            "url": event.get("transaction") or "",
            "headers": {
                name: value
                for name, value in (request.get("headers") or {}).items()
                if name in KEPT_HEADERS
            },
        }
    event.pop("user", None)
    for crumb in (event.get("breadcrumbs") or {}).get("values", []):
        crumb.pop("data", None)  # queries' parameters, addresses with tokens


def init(dsn: str, environment: str, release: str) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=0,
        integrations=[DjangoIntegration(transaction_style="url")],
        before_send=before_send,
    )
