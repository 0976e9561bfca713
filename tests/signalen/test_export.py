"""The CSV export: the inbox's filters and a date range, sent while it is read (memory and
queries the same for any number of rows), and logged with the signals it held."""

from __future__ import annotations

import csv
import datetime
import io
import math
import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from privacy.models import AccessLogEntry, AccessLogIds, numbers_ranges, ranges_numbers
from signalen import services
from signalen.models import Category, Signal, Status
from teams import csv_export

from ..conftest import World
from ..factories import routing_rule, signal_factory
from ..support.forms import Form, forms_of
from ..support.streaming import body
from ..support.streaming import pieces as stream

EXPORT = reverse("signalen:signal_export")


def numbers(response) -> list[int]:
    text = body(response).decode().lstrip("\ufeff")
    return [int(row["nummer"]) for row in csv.DictReader(io.StringIO(text), delimiter=";")]


def logged(entry: AccessLogEntry) -> list[int]:
    return [n for part in entry.id_parts.all() for n in part.numbers()]


def export_form(html: str) -> Form:
    (form,) = [f for f in forms_of(html) if f.action == EXPORT]
    return form


def reported_on(signal: Signal, moment: datetime.datetime) -> Signal:
    Signal.objects.filter(pk=signal.pk).update(created_at=moment)
    signal.refresh_from_db()
    return signal


def test_the_export_follows_the_inbox_filters_and_the_dates(world: World):
    """The partner filters the inbox, and the export form below it sends those filters with
    the days chosen: the file holds what the inbox shows, within those days."""
    routing_rule("youth-nuisance", world.org_a)
    acknowledged = signal_factory(reporter=world.volunteer, team=world.team_a)
    services.signal_act(signal=acknowledged, action="acknowledge", actor=world.partner_a)
    youth = signal_factory(reporter=world.volunteer, team=world.team_a, code="youth-nuisance")
    south = signal_factory(reporter=world.volunteer, team=world.team_b)  # org_a, other area
    sub = signal_factory(reporter=world.volunteer, team=world.team_a, code="burglary-risk-open")
    early = reported_on(
        signal_factory(reporter=world.volunteer, team=world.team_a),
        world.signal.created_at - datetime.timedelta(days=10),
    )
    day = timezone.localdate(world.signal.created_at)
    burglary = Category.objects.get(code="burglary-risk")
    neighbourhood = world.team_a.neighbourhoods.get()

    client = world.client("partner_a")
    inbox = client.get(
        reverse("signalen:partner_inbox"),
        {"status": "new", "category": str(burglary.pk), "neighbourhood": str(neighbourhood.pk)},
    )
    form = export_form(inbox.content.decode())
    everything = numbers(client.get(EXPORT, form.submission()))
    assert set(everything) == {world.signal.pk, sub.pk, early.pk}
    assert {acknowledged.pk, youth.pk, south.pk}.isdisjoint(everything)

    days = form.submission(van=(day - datetime.timedelta(days=2)).isoformat(), tot=day.isoformat())
    assert set(numbers(client.get(EXPORT, days))) == {world.signal.pk, sub.pk}
    only_early = form.submission(tot=(day - datetime.timedelta(days=10)).isoformat())
    assert numbers(client.get(EXPORT, only_early)) == [early.pk]

    # The default inbox (the open statuses) exports what it shows, the resolved ones not.
    services.signal_act(signal=sub, action="acknowledge", actor=world.partner_a)
    services.signal_act(signal=sub, action="resolve", actor=world.partner_a, text="Klaar")
    inbox = client.get(reverse("signalen:partner_inbox"))
    exported = set(numbers(client.get(EXPORT, export_form(inbox.content.decode()).submission())))
    assert exported == {world.signal.pk, acknowledged.pk, youth.pk, south.pk, early.pk}


def test_without_filters_the_export_holds_all_the_person_may_read(world: World):
    routing_rule("youth-nuisance", world.org_a)
    youth = signal_factory(reporter=world.volunteer, team=world.team_a, code="youth-nuisance")
    services.signal_act(signal=youth, action="acknowledge", actor=world.partner_a)
    services.signal_act(signal=youth, action="resolve", actor=world.partner_a, text="Klaar")
    assert numbers(world.client("partner_a").get(EXPORT)) == [world.signal.pk, youth.pk]
    care = Category.objects.get(code="care-worry")
    # The coordinator knows of the care signal only as handed over: never in an export.
    assert numbers(world.client("coordinator").get(EXPORT, {"category": care.pk})) == []
    assert numbers(world.client("partner_b").get(EXPORT, {"category": care.pk})) == [
        world.care_signal.pk
    ]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"van": "2026-03-10", "tot": "2026-03-01"}, "De einddatum ligt vóór de begindatum"),
        ({"van": "2026-02-30"}, "Voer een geldige datum in"),
        ({"tot": "1899-12-31"}, "2000"),
        ({"status": "gone"}, "Selecteer een geldige keuze"),
    ],
)
def test_a_bad_filter_is_refused_with_a_message_and_nothing_is_exported(
    world: World, query, message
):
    response = world.client("partner_a").get(EXPORT, query)
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("text/html")
    assert message in response.content.decode()
    assert not AccessLogEntry.objects.filter(action="export").exists()
    assert not AccessLogIds.objects.exists()


def test_the_refused_form_keeps_the_valid_filters_and_sends_again(world: World):
    burglary = Category.objects.get(code="burglary-risk")
    day = timezone.localdate(world.signal.created_at)
    client = world.client("partner_a")
    refused = client.get(
        EXPORT, {"category": str(burglary.pk), "van": day.isoformat(), "tot": "2000-01-01"}
    )
    form = export_form(refused.content.decode())
    assert form.fields["category"].value == str(burglary.pk)
    assert numbers(client.get(EXPORT, form.submission(tot=day.isoformat()))) == [world.signal.pk]


def test_the_log_names_the_filters_and_every_signal_sent(world: World, monkeypatch):
    monkeypatch.setattr(services, "EXPORT_CHUNK", 3)
    made = [signal_factory(reporter=world.volunteer, team=world.team_a) for _ in range(6)]
    burglary = Category.objects.get(code="burglary-risk")
    sent = numbers(world.client("partner_a").get(EXPORT, {"category": burglary.pk}))
    assert sent == [world.signal.pk, *(s.pk for s in made)]

    entry = AccessLogEntry.objects.get(action="export")
    assert (entry.user, entry.object_type) == (world.partner_a, "signals")
    assert entry.detail == f"filters: category={burglary.pk}"
    assert logged(entry) == sorted(sent)
    assert [part.count for part in entry.id_parts.all()] == [3, 3, 1]


def test_a_download_cut_off_is_logged_for_what_was_sent_and_at_most_a_chunk_more(
    world: World, monkeypatch
):
    monkeypatch.setattr(services, "EXPORT_CHUNK", 3)
    monkeypatch.setattr(csv_export, "PIECE", 1)  # every row its own piece
    for _ in range(9):
        signal_factory(reporter=world.volunteer, team=world.team_a)
    response = world.client("partner_a").get(EXPORT)
    pieces = stream(response)
    received = [next(pieces) for _ in range(5)]  # the header with the first row, four more
    # The reader left: the server closes the response. (The end of a request would close
    # the test's database connection, which holds the test's transaction: keep it.)
    monkeypatch.setattr(connection, "close_if_unusable_or_obsolete", lambda: None)
    response.close()

    rows = csv.reader(io.StringIO(b"".join(received).decode().lstrip("\ufeff")), delimiter=";")
    got = [int(row[0]) for row in list(rows)[1:]]
    assert len(got) == 5
    names = logged(AccessLogEntry.objects.get(action="export"))
    assert set(got) <= set(names)
    assert len(names) == 6  # two chunks: the one sent, and the one being sent
    assert Signal.objects.count() == 11  # nine more than the world's two: not all logged


def _bulk_signals(world: World, count: int) -> None:
    """Signals written directly: the export reads rows, it does not care how they came."""
    template = world.signal
    now = timezone.now()
    Signal.objects.bulk_create(
        Signal(
            category_id=template.category_id,
            sensitivity=template.sensitivity,
            reporter_id=template.reporter_id,
            team_id=template.team_id,
            neighbourhood_id=template.neighbourhood_id,
            street="Kerkstraat",
            house_number=str(n),
            observed_at=now,
            description="Raam op de eerste verdieping staat open. " * 10,
            status=Status.NEW,
            responsible_id=template.responsible_id,
            acknowledge_deadline=template.acknowledge_deadline,
            resolve_deadline=template.resolve_deadline,
            created_at=now - datetime.timedelta(minutes=n),
        )
        for n in range(count)
    )


def _measure(client) -> tuple[int, int, list[str]]:
    """Peak memory while the export is made and read, its bytes and its queries."""
    with CaptureQueriesContext(connection) as queries:
        tracemalloc.start()
        try:
            response = client.get(EXPORT)
            size = sum(len(piece) for piece in stream(response))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    return peak, size, [q["sql"] for q in queries.captured_queries]


def test_the_export_takes_the_same_memory_and_reads_at_two_sizes(world: World, monkeypatch):
    """200 and 2,000 signals: the peak memory while the file is made and read stays put, and
    the database is read in the same number of queries; the log writes one part per chunk.
    The chunk is set below the smaller size, so that both exports are read in several."""
    monkeypatch.setattr(services, "EXPORT_CHUNK", 100)
    client = world.client("partner_a")
    _measure(client)  # the first request loads what every later one reuses
    _bulk_signals(world, 199)
    small_peak, small_size, small_queries = _measure(client)
    _bulk_signals(world, 1800)
    large_peak, large_size, large_queries = _measure(client)

    assert large_size > 9 * small_size  # ten times the rows
    assert large_peak < 1.5 * small_peak, (small_peak, large_peak)

    def reads(queries: list[str]) -> list[str]:
        return [q for q in queries if "privacy_accesslogids" not in q]

    def parts(queries: list[str]) -> int:
        return sum('INSERT INTO "privacy_accesslogids"' in q for q in queries)

    assert len(reads(small_queries)) == len(reads(large_queries))
    assert (parts(small_queries), parts(large_queries)) == (
        math.ceil(200 / 100),
        math.ceil(2000 / 100),
    )


@pytest.mark.parametrize(
    ("numbers", "text"),
    [([], ""), ([7], "7"), ([3, 4, 5, 9, 7, 4], "3-5,7,9"), ([10, 12, 11, 20, 21], "10-12,20-21")],
)
def test_the_log_keeps_numbers_as_ranges_and_reads_them_back(numbers, text):
    assert numbers_ranges(numbers) == text
    assert ranges_numbers(text) == sorted(set(numbers))
