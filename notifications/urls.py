from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("berichten/", views.inbox, name="inbox"),
    path("berichten/<int:pk>/", views.message_detail, name="message_detail"),
    path(
        "berichten/<int:pk>/bijlage/<int:number>/",
        views.message_attachment,
        name="message_attachment",
    ),
    path("berichten/<int:pk>/gelezen/", views.mark_read, name="mark_read"),
    path("berichten/alles-gelezen/", views.mark_all_read, name="mark_all_read"),
    path("instellingen/meldingen/", views.preferences, name="preferences"),
    path("instellingen/push/aan/", views.push_subscribe, name="push_subscribe"),
    path("instellingen/push/uit/", views.push_unsubscribe, name="push_unsubscribe"),
    path(
        "instellingen/push/alle-apparaten-uit/",
        views.push_unsubscribe_all,
        name="push_unsubscribe_all",
    ),
]
