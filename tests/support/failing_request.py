"""A request that fails in a view, made through the WSGI application (as gunicorn calls it)
in a process of its own with the settings of its environment (tests/test_errors.py: with
SENTRY_DSN set); then the error reports are sent before the process ends."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import django
from django.urls import path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt  # the failure, not the CSRF check, is what is reported
def fail(request, pk: int):
    raise RuntimeError("kapot")


urlpatterns = [path("boem/<int:pk>/", fail)]


def main() -> None:
    django.setup()
    import sentry_sdk
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application
    from django.test.utils import override_settings

    body = urlencode({"description": "Jan de Vries woont op nummer 12"}).encode()
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/boem/17/",
        "QUERY_STRING": "token=geheim-token",
        "SERVER_NAME": settings.ALLOWED_HOSTS[0],
        "SERVER_PORT": "443",
        "HTTP_HOST": settings.ALLOWED_HOSTS[0],
        "HTTP_AUTHORIZATION": "Bearer geheime-sleutel",
        "HTTP_USER_AGENT": "test",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "https",
        "wsgi.errors": io.StringIO(),
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    statuses: list[str] = []

    def start_response(status: str, headers: list, exc_info=None):
        statuses.append(status)
        return lambda data: None

    with override_settings(ROOT_URLCONF=__name__):
        application = get_wsgi_application()
        for _chunk in application(environ, start_response):
            pass
    print(statuses[0].split()[0])
    sentry_sdk.flush(timeout=10)


if __name__ == "__main__":
    main()
