from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from teams.views.organisation import language_set

from . import metrics, offline, views

# The administration pages sit behind the same login (and two-factor check) as the site:
# allauth's way, replacing the login of the one admin site the apps register with.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = admin.site.site_title = "Buurtpreventie - beheer"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("ping", views.ping, name="ping"),
    path("metrics", metrics.metrics, name="metrics"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("offline/", offline.offline, name="offline"),
    path("taal/", language_set, name="language_set"),
    path("buurt/<slug:slug>/", views.public_team, name="public_team"),
    path("account/", include("allauth.urls")),
    path("api/", include("signalen.api_urls")),
    path("beheer/", admin.site.urls),
    path("", include("teams.urls")),
    path("", include("notifications.urls")),
    path("", include("signalen.urls")),
    path("", include("trainingen.urls")),
    path("", include("privacy.urls")),
]
