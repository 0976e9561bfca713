import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def apply_retention() -> dict[str, int]:
    run = services.retention_apply()
    logger.info("Retention run %s: %s", run.pk, run.results)
    return run.results


@shared_task(ignore_result=True)
def clear_expired_sessions() -> int:
    cleared = services.sessions_clear_expired()
    logger.info("Expired sessions cleared: %d", cleared)
    return cleared
