from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(ignore_result=True)
def send_deadline_reminders() -> int:
    return services.signal_deadline_reminders(now=timezone.now())
