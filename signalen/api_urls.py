"""The partners' API, version 1, and its schema and documentation (/api/)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

from . import api

app_name = "api"

urlpatterns = [
    path("v1/signals/", api.SignalList.as_view(), name="signals"),
    path("v1/signals/<int:pk>/", api.SignalDetail.as_view(), name="signal"),
    path("v1/signals/<int:pk>/actions/", api.SignalAction.as_view(), name="signal_action"),
    path("v1/organisations/", api.OrganisationList.as_view(), name="organisations"),
    # What the API offers is public (its data is not): the schema and its documentation.
    path(
        "schema/",
        SpectacularAPIView.as_view(authentication_classes=[], permission_classes=[AllowAny]),
        name="schema",
    ),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema",
            template_name="api/docs.html",
            title="Buurtpreventie API",
            authentication_classes=[],
            permission_classes=[AllowAny],
        ),
        name="docs",
    ),
]
