"""Whether the worker that started a send is still at it.

A worker holds a PostgreSQL session-level advisory lock per message from the moment it marks
the message `sending` until it has recorded the outcome. The lock lives as long as the
worker's database connection: when the worker is killed (or loses its connection) the lock
goes with it, so the sweep can tell "still talking to the mail server" from "gone" at once,
whatever the server's timeouts. Session locks hold outside transactions, so nothing is left
"idle in transaction" while a server is slow.

Other databases (SQLite in the demo, where tasks run in-process) have no such locks: there a
send counts as gone once it is older than the delivery task's hard time limit.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)

# The high bits keep these locks apart from any other advisory lock on the database.
NAMESPACE = 0x4250 << 48


def _postgresql() -> bool:
    return connection.vendor == "postgresql"


def _key(notification_id: int) -> int:
    return NAMESPACE | notification_id


def acquire(notification_id: int) -> bool:
    """Take the message's lock for this connection; False if another session has it."""
    if not _postgresql():
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [_key(notification_id)])
        return bool(cursor.fetchone()[0])


def release(notification_id: int) -> None:
    """Give the lock back. Never raises: a connection that was lost took the lock with it."""
    if not _postgresql():
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [_key(notification_id)])
    except DatabaseError:
        logger.info("Send lock of notification %s went with its connection", notification_id)


def reconcile_after() -> int:
    """Seconds after which a send still marked `sending` is looked at."""
    if _postgresql():
        return settings.NOTIFICATION_RECONCILE_AFTER
    return settings.NOTIFICATION_DELIVERY_HARD_LIMIT


def sender_gone(notification_id: int) -> bool:
    """Whether the send of this message (marked `sending` more than `reconcile_after()`
    seconds ago) has no worker any more."""
    if not _postgresql():
        return True
    if not acquire(notification_id):
        return False
    release(notification_id)
    return True
