"""The outbox sweep inside every Celery worker, so delivery does not depend on beat.

A thread in the worker's main process runs `services.notification_sweep` at start and then
every NOTIFICATION_SWEEP_INTERVAL seconds. Several workers sweeping at once is harmless:
delivery claims each row once. Registered on the Celery app in buurtpreventie/celery.py.
"""

from __future__ import annotations

import logging
import threading

from celery import bootsteps
from django.conf import settings
from django.db import close_old_connections

logger = logging.getLogger(__name__)


class OutboxSweep(bootsteps.StartStopStep):
    label = "outbox sweep"

    def __init__(self, parent, **kwargs):
        super().__init__(parent, **kwargs)
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self, parent) -> None:
        self.thread = threading.Thread(target=self.run, name="outbox-sweep", daemon=True)
        self.thread.start()

    def stop(self, parent) -> None:
        self.stopping.set()

    def run(self) -> None:
        from . import services

        while not self.stopping.is_set():
            close_old_connections()  # a database that restarted is reconnected
            try:
                queued = services.notification_sweep()
            except Exception:
                logger.warning("Outbox sweep failed; trying again shortly.", exc_info=True)
            else:
                if queued:
                    logger.info("Outbox sweep queued %d message(s).", queued)
            self.stopping.wait(settings.NOTIFICATION_SWEEP_INTERVAL)
