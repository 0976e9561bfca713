"""Hand-off to someone outside the application: a link without an account, one answer."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Notification
from notifications.services import notification_deliver
from signalen import services
from signalen.models import ExternalHandoff, ExternalHandoffView, SignalEvent
from signalen.services import Handoff
from teams.models import hash_token

from ..conftest import World
from ..factories import handoff_factory
from ..support.forms import post_form

Kind = SignalEvent.Kind
NOTE = "Weet u wie de eigenaar van de aanhanger is?"


def hand_off(world: World, **shared) -> tuple[ExternalHandoff, str]:
    """A hand-off of the world's signal by its partner, and the token its e-mail carries."""
    return handoff_factory(signal=world.signal, actor=world.partner_a, note=NOTE, **shared)


def external_url(token: str) -> str:
    return reverse("signalen:external_handoff", args=[token])


def test_the_token_is_stored_only_as_a_hash_and_leaves_the_outbox_with_the_email(
    world: World, mailoutbox
):
    handoff, token = hand_off(world)
    assert handoff.token_hash == hash_token(token)
    assert not ExternalHandoff.objects.filter(token_hash=token).exists()
    row = Notification.objects.get(dedup_key=f"handoff:{handoff.pk}:email")
    assert row.email == "beheer@woonstichting.example"
    assert row.recipient is None
    assert token not in row.body_text
    assert token not in row.body_html
    assert notification_deliver(row.pk).status == "sent"
    row.refresh_from_db()
    assert row.secrets == {}
    assert token in mailoutbox[-1].body
    assert NOTE in mailoutbox[-1].body
    assert mailoutbox[-1].to == ["beheer@woonstichting.example"]
    event = world.signal.events.get(kind=Kind.HANDOFF)
    assert event.actor == world.partner_a
    assert event.text == NOTE


def test_a_care_signal_is_never_handed_off(world: World):
    with pytest.raises(PermissionDenied):
        services.handoff_create(
            signal=world.care_signal,
            actor=world.partner_b,
            handoff=Handoff(email="school@example.org", note=NOTE, days=14),
        )
    assert not ExternalHandoff.objects.exists()
    page = world.client("partner_b").get(world.care_signal.get_absolute_url())
    assert page.status_code == 200
    assert reverse("signalen:handoff_create", args=[world.care_signal.pk]) not in page.text
    url = reverse("signalen:handoff_create", args=[world.care_signal.pk])
    assert world.client("partner_b").get(url).status_code == 403


@pytest.mark.parametrize("persona", ["volunteer", "coordinator", "partner_b", "admin"])
def test_only_the_responsible_organisation_hands_off(world: World, persona: str):
    with pytest.raises(PermissionDenied):
        services.handoff_create(
            signal=world.signal,
            actor=getattr(world, persona),
            handoff=Handoff(email="school@example.org", note=NOTE, days=14),
        )


@pytest.mark.parametrize("days", [0, 31])
def test_the_link_works_at_most_thirty_days(world: World, days: int):
    with pytest.raises(ValidationError):
        services.handoff_create(
            signal=world.signal,
            actor=world.partner_a,
            handoff=Handoff(email="school@example.org", note=NOTE, days=days),
        )
    assert not ExternalHandoff.objects.exists()


def test_the_page_shows_only_what_was_shared_and_logs_each_view(world: World):
    handoff, token = hand_off(world, share_street=True)
    client = world.client("anonymous")
    page = client.get(external_url(token))
    assert page.status_code == 200
    assert world.signal.street in page.text
    assert world.signal.category.name in page.text
    assert NOTE in page.text
    assert world.signal.description not in page.text
    assert world.volunteer.first_name not in page.text
    assert reverse("signalen:external_photo", args=[token, world.signal.photos.get().pk]) not in (
        page.text
    )
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert page["Referrer-Policy"] == "no-referrer"
    client.get(external_url(token))
    assert handoff.views.count() == 2
    photo = world.signal.photos.get()
    photo_url = reverse("signalen:external_photo", args=[token, photo.pk])
    assert client.get(photo_url).status_code == 404  # photos not shared
    assert handoff.views.count() == 2


def test_shared_description_and_photos_are_shown_and_photo_views_logged(world: World):
    handoff, token = hand_off(world, share_description=True, share_photos=True)
    client = world.client("anonymous")
    page = client.get(external_url(token))
    assert world.signal.description in page.text
    assert world.signal.street not in page.text
    photo = world.signal.photos.get()
    photo_url = reverse("signalen:external_photo", args=[token, photo.pk])
    assert photo_url in page.text
    response = client.get(photo_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert list(handoff.views.values_list("what", flat=True).order_by("pk")) == [
        ExternalHandoffView.What.PAGE,
        ExternalHandoffView.What.PHOTO,
    ]


def test_the_external_party_answers_once_and_the_partner_reads_it(world: World):
    handoff, token = hand_off(world)
    client = world.client("anonymous")
    page = client.get(external_url(token))
    form = post_form(page.text, having="answer")
    answer = "De aanhanger is van de bewoner van nummer 10; we spreken hem aan."
    response = client.post(external_url(token), form.submission(answer=answer), follow=True)
    assert "Bedankt, we hebben je antwoord ontvangen." in response.text
    assert answer in response.text
    assert 'name="answer"' not in response.text  # the form is gone after answering
    event = world.signal.events.get(kind=Kind.HANDOFF_ANSWER)
    assert event.text == answer
    assert event.organisation == world.org_a
    told = Notification.objects.filter(
        event="signal_handoff_answered", recipient=world.partner_a, channel="email"
    )
    assert told.count() == 1
    second = client.post(external_url(token), form.submission(answer="Nog iets"))
    assert second.status_code == 409
    handoff.refresh_from_db()
    assert handoff.answer == answer
    assert world.signal.events.filter(kind=Kind.HANDOFF_ANSWER).count() == 1
    timeline = world.client("partner_a").get(world.signal.get_absolute_url())
    assert answer in timeline.text


def test_a_second_answer_is_refused_by_the_service(world: World):
    handoff, _token = hand_off(world)
    services.handoff_answer(handoff=handoff, text="Eerste antwoord")
    with pytest.raises(ValidationError) as refused:
        services.handoff_answer(handoff=handoff, text="Tweede antwoord")
    assert refused.value.code == "answered"


def test_revoked_expired_and_unknown_links_show_nothing_of_the_signal(world: World):
    handoff, token = hand_off(world, share_description=True, share_street=True)
    client = world.client("anonymous")
    unknown = client.get(external_url("not-a-real-token"))
    assert unknown.status_code == 404
    detail = world.client("partner_a").get(world.signal.get_absolute_url())
    revoke_url = reverse("signalen:handoff_revoke", args=[world.signal.pk, handoff.pk])
    assert revoke_url in detail.text
    world.client("partner_a").post(revoke_url)
    gone = client.get(external_url(token))
    assert gone.status_code == 410
    for shown in (world.signal.description, world.signal.street, NOTE):
        assert shown not in gone.text
    assert handoff.views.count() == 0
    refused = client.post(external_url(token), {"answer": "Te laat"})
    assert refused.status_code == 410
    assert not world.signal.events.filter(kind=Kind.HANDOFF_ANSWER).exists()

    later, later_token = hand_off(world)
    ExternalHandoff.objects.filter(pk=later.pk).update(
        created_at=later.created_at - datetime.timedelta(days=15),
        expires_at=later.created_at - datetime.timedelta(days=1),
    )
    expired = client.get(external_url(later_token))
    assert expired.status_code == 410
    assert NOTE not in expired.text


def test_another_organisation_cannot_revoke(world: World):
    handoff, _token = hand_off(world)
    with pytest.raises(PermissionDenied):
        services.handoff_revoke(handoff=handoff, actor=world.partner_b)
    url = reverse("signalen:handoff_revoke", args=[world.signal.pk, handoff.pk])
    assert world.client("partner_b").post(url).status_code == 404  # not their signal
    handoff.refresh_from_db()
    assert handoff.revoked_at is None


def test_the_partner_hands_off_with_the_form_on_the_signal_page(world: World):
    client = world.client("partner_a")
    page = client.get(world.signal.get_absolute_url())
    form = post_form(page.text, having="note")
    assert form.fields["days"].value == "14"
    assert {"share_description", "share_street", "share_photos"} <= set(form.fields)
    data = form.submission(email="school@example.org", note=NOTE, share_street="on")
    response = client.post(form.action, data)
    assert response.status_code == 302
    handoff = ExternalHandoff.objects.get()
    assert (handoff.share_street, handoff.share_description, handoff.share_photos) == (
        True,
        False,
        False,
    )
    assert handoff.organisation == world.org_a
    assert handoff.expires_at - handoff.created_at == datetime.timedelta(days=14)


def test_a_refused_hand_off_form_says_why_and_saves_nothing(world: World):
    client = world.client("partner_a")
    page = client.get(reverse("signalen:handoff_create", args=[world.signal.pk]))
    form = post_form(page.text, having="note")
    response = client.post(form.action, form.submission(email="geen adres", note="", days="45"))
    assert response.status_code == 200
    assert not ExternalHandoff.objects.exists()
    assert re.search(r"invalid-feedback|is-invalid", response.text)


def test_answer_posts_are_rate_limited(world: World, settings):
    handoff, token = hand_off(world)
    client = world.client("anonymous")
    statuses = [client.post(external_url(token), {"answer": ""}).status_code for _ in range(11)]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
    assert handoff.views.count() == 0


def test_the_answer_is_accepted_as_a_browser_sends_it_under_no_referrer(world: World):
    """With `Referrer-Policy: no-referrer` the browser posts `Origin: null` and (the page
    setting no CSRF cookie) no token: the token in the address is the key."""
    handoff, token = hand_off(world)
    client = Client(enforce_csrf_checks=True)
    page = client.get(external_url(token))
    form = post_form(page.text, having="answer")
    response = client.post(
        external_url(token), form.submission(answer="Gezien, dank u."), HTTP_ORIGIN="null"
    )
    assert response.status_code == 302
    handoff.refresh_from_db()
    assert handoff.answer == "Gezien, dank u."


def test_the_signal_page_reads_the_hand_offs_in_one_query(world: World):
    client = world.client("partner_a")
    url = world.signal.get_absolute_url()
    counts = []
    for _ in range(2):
        hand_off(world)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url)
        counts.append(len(queries))
    assert page.text.count("beheer@woonstichting.example") == 2
    assert counts[0] == counts[1]
