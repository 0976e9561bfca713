"""Celery tasks: they take ids and call a service."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from . import services


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    soft_time_limit=settings.NOTIFICATION_DELIVERY_SOFT_LIMIT,
    time_limit=settings.NOTIFICATION_DELIVERY_HARD_LIMIT,
)
def deliver_notification(notification_id: int) -> str:
    # A retry is not queued with a countdown: the row says when it is due, and the workers'
    # sweep queues it then (see services.notification_sweep).
    return services.notification_deliver(notification_id).status


@shared_task(ignore_result=True)
def sweep_notifications() -> int:
    """The sweep on demand (`celery call`); every worker also runs it by itself."""
    return services.notification_sweep()


@shared_task(ignore_result=True)
def beat_heartbeat() -> None:
    services.beat_seen()


@shared_task(ignore_result=True)
def send_digests() -> int:
    return services.digests_send_all()
