from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    name = "teams"
    verbose_name = _("Teams and organisations")

    def ready(self) -> None:
        from . import notification_events, privacy, receivers  # noqa: F401 - registers them
