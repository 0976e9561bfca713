"""The Celery app and the periodic schedule, in one place.

Without REDIS_URL the tasks run in-process (settings.CELERY_TASK_ALWAYS_EAGER), so the demo
needs no broker. With Redis, a task is acknowledged only after it ran and goes back to the
queue when its worker dies; what the queue loses anyway (Redis restarted empty, a worker
killed) every worker's outbox sweep finds and queues again (docs/notifications.md).
"""

import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import before_task_publish, task_postrun, task_prerun
from django.conf import settings

from buurtpreventie import logs
from notifications.worker import OutboxSweep

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buurtpreventie.settings")

app = Celery("buurtpreventie")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Every worker sweeps the outbox by itself: delivery of what was written needs no beat.
app.steps["worker"].add(OutboxSweep)


# A task's log lines carry the id of the request that queued it (buurtpreventie/logs.py).
@before_task_publish.connect
def _carry_request_id(headers=None, **kwargs) -> None:
    logs.carry_to_task(headers)


@task_prerun.connect
def _task_started(task=None, task_id=None, **kwargs) -> None:
    logs.task_started(task, task_id)


@task_postrun.connect
def _task_ended(task_id=None, **kwargs) -> None:
    logs.task_ended(task_id)


app.conf.beat_schedule = {
    "beat-heartbeat": {
        "task": "notifications.tasks.beat_heartbeat",
        "schedule": settings.BEAT_HEARTBEAT_INTERVAL,
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
    "clear-expired-sessions": {
        "task": "privacy.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=45),
    },
    "remind-vog-renewals": {
        "task": "teams.tasks.remind_vog_renewals",
        "schedule": crontab(hour=9, minute=0),
    },
}
