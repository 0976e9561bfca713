"""A report is stored once, however often it is sent: a double tap, a retry after a lost
answer, two tabs, the phone's send queue."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from notifications.models import Notification
from signalen import services
from signalen.models import Category, Signal

from ..conftest import World
from ..support.forms import post_form

URL = reverse("signalen:signal_create")


def filled_in(world: World) -> dict:
    """The report form as the page shows it, filled in by the volunteer."""
    page = world.client("volunteer").get(URL).content.decode()
    form = post_form(page, having="description")
    return form.submission(
        category=str(Category.objects.get(code="burglary-risk").pk),
        street="Kerkstraat",
        description="Ladder tegen de achtergevel, slaapkamerraam open.",
    )


def test_each_showing_of_the_form_is_a_new_report(world: World):
    first, second = filled_in(world), filled_in(world)
    assert uuid.UUID(str(first["submission"])) != uuid.UUID(str(second["submission"]))


def test_a_report_sent_twice_is_stored_once_and_told_once(world: World):
    sent = filled_in(world)
    client = world.client("volunteer")
    before = Signal.objects.count()
    first = client.post(URL, sent)
    told = Notification.objects.count()
    again = client.post(URL, sent)
    assert Signal.objects.count() == before + 1
    signal = Signal.objects.latest("pk")
    assert first["Location"] == again["Location"] == signal.get_absolute_url()
    assert Notification.objects.count() == told  # nobody is told twice
    assert signal.submission_id == uuid.UUID(str(sent["submission"]))


def test_the_same_id_from_someone_else_is_their_own_report(world: World):
    sent = filled_in(world)
    world.client("volunteer").post(URL, sent)
    mine = Signal.objects.latest("pk")
    report = services.Report(
        category=mine.category,
        street="Molenweg",
        observed_at=mine.observed_at,
        description="Fietsen zonder slot bij het station.",
        submission_id=mine.submission_id,
    )
    theirs = services.signal_report(reporter=world.coordinator, team=world.team_a, report=report)
    assert theirs.pk != mine.pk
    assert (theirs.reporter, theirs.street) == (world.coordinator, "Molenweg")


def test_two_sends_at_the_same_moment_store_one_signal(world: World, monkeypatch):
    """The second request looks before the first has stored it, then finds the row taken:
    it answers with the first one's signal instead of an error."""
    sent = filled_in(world)
    client = world.client("volunteer")
    client.post(URL, sent)
    first = Signal.objects.latest("pk")
    looked = []
    real = services._submitted_before

    def not_yet_stored(reporter, submission_id):
        looked.append(submission_id)
        return None if len(looked) == 1 else real(reporter, submission_id)

    monkeypatch.setattr(services, "_submitted_before", not_yet_stored)
    again = client.post(URL, sent)
    assert len(looked) == 2  # looked, tried to store, looked again
    assert again["Location"] == first.get_absolute_url()
    assert (
        Signal.objects.filter(reporter=world.volunteer, submission_id=first.submission_id).count()
        == 1
    )


@pytest.mark.parametrize("bad", ["not-a-uuid", "1234"])
def test_a_malformed_submission_id_gets_a_message_and_saves_nothing(world: World, bad):
    sent = {**filled_in(world), "submission": bad}
    before = Signal.objects.count()
    response = world.client("volunteer").post(URL, sent)
    assert response.status_code == 200
    assert "Dit formulier is verouderd" in response.content.decode()
    assert Signal.objects.count() == before


def test_the_page_script_gets_the_address_and_the_message_waits_for_that_page(world: World):
    """static/js/forms.js sends the form itself (progress, the send queue): it is told where
    to go (201), and the confirmation is shown on that page, not used up before."""
    client = world.client("volunteer")
    sent = client.post(URL, filled_in(world), HTTP_ACCEPT="application/json")
    signal = Signal.objects.latest("pk")
    assert sent.status_code == 201
    assert sent.json() == {"url": signal.get_absolute_url()}
    page = client.get(sent.json()["url"]).content.decode()
    assert "Politie Noord heeft het ontvangen" in page


def test_the_page_script_gets_the_errors_as_422(world: World):
    refused = world.client("volunteer").post(
        URL, {**filled_in(world), "description": ""}, HTTP_ACCEPT="application/json"
    )
    assert refused.status_code == 422
    assert "data-form-region" in refused.content.decode()
