from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalenConfig(AppConfig):
    name = "signalen"
    verbose_name = _("Signals")

    def ready(self) -> None:
        from . import db_functions, notification_events, privacy, receivers  # noqa: F401 - registers them
