"""Celery tasks: they take ids, call a service, and own their retries."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.conf import settings

from . import services


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    soft_time_limit=settings.NOTIFICATION_DELIVERY_SOFT_LIMIT,
    time_limit=settings.NOTIFICATION_DELIVERY_HARD_LIMIT,
)
def deliver_notification(self, notification_id: int) -> str:
    outcome = services.notification_deliver(notification_id)
    # In-process (eager) runs do not wait for retries: the sweep picks those up later.
    if outcome.retry_in is not None and not self.request.is_eager:
        raise self.retry(countdown=outcome.retry_in, max_retries=None)
    return outcome.status


@shared_task(ignore_result=True)
def sweep_notifications() -> int:
    return services.notification_sweep(
        older_than=datetime.timedelta(seconds=settings.NOTIFICATION_SWEEP_AFTER)
    )


@shared_task(ignore_result=True)
def send_digests() -> int:
    return services.digests_send_all()
