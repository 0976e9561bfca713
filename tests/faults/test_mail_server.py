"""Stack 2: the mail server refusing every connection for three minutes, then silent (it
accepts connections and never says a word) for two."""

import pytest

from .stack import Scenario, now, seconds

pytestmark = pytest.mark.faults


def _mail_server_outage(stack, request, name: str, mode: str, duration: float) -> None:
    scenario = Scenario(stack, name)
    scenario.traffic.start()
    try:
        scenario.until_delivering()
        stack.smtp.set_mode(mode)
        scenario.hold(seconds(duration))
    finally:
        scenario.traffic.stop()
    stack.smtp.set_mode("normal")
    scenario.report(request, scenario.observe(fault_end=now()))


def test_mail_server_refusing_for_three_minutes(stack, request):
    _mail_server_outage(stack, request, "refuse", "refuse", 180)


def test_mail_server_silent_for_two_minutes(stack, request):
    _mail_server_outage(stack, request, "silent", "silent", 120)
