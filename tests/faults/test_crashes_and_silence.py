"""Stack 3: the worker killed while the mail server holds a message it has stored,
PostgreSQL restarted while messages are being sent, and the mail server silent (it accepts
connections and never says a word) for two minutes."""

import contextlib

import pytest

from ..support.processes import wait_for
from .stack import Scenario, mail_server_outage, now

pytestmark = pytest.mark.faults


def _posts_after(scenario, moment: float) -> int:
    return sum(post.answer.started > moment for post in scenario.traffic.posts)


def test_worker_killed_while_the_mail_server_holds_a_message(stack, request):
    """SIGKILL to the worker's whole process group after the mail server stored a message
    and before it answered 250; the connection is then closed unanswered and a new worker
    starts. The recipient sees every message once."""
    scenario = Scenario(stack, "kill")
    smtp = stack.smtp
    scenario.traffic.start()
    try:
        scenario.until_delivering()
        smtp.set_mode("hold")
        wait_for(lambda: smtp.held >= 1, timeout=60, what="a message held by the mail server")
        # Both of the worker's processes mid-delivery, when the traffic gives them work; not
        # waiting longer, or the first one's EMAIL_TIMEOUT (5 s) ends its conversation.
        with contextlib.suppress(TimeoutError):
            wait_for(lambda: smtp.held >= 2, timeout=2, what="a second message held")
        scenario.notes.append(f"messages held by the mail server at the kill: {smtp.held}")
        stack.kill_worker()
        smtp.drop_held()
        stack.start_worker()
        back = now()
        wait_for(lambda: _posts_after(scenario, back) >= 3, timeout=60, what="posts after")
    finally:
        scenario.traffic.stop()
    scenario.report(request, scenario.observe(fault_end=back))


def test_postgresql_restarted_while_messages_are_sent(stack, request):
    """`pg_ctlcluster restart` while the mail server holds a message for a few seconds
    before its 250 (the worker is mid-conversation, its transaction open). HTTP 5xx only
    for requests under way during the restart; every message once."""
    scenario = Scenario(stack, "restart")
    smtp = stack.smtp
    scenario.traffic.start()
    try:
        scenario.until_delivering()
        smtp.set_mode("hold", hold_seconds=3)
        wait_for(lambda: smtp.held >= 1, timeout=60, what="a message mid-conversation")
        restart = now()
        stack.cluster.restart()
        back = now()
        scenario.allow_errors(restart, back)
        scenario.notes.append(f"PostgreSQL restart took {back - restart:.1f} s")
        wait_for(lambda: _posts_after(scenario, back) >= 3, timeout=60, what="posts after")
    finally:
        scenario.traffic.stop()
        smtp.set_mode("normal")
    scenario.report(request, scenario.observe(fault_end=back))


def test_mail_server_silent_for_two_minutes(stack, request):
    mail_server_outage(stack, request, "silent", "silent", 120)
