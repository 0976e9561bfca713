"""The request as the views see it, after the project's middleware.

`request.roles` (RolesMiddleware), `request.htmx` (django-htmx) and, behind `login_required`,
`request.user` as a `User`: views annotate their request with these types, so a typo or a
missing middleware is a type error, not a page that fails at night.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.middleware import HtmxDetails

from .models import User
from .roles import Roles


class Request(HttpRequest):
    """Any request, logged in or not."""

    user: User | AnonymousUser
    roles: Roles
    htmx: HtmxDetails


class AuthenticatedRequest(Request):
    """A request to a view behind `login_required`."""

    user: User


def sent_by_script(request: HttpRequest) -> bool:
    """The page's own script sent the form (static/js/forms.js: progress, the send queue)
    and asked for JSON; it goes to the next page itself."""
    return "application/json" in request.headers.get("Accept", "")


def form_saved(request: HttpRequest, target: str | Model) -> HttpResponse:
    """After a form is saved: a redirect for the browser, or, for the page's script, the
    address to go to (201). Had the script followed a redirect, that request would have
    used up the message meant for the page the person sees."""
    url = target if isinstance(target, str) else resolve_url(target)
    if sent_by_script(request):
        return JsonResponse({"url": url}, status=201)
    return redirect(url)


def on_this_site(request: HttpRequest, url: str, otherwise: str) -> str:
    """`url` when it leads to a page of this site, else `otherwise`. Every address a request
    names to go to afterwards (`next`) passes here, so a link made elsewhere cannot send a
    person on to another site (`//evil.example`, `https:evil.example`, `/\\evil.example`)."""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return otherwise


def form_refused(request: HttpRequest, template: str, context: dict[str, object]) -> HttpResponse:
    """The form again with what to correct: 422 for the page's script (it shows the errors
    and keeps the photos chosen), 200 for a browser without it."""
    refused = request.method == "POST" and sent_by_script(request)
    return render(request, template, context, status=422 if refused else 200)
