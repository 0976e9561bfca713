from functools import cache

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from .http import Request
from .roles import Roles


class RolesMiddleware:
    """Puts what the person is on the request (`request.roles`), read when first needed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: Request) -> HttpResponse:
        request.roles = Roles(request.user)
        return self.get_response(request)


class UserLanguageMiddleware:
    """Dutch unless the person chose otherwise.

    The language comes from the logged-in user's preference, else the language cookie, else
    Dutch. The browser's Accept-Language is ignored on purpose: the product is Dutch by
    default, also on a phone set to English.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = dict(settings.LANGUAGES)

    def __call__(self, request: Request) -> HttpResponse:
        if request.user.is_authenticated:
            language = request.user.language
        else:
            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class RequireTwoFactorMiddleware:
    """Partner users and administrators must set up TOTP before they use the site.

    Active when MFA_REQUIRED is on (the default). Until TOTP is set up, every page except the
    account pages (where it is set up), the language switch and health checks redirects to the
    TOTP activation page. Whether the person has TOTP is part of their cached roles.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: Request) -> HttpResponse:
        if (
            settings.MFA_REQUIRED
            and request.user.is_authenticated
            and not self._exempt(request.path)
            and request.roles.needs_two_factor
            and not request.roles.has_totp
        ):
            messages.warning(
                request,
                _("Your role requires two-factor authentication. Set it up to continue."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        exempt = _exempt_paths(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
        return path.startswith(settings.STATIC_URL) or path.startswith(exempt)


@cache
def _exempt_paths(script_prefix: str, urlconf: str) -> tuple[str, ...]:
    """Found once per process (and URL configuration), not on every request."""
    return (
        reverse("account_login", urlconf).rsplit("login/", 1)[0],
        reverse("language_set", urlconf),
        reverse("healthz", urlconf),
    )
