"""The site's URLs and one more, for tests/browser/test_push.py only: a service worker that
does nothing but import static/js/sw-push.js, as the site's own worker does."""

from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.urls import path

from buurtpreventie.urls import urlpatterns as site


def push_only_worker(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        f"importScripts({static('js/sw-push.js')!r});", content_type="text/javascript"
    )


urlpatterns = [path("test-push-sw.js", push_only_worker), *site]
