from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(ignore_result=True)
def send_training_reminders() -> int:
    return services.training_reminders(now=timezone.now())
