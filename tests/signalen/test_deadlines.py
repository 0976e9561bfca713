import datetime

import pytest
from django.utils import translation

from signalen import deadlines

NOW = datetime.datetime(2027, 3, 10, 12, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("offset", "words"),
    [
        (datetime.timedelta(hours=3, minutes=20), "nog 3 uur"),
        (datetime.timedelta(minutes=25), "nog 25 minuten"),
        (datetime.timedelta(seconds=20), "nog 1 minuut"),
        (datetime.timedelta(hours=47), "nog 47 uur"),
        (datetime.timedelta(days=5, hours=2), "nog 5 dagen"),
        (-datetime.timedelta(days=2, hours=3), "2 dagen te laat"),
        (-datetime.timedelta(hours=1), "1 uur te laat"),
        (-datetime.timedelta(minutes=90), "1 uur te laat"),
    ],
)
def test_a_deadline_reads_as_time_left_or_late(offset, words):
    with translation.override("nl"):
        assert deadlines.in_words(NOW + offset, NOW) == words


def test_no_deadline_no_words_and_age_reads_as_ago():
    with translation.override("nl"):
        assert deadlines.in_words(None, NOW) == ""
        assert deadlines.ago(NOW - datetime.timedelta(days=3), NOW) == "3 dagen geleden"
    with translation.override("en"):
        assert deadlines.in_words(NOW + datetime.timedelta(hours=3), NOW) == "3 hours left"
