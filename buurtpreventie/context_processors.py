from django.http import HttpRequest

from teams.selectors import get_roles


def navigation(request: HttpRequest) -> dict:
    """The user's roles, so the navigation shows each role only what it can use."""
    return {"roles": get_roles(request)}
