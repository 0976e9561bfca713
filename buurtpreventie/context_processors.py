from functools import cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from teams.http import Request

# The addresses the base template and its navigation link to (none takes an argument): found
# once per process instead of some twenty `{% url %}` look-ups on every page.
NAVIGATION = {
    "home": "home",
    "manifest": "manifest",
    "language_set": "language_set",
    "inbox": "notifications:inbox",
    "preferences": "notifications:preferences",
    "roster": "teams:roster_index",
    "logs": "teams:log_list",
    "powers_and_limits": "teams:powers_and_limits",
    "profile": "teams:profile",
    "signals": "signalen:signal_list",
    "partner_inbox": "signalen:partner_inbox",
    "regional_queue": "signalen:regional_queue",
    "statistics": "signalen:statistics",
    "training": "trainingen:index",
    "my_data": "privacy:my_data",
    "admin": "admin:index",
    "password": "account_change_password",
    "logout": "account_logout",
}


@cache
def _navigation_urls(script_prefix: str, urlconf: str) -> dict[str, str]:
    return {key: reverse(name, urlconf) for key, name in NAVIGATION.items()}


def navigation(request: Request) -> dict:
    """The person's roles, so the navigation shows each role only what it can use, and the
    addresses it links to (`nav`)."""
    return {
        "roles": request.roles,
        "nav": _navigation_urls(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF),
    }
