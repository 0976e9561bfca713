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
        "vog_renewal_due",
        _("VOG renewal"),
        _("A month before a certificate of conduct (VOG) is three years old."),
    ),
)
