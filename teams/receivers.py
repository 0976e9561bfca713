"""Access ends with the role: when an account is deactivated, or a team or partner
membership ends (through the app or the admin), the person's sessions end at once.

Every write to what `Roles` reads (memberships, partner memberships, their teams and
organisations, training coordinators, authenticators) gives the people concerned fresh roles
on their next request: the cached roles are forgotten (`roles_changed`). The writes that go
around `save` and `delete` call it themselves (`teams.privacy.erase`)."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from notifications import versions
from privacy.services import sessions_end

from .middleware import INVITATION_ENROLMENT, session_started
from .models import (
    Invitation,
    Membership,
    Municipality,
    Neighbourhood,
    PartnerMembership,
    PartnerOrganisation,
    PatrolLog,
    Team,
    TrainingCoordinator,
    User,
)
from .roles import roles_changed
from .selectors import patrols_version
from .services import invitation_accept

STILL_ON = {
    User: lambda obj: obj.is_active,
    Membership: lambda obj: obj.status in Membership.CURRENT_STATUSES,
    PartnerMembership: lambda obj: obj.is_active,
}


@receiver(pre_save, sender=User)
@receiver(pre_save, sender=Membership)
@receiver(pre_save, sender=PartnerMembership)
def _note_ending(sender, instance, raw: bool = False, **kwargs) -> None:
    still_on = STILL_ON[sender]
    instance._access_ends = bool(
        not raw
        and instance.pk is not None
        and not still_on(instance)
        and any(still_on(old) for old in sender.objects.filter(pk=instance.pk))
    )


@receiver(post_save, sender=User)
@receiver(post_save, sender=Membership)
@receiver(post_save, sender=PartnerMembership)
def _end_sessions(sender, instance, **kwargs) -> None:
    if getattr(instance, "_access_ends", False):
        user = instance if sender is User else instance.user
        transaction.on_commit(lambda: sessions_end(user))


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
@receiver(post_save, sender=PartnerMembership)
@receiver(post_delete, sender=PartnerMembership)
@receiver(post_save, sender=TrainingCoordinator)
@receiver(post_delete, sender=TrainingCoordinator)
@receiver(post_save, sender=Authenticator)
@receiver(post_delete, sender=Authenticator)
def _roles_of_one_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    roles_changed([instance.user_id])


@receiver(post_save, sender=Team)
def _roles_of_team_changed(sender, instance: Team, created: bool, raw: bool = False, **kwargs):
    if not created:
        roles_changed(Membership.objects.filter(team=instance).values_list("user_id", flat=True))


@receiver(post_save, sender=PartnerOrganisation)
def _roles_of_organisation_changed(
    sender, instance: PartnerOrganisation, created: bool, raw: bool = False, **kwargs
) -> None:
    if not created:
        roles_changed(
            PartnerMembership.objects.filter(organisation=instance).values_list(
                "user_id", flat=True
            )
        )


NAMES = {"first_name", "last_name"}


@receiver(post_save, sender=Municipality)
@receiver(post_delete, sender=Municipality)
@receiver(post_save, sender=Team)
@receiver(post_delete, sender=Team)
@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
@receiver(post_save, sender=Neighbourhood)
@receiver(post_delete, sender=Neighbourhood)
@receiver(post_save, sender=PartnerOrganisation)
@receiver(post_delete, sender=PartnerOrganisation)
@receiver(post_save, sender=PartnerMembership)
@receiver(post_delete, sender=PartnerMembership)
@receiver(m2m_changed, sender=PartnerOrganisation.neighbourhoods.through)
@receiver(m2m_changed, sender=Team.neighbourhoods.through)
def _directory_changed(sender, **kwargs) -> None:
    """Pages that show teams, organisations, their members and places are made again."""
    versions.renew([versions.DIRECTORY])


@receiver(post_save, sender=PatrolLog)
@receiver(post_delete, sender=PatrolLog)
def _patrol_log_changed(sender, instance: PatrolLog, raw: bool = False, **kwargs) -> None:
    """A team's patrol figures are made again. The services and the admin save the log
    with its people present and observations in one transaction, so the version renewed
    after the commit covers those too (a receiver on the people present would cost every
    log a query: Django adds them one by one while anyone listens)."""
    if not raw:
        versions.renew([patrols_version(instance.shift.team_id)])


@receiver(post_save, sender=User)
def _name_changed(sender, instance: User, update_fields=None, **kwargs) -> None:
    if update_fields is None or NAMES & set(update_fields):  # not the save of every login
        versions.renew([versions.DIRECTORY])


@receiver(user_logged_in)
def _session_started(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        session_started(request)


@receiver(authenticator_added)
def _invitation_completed(sender, request, user, authenticator: Authenticator, **kwargs) -> None:
    """A partner who set up the authenticator app while accepting an invitation joins now
    (`teams.services.invitation_needs_two_factor`)."""
    if request is None or authenticator.type != Authenticator.Type.TOTP:
        return
    pk = request.session.pop(INVITATION_ENROLMENT, None)
    invitation = Invitation.objects.filter(pk=pk).first() if pk is not None else None
    if invitation is None:
        return
    try:
        invitation_accept(invitation=invitation, user=user)
    except ValidationError as error:  # revoked or expired meanwhile
        messages.error(request, error.messages[0])
        return
    messages.success(request, _("Welcome to %(place)s.") % {"place": invitation.target})
