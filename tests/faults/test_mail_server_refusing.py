"""Stack 2: the mail server refusing every connection for three minutes.

(Its silence for two minutes runs on stack 3, test_crashes_and_silence.py, so that the
three stacks take about as long.)"""

import pytest

from .stack import mail_server_outage

pytestmark = pytest.mark.faults


def test_mail_server_refusing_for_three_minutes(stack, request):
    mail_server_outage(stack, request, "refuse", "refuse", 180)
