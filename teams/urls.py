from django.urls import path

from . import views

app_name = "teams"

urlpatterns = [
    path("bevoegdheden/", views.powers_and_limits, name="powers_and_limits"),
    path("uitnodiging/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("teams/<int:pk>/uitnodigen/", views.team_invite, name="team_invite"),
    path(
        "teams/<int:pk>/uitnodigingen/<int:invitation_pk>/intrekken/",
        views.team_invitation_revoke,
        name="team_invitation_revoke",
    ),
    path(
        "teams/<int:pk>/leden/<int:membership_pk>/", views.membership_edit, name="membership_edit"
    ),
    path("organisaties/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path(
        "organisaties/<int:pk>/uitnodigen/", views.organisation_invite, name="organisation_invite"
    ),
    path(
        "organisaties/<int:pk>/uitnodigingen/<int:invitation_pk>/intrekken/",
        views.organisation_invitation_revoke,
        name="organisation_invitation_revoke",
    ),
]
