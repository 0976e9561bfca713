"""Pages made from signals are made again after any write to one, its events, photos or
hand-offs (`notifications.versions`).

Every such write goes through `save` or `delete`, except two: the events of a new report are
inserted in bulk with the signal itself (whose save renews the version after the commit), and
retention removes reporters with an update (`signalen.privacy.retain` renews it itself).
Categories and routing rules belong to the directory's version, like the organisations."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from notifications import versions
from notifications.cache import forget

from .models import (
    Category,
    ExternalHandoff,
    ExternalHandoffView,
    RoutingRule,
    SavedFilter,
    Signal,
    SignalEvent,
    SignalPhoto,
)

SAVED_FILTERS = "saved_filters"


@receiver(post_save, sender=Signal)
@receiver(post_delete, sender=Signal)
@receiver(m2m_changed, sender=Signal.informed.through)
@receiver(post_save, sender=SignalEvent)
@receiver(post_delete, sender=SignalEvent)
@receiver(post_save, sender=SignalPhoto)
@receiver(post_delete, sender=SignalPhoto)
@receiver(post_save, sender=ExternalHandoff)
@receiver(post_delete, sender=ExternalHandoff)
@receiver(post_save, sender=ExternalHandoffView)
@receiver(post_delete, sender=ExternalHandoffView)
def _signal_changed(sender, **kwargs) -> None:
    versions.renew([versions.SIGNALS])


@receiver(post_save, sender=Category)
@receiver(post_delete, sender=Category)
@receiver(post_save, sender=RoutingRule)
@receiver(post_delete, sender=RoutingRule)
@receiver(m2m_changed, sender=RoutingRule.informed.through)
def _directory_changed(sender, **kwargs) -> None:
    versions.renew([versions.DIRECTORY])


@receiver(post_save, sender=SavedFilter)
@receiver(post_delete, sender=SavedFilter)
def _saved_filters_changed(sender, instance: SavedFilter, **kwargs) -> None:
    forget(SAVED_FILTERS, [instance.user_id])
