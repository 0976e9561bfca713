"""The personal data of signals: what a person reported and did, and the retention of
descriptions, photos and reporter identity."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict, cast

from django.db import transaction
from django.db.models import Count, F, QuerySet
from django.utils.translation import gettext_lazy as _

from notifications import versions
from privacy.models import RetentionPolicy
from privacy.registry import PersonalData, Rows, register

from .models import Category, Sensitivity, Signal, SignalEvent, SignalPhoto, Status

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

# What an anonymised text field holds: not empty, so figures such as "resolved with feedback"
# stay what they were.
REMOVED = "—"
# Coordinates of an anonymised signal are kept to about a hundred metres, enough for maps
# of an area and too coarse for a house.
COARSE = Decimal("0.001")

LABELS = {
    "signals_reported": _("Signals you reported"),
    "signal_actions": _("What you did on signals"),
    "number": _("number"),
    "reported_at": _("reported"),
    "category": _("category"),
    "street": _("street"),
    "house_number": _("house number"),
    "observed_at": _("observed at"),
    "description": _("description"),
    "status": _("status"),
    "feedback": _("feedback to the team"),
    "photos": _("photos"),
    "signal": _("signal"),
    "when": _("when"),
    "action": _("action"),
    "text": _("text"),
}


class PhotoCount(TypedDict):
    photo_count: int


def export(user) -> dict[str, Rows]:
    # django-stubs drops annotations when a model's own QuerySet class (SignalQuerySet)
    # yields the rows; the count is there all the same.
    signals = cast(
        "QuerySet[WithAnnotations[Signal, PhotoCount]]",
        Signal.objects.filter(reporter=user)
        .select_related("category__parent")
        .annotate(photo_count=Count("photos"))
        .order_by("created_at"),
    )
    return {
        "signals_reported": [
            {
                "number": s.pk,
                "reported_at": s.created_at.isoformat(),
                "category": str(s.category),
                "street": s.street,
                "house_number": s.house_number,
                "observed_at": s.observed_at.isoformat(),
                "description": s.description,
                "status": s.get_status_display(),
                "feedback": s.feedback,
                "photos": s.photo_count,
            }
            for s in signals
        ],
        "signal_actions": [
            {
                "signal": e.signal_id,
                "when": e.created_at.isoformat(),
                "action": e.get_kind_display(),
                "text": e.text,
            }
            for e in SignalEvent.objects.filter(actor=user).order_by("created_at")
        ],
    }


def retain(now: datetime.datetime) -> dict[str, int]:
    policy = RetentionPolicy.current()
    anonymised = sum(
        _anonymise(
            Signal.objects.filter(
                category=category,
                status=Status.RESOLVED,
                resolved_at__lt=now - datetime.timedelta(days=category.retention_days),
                anonymised_at__isnull=True,
            ),
            now,
        )
        for category in Category.objects.all()
    )
    reporter_cutoff = now - datetime.timedelta(days=policy.reporter_identity_days)
    unnamed = Signal.objects.filter(
        status=Status.RESOLVED, resolved_at__lt=reporter_cutoff, reporter__isnull=False
    )
    SignalEvent.objects.filter(signal__in=unnamed, actor=F("signal__reporter")).update(actor=None)
    versions.renew([versions.SIGNALS])  # an update, which no receiver sees
    return {
        "signals_anonymised": anonymised,
        "signal_reporters_removed": unnamed.update(reporter=None),
    }


def _anonymise(signals, now: datetime.datetime) -> int:
    """Descriptions, answers and photos go; what happened, when and where (to a street, for
    normal signals) stays, with a tombstone event in the timeline."""
    done = 0
    for signal in signals.select_for_update():
        signal.description = REMOVED
        signal.feedback = REMOVED if signal.feedback else ""
        signal.house_number = ""
        if signal.is_care:
            signal.street = ""
            signal.latitude = signal.longitude = None
        elif signal.latitude is not None and signal.longitude is not None:
            signal.latitude = signal.latitude.quantize(COARSE)
            signal.longitude = signal.longitude.quantize(COARSE)
        signal.anonymised_at = now
        signal.save()
        signal.events.exclude(text="").update(text="")
        _photos_delete(SignalPhoto.objects.filter(signal=signal))
        SignalEvent.objects.create(signal=signal, kind=SignalEvent.Kind.ANONYMISED, created_at=now)
        done += 1
    return done


def _photos_delete(photos) -> None:
    names = [photo.image.name for photo in photos]
    storage = SignalPhoto._meta.get_field("image").storage
    photos.delete()

    def delete_files() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)


def periods() -> list[tuple[str, int]]:
    """Per main category; a subcategory that differs from its main category is listed too."""
    rows = []
    for category in Category.objects.active().select_related("parent"):
        if category.parent is None or category.retention_days != category.parent.retention_days:
            rows.append(
                (
                    str(_("Description and photos: %(category)s") % {"category": category}),
                    category.retention_days,
                )
            )
    rows.append((str(_("Who reported a signal")), RetentionPolicy.current().reporter_identity_days))
    return rows


def care_signals(tables: dict[str, Rows]) -> list[int]:
    """The care signals whose description, or a text on which, the tables show."""
    shown = {row["number"] for row in tables["signals_reported"]}
    shown |= {row["signal"] for row in tables["signal_actions"] if row["text"]}
    care = Signal.objects.filter(pk__in=shown, sensitivity=Sensitivity.CARE)
    return sorted(care.values_list("pk", flat=True))


register(
    PersonalData(
        "signalen",
        export,
        retain=retain,
        labels=LABELS,
        periods=periods,
        care_signals=care_signals,
    )
)
