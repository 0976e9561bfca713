"""The Celery app and the periodic schedule, in one place.

Without REDIS_URL the tasks run in-process (settings.CELERY_TASK_ALWAYS_EAGER), so the demo
needs no broker. With Redis, delivery is reliable: a task is acknowledged only after it ran,
goes back to the queue when its worker dies, and a message waiting for a retry stays
invisible to other workers for longer than any retry delay.
"""

import os

from celery import Celery
from celery.schedules import crontab
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buurtpreventie.settings")

app = Celery("buurtpreventie")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    "sweep-pending-notifications": {
        "task": "notifications.tasks.sweep_notifications",
        "schedule": settings.NOTIFICATION_SWEEP_INTERVAL,
    },
    "send-daily-digests": {
        "task": "notifications.tasks.send_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    "roster-reminders": {
        "task": "teams.tasks.send_roster_reminders",
        "schedule": 15 * 60.0,
    },
    "training-reminders": {
        "task": "trainingen.tasks.send_training_reminders",
        "schedule": crontab(minute=30),
    },
    "signal-deadlines": {
        "task": "signalen.tasks.send_deadline_reminders",
        "schedule": 15 * 60.0,
    },
    "apply-retention-periods": {
        "task": "privacy.tasks.apply_retention",
        "schedule": crontab(hour=3, minute=30),
    },
    "remind-vog-renewals": {
        "task": "teams.tasks.remind_vog_renewals",
        "schedule": crontab(hour=9, minute=0),
    },
}
