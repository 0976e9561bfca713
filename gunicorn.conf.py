"""gunicorn reads this file from the working directory by itself: its own lines (start,
workers, errors) go out as the application's do, JSON unless LOG_FORMAT says text
(buurtpreventie/logs.py). The access lines come from the application, with the request id."""

from buurtpreventie.logs import gunicorn_logging

logconfig_dict = gunicorn_logging()
