"""Writes about teams, people, the roster and patrol logs. Each function is one transaction."""

from .accounts import (
    invitation_accept,
    invitation_create,
    invitation_find,
    invitation_revoke,
    invitation_url,
    membership_update,
    vog_renewal_reminders,
)
from .roster import (
    PatrolReport,
    calendar_feed_reset,
    observation_signal_draft,
    patrol_log_create,
    patrol_log_update,
    roster_reminders,
    shift_cancel,
    shift_create,
    shift_pattern_create,
    shift_sign_up,
    shift_times,
    shift_update,
    shift_withdraw,
)

__all__ = [
    "PatrolReport",
    "calendar_feed_reset",
    "invitation_accept",
    "invitation_create",
    "invitation_find",
    "invitation_revoke",
    "invitation_url",
    "membership_update",
    "observation_signal_draft",
    "patrol_log_create",
    "patrol_log_update",
    "roster_reminders",
    "shift_cancel",
    "shift_create",
    "shift_pattern_create",
    "shift_sign_up",
    "shift_times",
    "shift_update",
    "shift_withdraw",
    "vog_renewal_reminders",
]
