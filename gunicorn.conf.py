"""gunicorn reads this file from the working directory by itself: its own lines (start,
workers, errors) go out as the application's do, JSON unless LOG_FORMAT says text
(buurtpreventie/logs.py). The access lines come from the application, with the request id.
With PROMETHEUS_MULTIPROC_DIR set, a worker that ends is taken out of the metrics' sums
(buurtpreventie/metrics.py)."""

import os
import shutil
from pathlib import Path

from buurtpreventie.logs import gunicorn_logging

logconfig_dict = gunicorn_logging()


def on_starting(server) -> None:
    """The metrics' folder empty at every start: counts of an earlier run are not added."""
    if folder := os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        shutil.rmtree(folder, ignore_errors=True)
        Path(folder).mkdir(parents=True)


def child_exit(server, worker) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
