"""The floor beneath the trivial view: a Django view with no middleware at all, served by a
gunicorn of its own (`gunicorn benchmark.bare`), so the benchmark shows what the site's
middleware (sessions, authentication, roles, CSP, security headers) costs before any page.
The same settings and database as the site; only MIDDLEWARE and the URLs differ."""

import os

import django
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buurtpreventie.settings")
django.setup()


def ping(request) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("ping", ping)]
settings.MIDDLEWARE = []
settings.ROOT_URLCONF = __name__
application = get_wsgi_application()
