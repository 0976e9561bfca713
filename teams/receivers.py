"""Access ends with the role: when an account is deactivated, or a team or partner
membership ends (through the app or the admin), the person's sessions end at once."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from privacy.services import sessions_end

from .models import Membership, PartnerMembership, User

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
