from functools import cache

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

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


class PrivatePagesMiddleware:
    """What a signed-in person is shown is kept by no cache: `Cache-Control: private,
    no-store`, unless the view chose its own (a photo kept privately for an hour, a
    calendar feed). Anonymous pages and static files keep theirs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: Request) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response


# When the person signed in, and (for those with an idle timeout) when they were last seen:
# seconds since the epoch, in the session.
SIGNED_IN_AT = "teams.signed_in_at"
SEEN_AT = "teams.seen_at"
# How often the last-seen time is written to the session: not on every request.
SEEN_PRECISION = 60


def session_started(request: Request) -> None:
    """Called at every login (teams.receivers)."""
    request.session[SIGNED_IN_AT] = request.session[SEEN_AT] = timezone.now().timestamp()


class SessionLifetimeMiddleware:
    """Everyone is signed out SESSION_LIFETIME_HOURS after logging in, however active; partner
    users and administrators also after SESSION_IDLE_TIMEOUT_MINUTES without a request (they
    see care signals and the whole region, often on shared office computers). Volunteers
    stay signed in on their phones between patrols."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: Request) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.get_response(request)
        now = timezone.now().timestamp()
        session = request.session
        if SIGNED_IN_AT not in session:  # a session from before these limits
            session_started(request)
        idle = request.roles.needs_two_factor
        if now - session[SIGNED_IN_AT] > settings.SESSION_LIFETIME_HOURS * 3600:
            return self._sign_out(request, _("You were signed out: please log in again."))
        if idle and now - session[SEEN_AT] > settings.SESSION_IDLE_TIMEOUT_MINUTES * 60:
            return self._sign_out(
                request,
                _("You were signed out after %(minutes)d minutes without activity.")
                % {"minutes": settings.SESSION_IDLE_TIMEOUT_MINUTES},
            )
        if idle and now - session[SEEN_AT] >= SEEN_PRECISION:
            session[SEEN_AT] = now
        return self.get_response(request)

    @staticmethod
    def _sign_out(request: Request, message: str) -> HttpResponse:
        path = request.get_full_path()
        logout(request)
        messages.info(request, message)
        if request.htmx:
            return HttpResponseClientRedirect(redirect_to_login(path)["Location"])
        return redirect_to_login(path)


# Set while a person accepts a partner invitation and sets up the authenticator app: the
# invitation is used once the app is set up (teams.receivers).
INVITATION_ENROLMENT = "teams.invitation_enrolment"


class RequireTwoFactorMiddleware:
    """Partner users and administrators must set up TOTP before they use the site.

    Active when MFA_REQUIRED is on (the default). Until TOTP is set up, every page except the
    two-factor pages (where it is set up), re-authentication, logout, the language switch and
    health checks redirects to the TOTP activation page: not even the other account pages
    (another e-mail address, another password). The same holds for a person accepting a
    partner invitation, who is no partner until the app is set up. Whether the person has
    TOTP is part of their cached roles.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: Request) -> HttpResponse:
        if (
            settings.MFA_REQUIRED
            and request.user.is_authenticated
            and not self._exempt(request.path)
            and (request.roles.needs_two_factor or INVITATION_ENROLMENT in request.session)
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
        reverse("mfa_index", urlconf),
        reverse("account_reauthenticate", urlconf),
        reverse("account_logout", urlconf),
        reverse("language_set", urlconf),
        reverse("healthz", urlconf),
    )
