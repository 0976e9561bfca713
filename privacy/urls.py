from django.urls import path, re_path

from . import views

app_name = "privacy"

urlpatterns = [
    path("profiel/mijn-gegevens/", views.my_data, name="my_data"),
    re_path(
        r"^profiel/mijn-gegevens/download\.(?P<fmt>json|html)$",
        views.my_data_download,
        name="my_data_download",
    ),
]
