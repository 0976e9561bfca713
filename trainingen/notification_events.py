from django.utils.translation import gettext_lazy as _

from notifications.events import Event, register

register(
    # Invitations, changes and cancellations carry the calendar entry: always at once.
    Event("training_invitation", _("Training invitation"), mandatory=True, listed=False),
    Event("training_changed", _("Training session changed"), mandatory=True, listed=False),
    Event("training_cancelled", _("Training session cancelled"), mandatory=True, listed=False),
    Event(
        "training_waitlisted",
        _("Training waiting list"),
        _("When a session is full and you are on its waiting list."),
    ),
    Event(
        "training_reminder",
        _("Training reminder"),
        _("A week and a day before a training session."),
    ),
    Event(
        "training_evaluation",
        _("Training evaluation"),
        _("Requests for the self-assessment and for feedback on a session."),
    ),
)
