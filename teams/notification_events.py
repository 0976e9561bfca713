from django.utils.translation import gettext_lazy as _

from notifications.events import Event, register

register(
    Event(
        "account_invitation",
        _("Invitation to the application"),
        mandatory=True,
        listed=False,
    ),
    Event(
        "team_member_joined",
        _("Someone joined my team"),
        _("For coordinators: a person accepted an invitation to the team."),
    ),
    Event(
        "membership_ready",
        _("I am ready to patrol"),
        _("When your onboarding is complete and you can sign up for patrols."),
    ),
    Event(
        "shifts_published",
        _("New shifts on the roster"),
        _("When your coordinator publishes shifts for your team."),
    ),
    Event(
        "shift_reminder",
        _("Shift reminder"),
        _("A day before a shift you signed up for."),
    ),
    Event(
        "shift_understaffed",
        _("Shift short of people"),
        _("Two days before a shift that has fewer people than it needs."),
    ),
    Event(
        "shift_understaffed_today",
        _("Patrol today still short of people"),
        _("Six hours before a shift that still has fewer people than it needs."),
        # The e-mail two days before said it already; today's news is for the phone.
        default="off",
        push=True,
    ),
    Event(
        "shift_changed",
        _("Shift changed"),
        _("When the time or meeting point of your shift changes."),
        push=True,
        push_description=_("Only when the shift starts within 24 hours."),
    ),
    Event(
        "shift_cancelled",
        _("Shift cancelled"),
        _("When a shift you signed up for is cancelled."),
        push=True,
        push_description=_("Only when the shift starts within 24 hours."),
    ),
    Event(
        "team_announcement",
        _("Message to my team"),
        _("From your coordinator or wijkagent, to the whole team or to those on a shift."),
        push=True,
    ),
    Event(
        "team_announcement_reply",
        _("Reply to my message to a team"),
        _("When someone of the team answers a message you sent."),
    ),
    Event(
        "team_join_request",
        _("Someone wants to join my team"),
        _("For coordinators: a request from the team's public page or sign-up sheet."),
    ),
    Event(
        "vog_renewal_due",
        _("VOG renewal"),
        _("A month before a certificate of conduct (VOG) is three years old."),
    ),
)
