from teams.http import Request


def navigation(request: Request) -> dict:
    """The person's roles, so the navigation shows each role only what it can use."""
    return {"roles": request.roles}
