"""The installable app: the web app manifest, the service worker (templates/sw.js) and the
page shown for a page that was never opened with a connection.

The service worker keeps the app shell (the static files below) and the volunteer's own
pages as they were last opened, so the home page, the roster, the report wizard and the
patrol log open without a connection; reports and logs sent without one wait in a send
queue on the device (static/js/store.js)."""

from __future__ import annotations

import hashlib
import json

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from teams.http import Request

THEME_COLOUR = "#0a58ca"

APP_SHELL = [
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "django_htmx/htmx-2.min.js",
    "css/app.css",
    "js/theme.js",
    "js/store.js",
    "js/offline.js",
    "js/forms.js",
    "js/wizard.js",
    "js/photos.js",
    "js/map.js",
    "vendor/leaflet/leaflet.css",
    "vendor/leaflet/leaflet.js",
    "vendor/leaflet/images/marker-icon.png",
    "vendor/leaflet/images/marker-icon-2x.png",
    "vendor/leaflet/images/marker-shadow.png",
    "img/favicon.svg",
    "img/icon-192.png",
]

# The pages kept on the device, as last opened with a connection: a volunteer's own. Not
# signals' pages, partner or administrator pages, nor anything under /account/.
OFFLINE_PAGES = [r"^/$", r"^/rooster/", r"^/signalen/nieuw/$", r"^/rondes/", r"^/bevoegdheden/$"]


@cache_control(max_age=86400)
def manifest(request: Request) -> JsonResponse:
    return JsonResponse(
        {
            "name": "Buurtpreventie",
            "short_name": "Buurtpreventie",
            "description": _("Patrols, signals and training of your neighbourhood watch."),
            "lang": "nl",
            "start_url": "/?bron=app",
            "scope": "/",
            "display": "standalone",
            "theme_color": THEME_COLOUR,
            "background_color": "#ffffff",
            "icons": [
                {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
                {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
                {
                    "src": static("img/icon-maskable-512.png"),
                    "sizes": "512x512",
                    "type": "image/png",
                    "purpose": "maskable",
                },
            ],
        },
        content_type="application/manifest+json",
    )


@cache_control(no_cache=True)
def service_worker(request: Request) -> HttpResponse:
    """At the site's root, so it may look after every page. A new version (other static
    files, other rules) installs on the next visit; the browser checks it on every visit."""
    offline_url = reverse("offline")
    shell = [static(path) for path in APP_SHELL] + [offline_url]
    imported = {"store_url": static("js/store.js"), "push_url": static("js/sw-push.js")}
    rules = {"shell": shell, "pages": OFFLINE_PAGES, "imported": imported}
    version = hashlib.sha256(json.dumps(rules, sort_keys=True).encode()).hexdigest()[:12]
    # Each value goes into the script as a JavaScript literal.
    literals = {"shell": shell, "pages": OFFLINE_PAGES, "offline_url": offline_url, **imported}
    return render(
        request,
        "sw.js",
        {"version": version} | {name: json.dumps(value) for name, value in literals.items()},
        content_type="text/javascript",
    )


def offline(request: Request) -> HttpResponse:
    """What the service worker shows for a page that was never opened with a connection."""
    return render(request, "offline.html")
