"""Access ends with the role: when an account is deactivated, or a team or partner
membership ends (through the app or the admin), the person's sessions end at once.

Every write to what `Roles` reads (memberships, partner memberships, their teams and
organisations, training coordinators, authenticators) gives the people concerned fresh roles
on their next request: the cached roles are forgotten (`roles_changed`). The writes that go
around `save` and `delete` call it themselves (`teams.privacy.erase`)."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from privacy.services import sessions_end

from .models import (
    Membership,
    PartnerMembership,
    PartnerOrganisation,
    Team,
    TrainingCoordinator,
    User,
)
from .roles import roles_changed

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
