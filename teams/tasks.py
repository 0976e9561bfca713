from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(ignore_result=True)
def remind_vog_renewals() -> int:
    return services.vog_renewal_reminders(today=timezone.localdate())


@shared_task(ignore_result=True)
def send_roster_reminders() -> int:
    return services.roster_reminders(now=timezone.now())
