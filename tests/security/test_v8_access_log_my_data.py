"""ASVS V8 (data protection): every read of a care signal is logged, wherever its text is
shown: on "Mijn gegevens" and in its downloads, and in the signals export (by number)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from privacy.models import AccessLogEntry
from signalen.models import SignalEvent

from ..conftest import World
from ..factories import signal_factory
from ..support.forms import forms_of
from ..support.streaming import body

CARE_READ = AccessLogEntry.Action.CARE_SIGNAL_READ


def care_reads(user) -> list[tuple[str, str]]:
    entries = AccessLogEntry.objects.filter(user=user, action=CARE_READ).order_by("pk")
    return [(e.object_id, e.detail) for e in entries]


def second_care_signal(world: World):
    return signal_factory(
        reporter=world.coordinator,
        team=world.team_a,
        code=world.care_signal.category.code,
        description="De post ligt al een week achter de deur.",
    )


@pytest.mark.parametrize(
    ("address", "where"),
    [
        (reverse("privacy:my_data"), "mijn gegevens"),
        (reverse("privacy:my_data_download", args=["json"]), "mijn gegevens, download json"),
        (reverse("privacy:my_data_download", args=["html"]), "mijn gegevens, download html"),
    ],
)
def test_my_data_logs_the_care_signals_whose_texts_it_shows_to_the_reporter(
    world: World, address, where
):
    second_care_signal(world)  # someone else's: not shown, not logged
    response = world.client("volunteer").get(address)
    assert response.status_code == 200
    assert world.care_signal.description in response.content.decode()
    assert care_reads(world.volunteer) == [(str(world.care_signal.pk), where)]


def test_my_data_logs_the_care_signals_a_partner_wrote_on_and_no_others(world: World):
    other_care = second_care_signal(world)
    SignalEvent.objects.create(
        signal=world.care_signal, kind=SignalEvent.Kind.ASK, actor=world.partner_b, text="Vraag"
    )
    # A move without text shows nothing of the signal; a normal signal is no care signal.
    SignalEvent.objects.create(signal=other_care, kind=SignalEvent.Kind.ASK, actor=world.partner_b)
    SignalEvent.objects.create(
        signal=world.signal, kind=SignalEvent.Kind.ASK, actor=world.partner_b, text="Vraag 2"
    )
    response = world.client("partner_b").get(reverse("privacy:my_data"))
    assert response.status_code == 200
    assert care_reads(world.partner_b) == [(str(world.care_signal.pk), "mijn gegevens")]
    entry = AccessLogEntry.objects.get(user=world.partner_b, action=CARE_READ)
    assert entry.object_type == AccessLogEntry.Subject.SIGNAL


def test_my_data_without_care_signals_logs_no_read(world: World):
    world.client("partner_a").get(reverse("privacy:my_data"))
    assert care_reads(world.partner_a) == []


def test_the_signals_export_logs_exactly_the_signals_it_sent(world: World):
    """Done on main before this issue (AccessLogIds): the export's entry names each signal
    whose row left the server, no more and no fewer."""
    for street in ("Dorpsstraat", "Molenweg", "Kerkplein"):
        signal_factory(reporter=world.volunteer, team=world.team_a, street=street)
    client = world.client("partner_a")
    inbox = client.get(reverse("signalen:partner_inbox")).content.decode()
    export = next(f for f in forms_of(inbox) if f.action == reverse("signalen:signal_export"))
    response = client.get(export.action, export.submission())
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(body(response).decode("utf-8-sig")), delimiter=";"))
    sent = {int(row[0]) for row in rows[1:]}
    assert len(sent) >= 4
    entry = AccessLogEntry.objects.get(user=world.partner_a, action=AccessLogEntry.Action.EXPORT)
    logged = [n for part in entry.id_parts.all() for n in part.numbers()]
    assert sorted(logged) == sorted(sent)
