from django.urls import path

from . import handoff_views, views

app_name = "signalen"

urlpatterns = [
    path("signalen/", views.signal_list, name="signal_list"),
    path("signalen/nieuw/", views.signal_create, name="signal_create"),
    path("signalen/nieuw/al-gemeld/", views.similar_signals, name="similar_signals"),
    path("signalen/kaart/", views.signal_map, name="signal_map"),
    path("signalen/export.csv", views.signal_export, name="signal_export"),
    path("signalen/regio/", views.regional_queue, name="regional_queue"),
    path("signalen/routering/", views.routing_check, name="routing_check"),
    path("signalen/statistiek/", views.region_statistics, name="statistics"),
    path("signalen/toezicht/", views.watch, name="watch"),
    path("signalen/<int:pk>/", views.signal_detail, name="signal_detail"),
    path("signalen/<int:pk>/actie/<str:action>/", views.signal_action, name="signal_action"),
    path("signalen/<int:pk>/bericht/", views.signal_message, name="signal_message"),
    path(
        "signalen/<int:pk>/waarneming/",
        views.signal_add_observation,
        name="signal_add_observation",
    ),
    path("signalen/<int:pk>/fotos/<int:photo_pk>/", views.photo, name="photo"),
    path("partner/", views.partner_inbox, name="partner_inbox"),
    path("partner/samen/", views.inbox_bulk, name="inbox_bulk"),
    path("partner/filters/", views.saved_filter_create, name="saved_filter_create"),
    path(
        "partner/filters/<int:pk>/verwijderen/",
        views.saved_filter_delete,
        name="saved_filter_delete",
    ),
    path("signalen/<int:pk>/extern/", handoff_views.handoff_create, name="handoff_create"),
    path(
        "signalen/<int:pk>/extern/<int:handoff_pk>/intrekken/",
        handoff_views.handoff_revoke,
        name="handoff_revoke",
    ),
    path("extern/<str:token>/", handoff_views.external_handoff, name="external_handoff"),
    path(
        "extern/<str:token>/fotos/<int:photo_pk>/",
        handoff_views.external_photo,
        name="external_photo",
    ),
]
