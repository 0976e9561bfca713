from django.utils.translation import gettext_lazy as _

from . import webhooks
from .events import Event, register

register(
    Event(
        "account_security",
        _("Account messages"),
        _("Password reset and e-mail confirmation."),
        mandatory=True,
    ),
    Event("digest", _("Daily digest"), mandatory=True, listed=False),
)

webhooks.register(webhooks.WebhookEvent(webhooks.PING, _("Test"), listed=False))
