"""Webhooks: an organisation's system hears of its signals, signed, through the outbox.

A receiver on 127.0.0.1 (tests/support/receiver.py) stands in for the partner's system and
checks every signature as docs/webhooks.md tells it to; deliveries run through the outbox's
own `notification_deliver`, as a worker runs them (tests/notifications/test_webhook_worker.py
has them through a real worker)."""

from __future__ import annotations

import datetime
import json
import socket

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from notifications import services as outbox
from notifications import webhooks
from notifications.models import Notification, WebhookEndpoint
from signalen import services as signal_services
from signalen import webhooks as signal_webhooks
from signalen.models import Signal
from teams import services
from teams.models import PartnerMembership
from teams.roles import roles_changed

from ..conftest import World
from ..factories import signal_factory
from ..support.forms import post_form
from ..support.receiver import Receiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver():
    server = Receiver()
    with override_settings(WEBHOOK_ALLOW_LOCAL_ADDRESSES=True):
        yield server
    server.stop()


def add_webhook(world: World, receiver: Receiver, organisation=None, events=None) -> str:
    _endpoint, secret = services.webhook_create(
        actor=world.admin,
        organisation=organisation or world.org_a,
        url=receiver.url,
        events=events or [e.code for e in webhooks.listed_events()],
    )
    return secret


def deliveries(**filters) -> list[Notification]:
    return list(Notification.objects.filter(channel="webhook", **filters).order_by("pk"))


def deliver_due() -> list[str]:
    """What the workers do with every due webhook row: one attempt each."""
    return [outbox.notification_deliver(row.pk).status for row in deliveries(status="pending")]


def test_the_lead_adds_a_webhook_on_the_page_and_sees_its_secret_once(world: World, receiver):
    PartnerMembership.objects.filter(user=world.partner_a).update(is_lead=True)
    lead = world.client("partner_a")
    url = reverse("teams:webhook_create", args=[world.org_a.pk])
    assert f'href="{url}"' in lead.get(world.org_a.get_absolute_url()).content.decode()
    form = post_form(lead.get(url).content.decode(), having="url")
    assert set(form.fields["events"].options) >= {"signal.received", "signal.answered"}
    made = lead.post(
        url, form.submission(url=receiver.url, events=["signal.received"], description="BVH")
    )
    assert made.headers["Cache-Control"] == "no-store"
    html = made.content.decode()
    secret = html.split('id="webhook-secret" readonly value="')[1].split('"')[0]
    assert secret.startswith("whsec_")
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.owner == world.org_a
    assert endpoint.events == ["signal.received"]
    assert secret not in endpoint.secret_encrypted  # stored encrypted
    detail = lead.get(reverse("teams:webhook_detail", args=[world.org_a.pk, endpoint.pk]))
    assert secret not in detail.content.decode()
    assert "Buurtpreventie-Signature" in detail.content.decode()

    # The test button: a signed ping reaches the system, and the page shows it arrived.
    test = reverse("teams:webhook_test", args=[world.org_a.pk, endpoint.pk])
    assert lead.post(test).status_code == 302
    assert deliver_due() == ["sent"]
    (arrival,) = receiver.arrivals
    assert arrival.headers["Buurtpreventie-Event"] == "ping"
    assert arrival.signed_with(secret)
    shown = lead.get(reverse("teams:webhook_detail", args=[world.org_a.pk, endpoint.pk]))
    assert ">verstuurd</span>" in shown.content.decode()


def test_a_routed_signal_reaches_the_system_signed_and_without_personal_data(
    world: World, receiver
):
    secret = add_webhook(world, receiver)
    signal = signal_factory(
        reporter=world.volunteer, team=world.team_a, description="Man bij het raam van nr 12."
    )
    assert signal.responsible == world.org_a
    assert deliver_due() == ["sent"]
    (arrival,) = receiver.arrivals
    assert arrival.signed_with(secret)
    assert arrival.headers["Buurtpreventie-Event"] == "signal.received"
    assert arrival.headers["Buurtpreventie-Delivery"] == arrival.payload["id"]
    assert arrival.headers["Content-Type"] == "application/json"
    payload = arrival.payload
    assert payload["type"] == "signal.received"
    data = payload["data"]
    assert data["role"] == "responsible"
    assert data["signal"]["id"] == signal.pk
    assert data["signal"]["url"].endswith(reverse("api:signal", args=[signal.pk]))
    assert data["signal"]["category"]["code"] == signal.category.code
    assert not {"street", "house_number", "description", "latitude"} & set(data["signal"])
    body = arrival.body.decode()
    for personal in (world.volunteer.first_name, world.volunteer.email, "raam", "Kerkstraat"):
        assert personal not in body, personal


def test_of_a_care_signal_only_its_reference_goes_out(world: World, receiver):
    assert world.care_signal.responsible == world.org_b
    add_webhook(world, receiver, organisation=world.org_b)
    care = world.care_signal
    signal_services.signal_act(signal=care, action="acknowledge", actor=world.partner_b)
    signal_services.signal_act(
        signal=world.care_signal,
        action="ask",
        actor=world.partner_b,
        text="Is er familie in de buurt?",
    )
    assert care.reporter is not None
    signal_services.signal_act(signal=care, action="answer", actor=care.reporter, text="Ja.")
    assert deliver_due() == ["sent"]
    (arrival,) = receiver.arrivals
    assert arrival.payload["type"] == "signal.answered"
    assert set(arrival.payload["data"]["signal"]) == {"id", "url", "web_url", "is_care"}
    assert arrival.payload["data"]["signal"]["is_care"] is True
    assert "familie" not in arrival.body.decode()
    assert "Ja." not in arrival.body.decode()


def test_a_forward_tells_both_organisations_each_once(world: World, receiver):
    add_webhook(world, receiver, organisation=world.org_a, events=["signal.forwarded"])
    add_webhook(world, receiver, organisation=world.org_b, events=["signal.received"])
    signal_services.signal_act(
        signal=world.signal,
        action="forward",
        actor=world.partner_a,
        organisation=world.org_b,
        text="Hoort bij de gemeente",
        outside_area=True,
    )
    assert deliver_due() == ["sent", "sent"]
    kinds = sorted(a.payload["type"] for a in receiver.arrivals)
    assert kinds == ["signal.forwarded", "signal.received"]
    forwarded = next(a for a in receiver.arrivals if a.payload["type"] == "signal.forwarded")
    assert forwarded.payload["data"]["to"]["id"] == world.org_b.pk
    assert "gemeente" not in forwarded.body.decode()  # the reason is a text: not sent
    # The same event again writes nothing new, and a row delivered is not sent twice.
    event = Signal.objects.get(pk=world.signal.pk).events.latest("pk")
    signal_webhooks.tell(world.org_b, "signal.received", world.signal, event, role="responsible")
    assert len(deliveries()) == 2
    assert [outbox.notification_deliver(row.pk).status for row in deliveries()] == [
        "skipped",
        "skipped",
    ]
    assert len(receiver.arrivals) == 2


def test_a_failing_system_gets_it_again_later_with_the_same_delivery_id(world: World, receiver):
    secret = add_webhook(world, receiver)
    receiver.answer(503)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        signal_factory(reporter=world.volunteer, team=world.team_a)
        assert deliver_due() == ["retry"]
        (row,) = deliveries()
        assert row.status == "pending"
        assert row.attempts == 1
        assert row.last_error.startswith("Failed: HTTP 503")
        assert row.next_attempt_at > start + datetime.timedelta(seconds=20)
        assert deliver_due() == ["not_due"]  # not before its time
    with time_machine.travel(row.next_attempt_at + datetime.timedelta(seconds=1), tick=False):
        assert deliver_due() == ["sent"]
    first, second = receiver.arrivals
    assert (first.status, second.status) == (503, 200)
    assert first.body == second.body
    assert first.headers["Buurtpreventie-Delivery"] == second.headers["Buurtpreventie-Delivery"]
    # Signed anew at each attempt, so a retry after the window is still fresh.
    assert first.headers["Buurtpreventie-Signature"] != second.headers["Buurtpreventie-Signature"]
    assert second.signed_with(secret)
    assert WebhookEndpoint.objects.get().last_success_at is not None


def test_after_the_last_attempt_it_is_failed_visible_and_sent_again_on_request(
    world: World, receiver, settings
):
    settings.NOTIFICATION_MAX_ATTEMPTS = 2
    add_webhook(world, receiver)
    receiver.answer(500, 500)
    signal_factory(reporter=world.volunteer, team=world.team_a)
    assert deliver_due() == ["retry"]
    Notification.objects.filter(channel="webhook").update(next_attempt_at=timezone.now())
    assert deliver_due() == ["failed"]
    endpoint = WebhookEndpoint.objects.get()
    page = reverse("teams:webhook_detail", args=[world.org_a.pk, endpoint.pk])
    admin = world.client("admin")
    html = admin.get(page).content.decode()
    assert "HTTP 500" in html
    retry = reverse("teams:webhook_retry", args=[world.org_a.pk, endpoint.pk])
    assert f'action="{retry}"' in html
    assert "1 mislukt bericht opnieuw" in html
    assert admin.post(retry).status_code == 302
    (row,) = deliveries()
    assert row.status == "pending"
    assert row.attempts == 0
    assert deliver_due() == ["sent"]
    assert [a.status for a in receiver.arrivals] == [500, 500, 200]


def test_an_address_inside_the_network_is_refused_in_the_form_and_at_delivery(world: World):
    admin = world.client("admin")
    url = reverse("teams:webhook_create", args=[world.org_a.pk])
    form = post_form(admin.get(url).content.decode(), having="url")
    for address, message in [
        ("http://partner.example.nl/hook", "https://"),
        ("https://127.0.0.1/hook", "niet op internet"),
        ("https://10.1.2.3/hook", "niet op internet"),
        ("https://localhost/hook", "niet op internet"),
        ("https://[::1]/hook", "niet op internet"),
        ("https://169.254.169.254/latest", "niet op internet"),
        ("geen adres", "geldige URL"),
    ]:
        answer = admin.post(url, form.submission(url=address, events=["signal.received"]))
        assert answer.status_code == 200
        assert message in answer.content.decode(), address
    assert not WebhookEndpoint.objects.exists()
    # One that got in anyway (its name resolving inside later) fails at once, not eight times.
    _endpoint, _secret = outbox.webhook_endpoint_create(
        owner=world.org_a, url="https://localhost/hook", events=["signal.received"]
    )
    signal_factory(reporter=world.volunteer, team=world.team_a)
    assert deliver_due() == ["failed"]
    assert "not on the internet" in deliveries()[0].last_error


def test_a_receiver_refuses_what_is_old_or_altered():
    body = json.dumps({"id": "x", "type": "ping"}).encode()
    now = 1_800_000_000
    header = webhooks.signature_header("whsec_a", now, body)
    assert webhooks.verify("whsec_a", header, body, now=now + 299)
    assert not webhooks.verify("whsec_a", header, body, now=now + 301)  # replayed later
    assert not webhooks.verify("whsec_a", header, body + b" ", now=now)  # altered
    assert not webhooks.verify("whsec_b", header, body, now=now)  # another secret
    assert not webhooks.verify("whsec_a", "v1=abc", body, now=now)


def test_only_leads_and_administrators_manage_webhooks(world: World, receiver):
    add_webhook(world, receiver)
    endpoint = WebhookEndpoint.objects.get()
    for name, args in [
        ("teams:webhook_create", [world.org_a.pk]),
        ("teams:webhook_detail", [world.org_a.pk, endpoint.pk]),
    ]:
        url = reverse(name, args=args)
        assert world.client("partner_a").get(url).status_code == 403
        assert world.client("partner_b").get(url).status_code == 404
        assert world.client("admin").get(url).status_code == 200
    # Another organisation's webhook is not found under one's own.
    PartnerMembership.objects.filter(user=world.partner_b).update(is_lead=True)
    roles_changed([world.partner_b.pk])
    other = reverse("teams:webhook_detail", args=[world.org_b.pk, endpoint.pk])
    assert world.client("partner_b").get(other).status_code == 404
    delete = reverse("teams:webhook_delete", args=[world.org_a.pk, endpoint.pk])
    assert world.client("partner_a").post(delete).status_code == 403
    assert world.client("admin").post(delete).status_code == 302
    assert not WebhookEndpoint.objects.exists()


def test_the_host_is_resolved_once_and_the_checked_address_is_the_one_called(
    world: World, receiver, monkeypatch
):
    """DNS rebinding: a name that resolves to one address for the check and to another for
    the connection. The delivery resolves once and connects to the address it checked."""
    port = int(receiver.url.split(":")[2].split("/")[0])
    answers = iter([[(2, 1, 6, "", ("127.0.0.1", port))]])
    real = socket.getaddrinfo

    def resolve(host, *args, **kwargs):
        if host != "hooks.partner.test":
            return real(host, *args, **kwargs)  # the connection to the address checked
        return next(answers)  # a second lookup of the name would raise StopIteration

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    url = receiver.url.replace("127.0.0.1", "hooks.partner.test")
    _endpoint, secret = outbox.webhook_endpoint_create(
        owner=world.org_a, url=url, events=["signal.received"]
    )
    signal_factory(reporter=world.volunteer, team=world.team_a)
    assert deliver_due() == ["sent"]
    (arrival,) = receiver.arrivals
    assert arrival.headers["Host"] == f"hooks.partner.test:{port}"
    assert arrival.signed_with(secret)


def test_an_answer_is_read_only_as_far_as_needed(world: World, receiver):
    add_webhook(world, receiver)
    receiver.answer(500)
    receiver.body = b"x" * 100_000
    signal_factory(reporter=world.volunteer, team=world.team_a)
    assert deliver_due() == ["retry"]
    (row,) = deliveries()
    assert row.last_error == "Failed: HTTP 500: " + "x" * webhooks.ANSWER_BYTES
