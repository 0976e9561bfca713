from django.urls import path

from .views import joining, locations, patrols, roster, webhooks
from .views import organisation as views

app_name = "teams"

urlpatterns = [
    path("bevoegdheden/", views.powers_and_limits, name="powers_and_limits"),
    path("profiel/", views.profile, name="profile"),
    path("uitnodiging/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("teams/<int:pk>/uitnodigen/", views.team_invite, name="team_invite"),
    path("teams/<int:pk>/bericht/", views.team_announce, name="team_announce"),
    path("bericht/<str:token>/", views.announcement_reply, name="announcement_reply"),
    path("teams/<int:pk>/uitnodigen/lijst/", views.team_invite_list, name="team_invite_list"),
    path(
        "teams/<int:pk>/uitnodigen/lijst/verstuurd/",
        views.team_invite_list_sent,
        name="team_invite_list_sent",
    ),
    path(
        "teams/<int:pk>/uitnodigingen/<int:invitation_pk>/intrekken/",
        views.team_invitation_revoke,
        name="team_invitation_revoke",
    ),
    path(
        "teams/<int:pk>/leden/<int:membership_pk>/", views.membership_edit, name="membership_edit"
    ),
    path("teams/<int:pk>/rondes.csv", patrols.log_export, name="log_export"),
    path("regio/", views.region, name="region"),
    path("buurt/<slug:slug>/doe-mee/", joining.join_from_page, name="join_from_page"),
    path("doe-mee/verstuurd/", joining.join_sent, name="join_sent"),
    path("doe-mee/<str:code>/", joining.join_from_sheet, name="join_from_sheet"),
    path(
        "teams/<int:pk>/aanmeldingen/<int:request_pk>/",
        joining.join_request_decide,
        name="join_request_decide",
    ),
    path("teams/<int:pk>/publieke-pagina/", joining.team_public, name="team_public"),
    path(
        "teams/<int:pk>/publieke-pagina/avonden/<int:evening_pk>/verwijderen/",
        joining.open_evening_remove,
        name="open_evening_remove",
    ),
    path("teams/<int:pk>/aanmeldblad/", joining.join_sheet, name="join_sheet"),
    path("organisaties/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisaties/<int:pk>/api-sleutels/nieuw/", views.api_key_create, name="api_key_create"),
    path(
        "organisaties/<int:pk>/api-sleutels/<int:key_pk>/intrekken/",
        views.api_key_revoke,
        name="api_key_revoke",
    ),
    path("organisaties/<int:pk>/webhooks/nieuw/", webhooks.webhook_create, name="webhook_create"),
    path(
        "organisaties/<int:pk>/webhooks/<int:webhook_pk>/",
        webhooks.webhook_detail,
        name="webhook_detail",
    ),
    path(
        "organisaties/<int:pk>/webhooks/<int:webhook_pk>/test/",
        webhooks.webhook_test,
        name="webhook_test",
    ),
    path(
        "organisaties/<int:pk>/webhooks/<int:webhook_pk>/opnieuw/",
        webhooks.webhook_retry,
        name="webhook_retry",
    ),
    path(
        "organisaties/<int:pk>/webhooks/<int:webhook_pk>/verwijderen/",
        webhooks.webhook_delete,
        name="webhook_delete",
    ),
    path(
        "organisaties/<int:pk>/uitnodigen/", views.organisation_invite, name="organisation_invite"
    ),
    path(
        "organisaties/<int:pk>/uitnodigingen/<int:invitation_pk>/intrekken/",
        views.organisation_invitation_revoke,
        name="organisation_invitation_revoke",
    ),
    path("rooster/", roster.roster_index, name="roster_index"),
    path("rooster/<int:pk>/", roster.roster, name="roster"),
    path("rooster/<int:pk>/afdrukken/", roster.roster_print, name="roster_print"),
    path("rooster/<int:pk>/nieuw/", roster.shift_create, name="shift_create"),
    path("rooster/<int:pk>/patroon/", roster.shift_pattern, name="shift_pattern"),
    path("rooster/diensten/<int:pk>/", roster.shift_detail, name="shift_detail"),
    path("rooster/diensten/<int:pk>/aanmelden/", roster.shift_sign_up, name="shift_sign_up"),
    path("rooster/diensten/<int:pk>/afmelden/", roster.shift_withdraw, name="shift_withdraw"),
    path("rooster/diensten/<int:pk>/wijzigen/", roster.shift_edit, name="shift_edit"),
    path("rooster/diensten/<int:pk>/annuleren/", roster.shift_cancel, name="shift_cancel"),
    path("rooster/diensten/<int:pk>/agenda.ics", roster.shift_calendar, name="shift_calendar"),
    path("rooster/agenda/", roster.calendar_settings, name="calendar_settings"),
    path("rooster/agenda/vernieuwen/", roster.calendar_reset, name="calendar_reset"),
    path("rooster/agenda/<str:token>.ics", roster.calendar_feed, name="calendar_feed"),
    path("rondes/", patrols.log_list, name="log_list"),
    path("rondes/nieuw/<int:shift_pk>/", patrols.log_create, name="log_create"),
    path("rondes/formulier/<int:shift_pk>/", patrols.log_sheet, name="log_sheet"),
    path("rondes/<int:pk>/", patrols.log_detail, name="patrol_log_detail"),
    path("rondes/<int:pk>/wijzigen/", patrols.log_edit, name="log_edit"),
    path("locatie/adres/", locations.location_address, name="location_address"),
    path("locatie/straten/", locations.location_streets, name="location_streets"),
]
