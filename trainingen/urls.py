from django.urls import path

from . import views

app_name = "trainingen"

urlpatterns = [
    path("trainingen/", views.index, name="index"),
    path("trainingen/programmas/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("trainingen/materiaal/<int:pk>/", views.material, name="material"),
    path("trainingen/leergangen/nieuw/", views.cohort_create, name="cohort_create"),
    path("trainingen/leergangen/<int:pk>/", views.cohort_detail, name="cohort_detail"),
    path(
        "trainingen/leergangen/<int:pk>/deelnemers/",
        views.participants_add,
        name="participants_add",
    ),
    path("trainingen/leergangen/<int:pk>/afronden/", views.cohort_complete, name="cohort_complete"),
    path("trainingen/leergangen/<int:pk>/rapport/", views.cohort_report, name="cohort_report"),
    path(
        "trainingen/leergangen/<int:pk>/zelfevaluatie/<str:moment>/",
        views.self_assessment,
        name="self_assessment",
    ),
    path("trainingen/bijeenkomsten/<int:pk>/", views.session_detail, name="session_detail"),
    path(
        "trainingen/bijeenkomsten/<int:pk>/agenda.ics",
        views.session_calendar,
        name="session_calendar",
    ),
    path("trainingen/bijeenkomsten/<int:pk>/wijzigen/", views.session_edit, name="session_edit"),
    path(
        "trainingen/bijeenkomsten/<int:pk>/annuleren/", views.session_cancel, name="session_cancel"
    ),
    path("trainingen/bijeenkomsten/<int:pk>/aanwezigheid/", views.attendance, name="attendance"),
    path(
        "trainingen/bijeenkomsten/<int:pk>/presentielijst/",
        views.attendance_sheet,
        name="attendance_sheet",
    ),
    path(
        "trainingen/bijeenkomsten/<int:pk>/aanwezigheid/<int:seat_pk>/",
        views.attendance_set,
        name="attendance_set",
    ),
    path("trainingen/bijeenkomsten/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("trainingen/antwoord/<str:token>/", views.rsvp, name="rsvp"),
    path("trainingen/deelnemers/<int:pk>/certificaat.pdf", views.certificate, name="certificate"),
]
