from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingenConfig(AppConfig):
    name = "trainingen"
    verbose_name = _("Training")

    def ready(self) -> None:
        from . import notification_events, privacy  # noqa: F401 - registers them
