from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from notifications import webhooks
from notifications.events import Event, register

from . import webhooks as signal_webhooks

register(
    Event(
        "signal_routed",
        _("New signal for my organisation"),
        _("For partners: a signal was routed or forwarded to your organisation."),
        push=True,
    ),
    Event(
        "signal_routed_care",
        _("New care signal for my organisation"),
        _("For care and welfare partners: a care signal was routed or forwarded to you."),
        push=True,
        push_description=_("The push message says only that there is a new care signal."),
        push_contents=False,
        push_link=reverse_lazy("signalen:partner_inbox"),
    ),
    Event(
        "signal_unrouted",
        _("Signal in the regional queue"),
        _("For regional administrators: no routing rule applied, or a partner rejected it."),
    ),
    Event(
        "signal_deadline_near",
        _("Acknowledge deadline near"),
        _("For partners: a new signal must be acknowledged within four hours."),
    ),
    Event(
        "signal_deadline_passed",
        _("Acknowledge deadline passed"),
        _("For partners: a new signal was not acknowledged in time."),
    ),
    Event(
        "signal_escalated",
        _("Signal escalated"),
        _("For leads and regional administrators: a day after a missed acknowledge deadline."),
    ),
    Event(
        "signal_resolve_near",
        _("Resolve deadline near"),
        _("For partners: a received signal must be resolved within a day."),
    ),
    Event(
        "signal_resolve_passed",
        _("Resolve deadline passed"),
        _("For partners: a received signal was not resolved in time."),
    ),
    Event(
        "signal_resolve_escalated",
        _("Signal escalated: not resolved"),
        _("For leads and regional administrators: a day after a missed resolve deadline."),
    ),
    Event(
        "signal_assigned",
        _("Signal assigned to me"),
        _("For partners: a colleague assigned a signal to you."),
    ),
    Event(
        "signal_answered",
        _("Answer from a reporter"),
        _("For partners: the reporter answered your question."),
    ),
    Event(
        "signal_observation_added",
        _("Observation added to a signal"),
        _("For partners: a volunteer saw the same thing and added an observation to a signal."),
    ),
    Event(
        "signal_status_changed",
        _("Status of my signal"),
        _("When a signal you reported is acknowledged, started, forwarded or reopened."),
    ),
    Event(
        "signal_question",
        _("Question about my signal"),
        _("When a partner asks you something about your signal."),
        mandatory=True,
        push=True,
    ),
    Event(
        "signal_message",
        _("Message about a signal"),
        _(
            "When the organisation writes about a signal of yours or your team, or the team"
            " writes about a signal your organisation handles."
        ),
    ),
    Event(
        "signal_resolved",
        _("Feedback on a signal"),
        _("When a signal of yours or your team is resolved, with the feedback."),
    ),
    Event(
        "signal_handoff",
        _("Signal handed to someone outside the application"),
        mandatory=True,
        listed=False,
    ),
    Event(
        "signal_handoff_answered",
        _("Answer from outside the application"),
        _("For partners: someone you handed a signal to by e-mail answered."),
    ),
)

webhooks.register(
    webhooks.WebhookEvent(signal_webhooks.RECEIVED, _("A signal came to us")),
    webhooks.WebhookEvent(signal_webhooks.ANSWERED, _("The reporter answered our question")),
    webhooks.WebhookEvent(signal_webhooks.MESSAGE, _("A message from the team")),
    webhooks.WebhookEvent(
        signal_webhooks.FORWARDED, _("A signal of ours was forwarded to another organisation")
    ),
    webhooks.WebhookEvent(
        signal_webhooks.RETURNED, _("A signal of ours went back to the regional queue")
    ),
)
