"""Web Push end to end: a device subscribes through the real view with keys made here, a real
event happens, the worker's task delivers from the outbox to a push service on 127.0.0.1,
and the device decrypts what arrived (tests/support/webpush.py)."""

from __future__ import annotations

import datetime
import json
import re
import time

import pytest
import time_machine
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from notifications import privacy, services
from notifications.models import Notification, NotificationPreference, PushSubscription
from teams.services import roster_reminders, shift_cancel, shift_update

from ..conftest import World
from ..factories import shift_factory, signal_factory
from ..support.forms import forms_of, post_form
from ..support.webpush import Device, PushService, verify_vapid
from ..test_bad_input import TEXT, state

SENT, GONE, PENDING = (Notification.Status.SENT, Notification.Status.GONE, "pending")
PUSH_EVENTS = {
    "shift_changed",
    "shift_cancelled",
    "shift_understaffed_today",
    "signal_question",
    "signal_routed",
    "signal_routed_care",
    # A message to the team, such as one to those on tonight's round.
    "team_announcement",
}


@pytest.fixture
def push_service(settings):
    service = PushService()
    settings.PUSH_SERVICE_ORIGINS = [service.origin]
    yield service
    service.stop()


def subscribe(client: Client, device: Device, **extra):
    return client.post(
        reverse("notifications:push_subscribe"),
        device.subscription(),
        content_type="application/json",
        **extra,
    )


def ask(world: World, question: str):
    """The partner acknowledges the signal, then asks its reporter (the volunteer)."""
    partner = world.client("partner_a")
    partner.post(reverse("signalen:signal_action", args=[world.signal.pk, "acknowledge"]))
    return partner.post(
        reverse("signalen:signal_action", args=[world.signal.pk, "ask"]), {"text": question}
    )


def question_to_the_phone(world: World, push_service, capture, *answers: int):
    """The volunteer's phone subscribed, its push service answering `answers` first, then a
    partner's question to the volunteer, delivered (or tried) by the worker's task after the
    commit. Returns the phone and the push row."""
    phone = Device(push_service)
    subscribe(world.client("volunteer"), phone)
    push_service.answer(phone, *answers)
    with capture(execute=True):
        ask(world, "Welk raam?")
    return phone, push_rows(world.volunteer).get()


def push_rows(user):
    return Notification.objects.filter(recipient=user, channel=Notification.Channel.PUSH)


def sweep_later(row: Notification) -> None:
    """The periodic sweep, run once the row's next attempt is due (the world's own e-mails,
    never sent in its transaction, go with it)."""
    with (
        time_machine.travel(row.next_attempt_at + datetime.timedelta(seconds=1), tick=False),
        override_settings(NOTIFICATION_SWEEP_AFTER=0),
    ):
        services.notification_sweep()


def test_a_partners_question_reaches_the_reporters_phone_encrypted_and_signed(
    world: World, vapid, push_service, django_capture_on_commit_callbacks
):
    phone = Device(push_service)
    assert subscribe(world.client("volunteer"), phone).status_code == 201

    with django_capture_on_commit_callbacks(execute=True):
        assert ask(world, "Welk raam precies, links of rechts?").status_code == 302

    (arrival,) = phone.arrivals()
    row = push_rows(world.volunteer).get()
    assert (row.status, row.attempts, row.event) == (SENT, 1, "signal_question")
    assert arrival.headers["content-encoding"] == "aes128gcm"
    assert arrival.headers["ttl"] == str(settings.PUSH_TTL)
    assert arrival.headers["topic"] == f"n{row.pk}"
    assert arrival.headers["urgency"] == "high"
    claims = verify_vapid(arrival.headers["authorization"], vapid)
    assert claims["aud"] == push_service.origin
    assert claims["sub"] == vapid.subject
    assert time.time() < claims["exp"] <= time.time() + 24 * 3600

    (message,) = phone.messages()
    assert message["title"] == "Een vraag over je signaal"
    assert message["body"] == "Welk raam precies, links of rechts?"
    assert message["url"] == world.signal.get_absolute_url()
    assert message["tag"] == f"buurtpreventie-{row.pk}"
    assert PushSubscription.objects.get(user=world.volunteer).last_success_at is not None
    # E-mail and inbox as before: push is a third channel, not a replacement.
    channels = set(
        Notification.objects.filter(recipient=world.volunteer, event="signal_question").values_list(
            "channel", flat=True
        )
    )
    assert channels == {"email", "inbox", "push"}


def test_a_shift_cancelled_within_a_day_is_pushed_and_one_further_ahead_is_not(
    world: World, vapid, push_service, django_capture_on_commit_callbacks
):
    phone = Device(push_service)
    subscribe(world.client("volunteer"), phone)
    tonight = shift_factory(world.team_a, days=0.4, crew=[world.volunteer_membership])

    with django_capture_on_commit_callbacks(execute=True):
        shift_cancel(actor=world.coordinator, shift=tonight, reason="Storm op komst")
        shift_cancel(actor=world.coordinator, shift=world.shift, reason="Storm op komst")

    (message,) = phone.messages()
    assert message["title"] == "Je ronde gaat niet door"
    assert message["body"].endswith("gaat niet door. Reden: Storm op komst")
    assert message["url"] == tonight.get_absolute_url()
    told = Notification.objects.filter(recipient=world.volunteer, event="shift_cancelled")
    assert told.filter(channel="inbox").count() == 2


def test_a_shift_moved_to_within_a_day_is_pushed(
    world: World, vapid, push_service, django_capture_on_commit_callbacks
):
    phone = Device(push_service)
    subscribe(world.client("volunteer"), phone)
    starts_at = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(hours=10)
    with django_capture_on_commit_callbacks(execute=True):
        shift_update(
            actor=world.coordinator,
            shift=world.shift,
            data={"starts_at": starts_at, "ends_at": starts_at + datetime.timedelta(hours=2)},
        )
    (message,) = phone.messages()
    assert message["title"] == "Je ronde is gewijzigd"
    assert world.shift.meeting_point in message["body"]


def test_a_410_removes_the_subscription_and_is_not_tried_again(
    world: World, vapid, push_service, django_capture_on_commit_callbacks
):
    phone, row = question_to_the_phone(world, push_service, django_capture_on_commit_callbacks, 410)
    assert (row.status, row.attempts, row.subscription) == (GONE, 1, None)
    assert "410" in row.last_error
    assert not PushSubscription.objects.filter(user=world.volunteer).exists()
    sweep_later(row)
    assert len(phone.arrivals()) == 1
    assert phone.messages() == []


def test_a_server_error_is_retried_and_the_message_arrives_once(
    world: World, vapid, push_service, django_capture_on_commit_callbacks
):
    phone, row = question_to_the_phone(world, push_service, django_capture_on_commit_callbacks, 503)
    assert (row.status, row.attempts) == (PENDING, 1)
    assert "503" in row.last_error
    assert row.next_attempt_at > timezone.now()
    with override_settings(NOTIFICATION_SWEEP_AFTER=0):
        services.notification_sweep()
    assert len(phone.arrivals()) == 1  # not due yet

    sweep_later(row)
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (SENT, 2, "")
    sweep_later(row)
    first, second = phone.arrivals()
    assert (first.status, second.status) == (503, 201)
    # Both attempts are one message to the push service and to the device.
    assert first.headers["topic"] == second.headers["topic"] == f"n{row.pk}"
    assert json.loads(phone.decrypt(first.body)) == json.loads(phone.decrypt(second.body))
    assert len(phone.messages()) == 1


def test_a_care_signal_is_pushed_without_any_of_its_contents(
    world: World, vapid, push_service, django_capture_on_commit_callbacks
):
    phone = Device(push_service)
    assert subscribe(world.client("partner_b"), phone).status_code == 201

    with django_capture_on_commit_callbacks(execute=True):
        care = signal_factory(
            reporter=world.volunteer,
            team=world.team_a,
            code="care-worry",
            street="Lindelaan",
            description="Gordijnen zijn al dagen dicht, de post stapelt zich op bij de voordeur.",
        )

    (arrival,) = phone.arrivals()
    text = phone.decrypt(arrival.body).decode()
    message = json.loads(text)
    assert message["title"] == "Nieuw zorgsignaal voor je organisatie"
    assert message["body"] == "Open het in de applicatie."
    assert message["url"] == reverse("signalen:partner_inbox")
    for part in (
        "Lindelaan",
        "Gordijnen",
        "post",
        "voordeur",
        care.category.name,
        care.category.code,
    ):
        assert part not in text
    assert push_rows(world.partner_b).get().event == "signal_routed_care"


def test_a_new_signal_tells_the_partner_where_and_by_when(
    world: World, vapid, push_service, django_capture_on_commit_callbacks
):
    phone = Device(push_service)
    subscribe(world.client("partner_a"), phone)
    with django_capture_on_commit_callbacks(execute=True):
        signal = signal_factory(reporter=world.volunteer, team=world.team_a, street="Dorpsstraat")
    (message,) = phone.messages()
    assert message["title"] == f"Nieuw signaal #{signal.pk} ({signal.category.name})"
    assert message["body"].startswith("Dorpsstraat")
    assert message["url"] == signal.get_absolute_url()


def test_on_the_day_a_short_patrol_is_pushed_to_its_coordinator(
    world: World, vapid, push_service, django_capture_on_commit_callbacks
):
    phone = Device(push_service)
    subscribe(world.client("coordinator"), phone)
    today = shift_factory(world.team_a, hours=2, days=0.2)  # nobody signed up yet

    with django_capture_on_commit_callbacks(execute=True):
        roster_reminders(now=timezone.now())

    (message,) = phone.messages()
    assert message["title"] == "Te weinig mensen voor de ronde van vandaag"
    assert message["body"].endswith("0 mensen aangemeld, minstens 2 nodig. Kun jij komen?")
    assert message["url"] == today.get_absolute_url()
    rows = Notification.objects.filter(
        recipient=world.coordinator, event="shift_understaffed_today"
    )
    # No second e-mail about it by default: the one two days before said it.
    assert set(rows.values_list("channel", flat=True)) == {"inbox", "push"}


def test_the_preferences_offer_push_only_for_what_cannot_wait(world: World, vapid):
    client = world.client("partner_b")
    html = client.get(reverse("notifications:preferences")).content.decode()
    form = post_form(html, "signal_routed")
    offered = {name.removeprefix("push_") for name in form.fields if name.startswith("push_")}
    assert offered == PUSH_EVENTS
    assert set(form.fields["push_signal_routed_care"].chosen) == {"on"}  # on by default

    submission = form.submission()
    del submission["push_signal_routed"]  # the box unticked
    assert client.post(reverse("notifications:preferences"), submission).status_code == 302
    saved = NotificationPreference.objects.get(user=world.partner_b, event="signal_routed")
    assert saved.push is False
    care = NotificationPreference.objects.get(user=world.partner_b, event="signal_routed_care")
    assert care.push is True


def test_without_vapid_keys_there_is_no_push_to_choose(world: World):
    html = world.client("volunteer").get(reverse("notifications:preferences")).content.decode()
    form = post_form(html, "signal_routed")
    assert not [name for name in form.fields if name.startswith("push_")]


def test_push_switched_off_for_an_event_leaves_its_email(
    world: World, vapid, push_service, django_capture_on_commit_callbacks
):
    phone = Device(push_service)
    subscribe(world.client("partner_a"), phone)
    services.preferences_save(
        user=world.partner_a, choices={}, push_choices={"signal_routed": False}
    )
    with django_capture_on_commit_callbacks(execute=True):
        signal_factory(reporter=world.volunteer, team=world.team_a)
    assert phone.arrivals() == []
    assert not push_rows(world.partner_a).exists()
    assert Notification.objects.filter(
        recipient=world.partner_a, event="signal_routed", channel="email"
    ).exists()


def test_the_profile_explains_push_and_offers_the_button(world: World, vapid):
    html = world.client("volunteer").get(reverse("teams:profile")).content.decode()
    assert "Pushberichten" in html
    assert "zegt alleen dat er een nieuw zorgsignaal is" in html
    assert "Zet pushberichten aan op dit apparaat" in html
    assert f'data-public-key="{vapid.public}"' in html
    assert "js/push.js" in html
    actions = {form.action for form in forms_of(html)}
    assert reverse("notifications:push_subscribe") in actions


def test_the_profile_says_when_push_is_off_on_this_site(world: World):
    html = world.client("volunteer").get(reverse("teams:profile")).content.decode()
    assert "Pushberichten staan uit op deze site." in html
    assert "js/push.js" not in html
    assert reverse("notifications:push_subscribe") not in html


def test_subscribing_needs_a_login_and_the_csrf_token(world: World, vapid, push_service):
    phone = Device(push_service)
    anonymous = subscribe(Client(), phone)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.volunteer)
    assert subscribe(client, phone).status_code == 403
    assert not PushSubscription.objects.exists()

    # As push.js does: the token from the page's form, in a header.
    html = client.get(reverse("teams:profile")).content.decode()
    form = html.split(f'action="{reverse("notifications:push_subscribe")}"', 1)[1]
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert found is not None
    token = found[1]
    response = subscribe(client, phone, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201
    assert response.json()["message"] == "Pushberichten staan aan op dit apparaat."
    saved = PushSubscription.objects.get()
    assert (saved.user, saved.endpoint) == (world.volunteer, phone.endpoint)
    assert saved.p256dh == phone.subscription()["keys"]["p256dh"]
    # Sent again (the button pressed twice): still one.
    assert subscribe(client, phone, HTTP_X_CSRFTOKEN=token).status_code == 201
    assert PushSubscription.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("niet-json", "Stuur het pushabonnement van de browser als JSON."),
        ("[1, 2]", "Stuur het pushabonnement van de browser als JSON."),
        ({"keys": {}}, "Dit veld is verplicht."),
        (
            {"endpoint": "https://evil.example.org/wpush"},
            "Naar de pushdienst van deze browser kunnen wij niet sturen.",
        ),
        ({"keys": {"p256dh": "bm90IGEga2V5", "auth": "AAAA"}}, "De sleutel van de browser"),
    ],
)
def test_a_bad_subscription_is_refused_with_a_message_and_nothing_is_stored(
    world: World, vapid, push_service, body, message
):
    if isinstance(body, dict):
        body = json.dumps({**Device(push_service).subscription(), **body})
    response = world.client("volunteer").post(
        reverse("notifications:push_subscribe"), body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"].startswith(message)
    assert not PushSubscription.objects.exists()


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=12,
)


@hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.one_of(
        JSON,
        st.fixed_dictionaries(
            {"endpoint": JSON, "keys": st.dictionaries(st.sampled_from(["p256dh", "auth"]), JSON)}
        ),
    )
)
def test_any_other_json_is_refused_and_stores_nothing(world: World, vapid, push_service, data):
    response = world.client("volunteer").post(
        reverse("notifications:push_subscribe"), json.dumps(data), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]
    assert not PushSubscription.objects.exists()


def test_without_vapid_keys_subscribing_is_refused(world: World, push_service):
    response = subscribe(world.client("volunteer"), Device(push_service))
    assert response.status_code == 409
    assert response.json()["error"] == "Pushberichten zijn op deze site niet beschikbaar."
    assert not PushSubscription.objects.exists()


def test_unsubscribing_forgets_only_that_device_of_that_person(world: World, vapid, push_service):
    phone, laptop, other = (Device(push_service) for _ in range(3))
    volunteer = world.client("volunteer")
    for device in (phone, laptop):
        subscribe(volunteer, device)
    subscribe(world.client("coordinator"), other)

    url = reverse("notifications:push_unsubscribe")
    assert volunteer.post(url, "{}", content_type="application/json").status_code == 400
    # Someone else's device is not theirs to switch off.
    volunteer.post(url, {"endpoint": other.endpoint}, content_type="application/json")
    response = volunteer.post(url, {"endpoint": phone.endpoint}, content_type="application/json")
    assert response.json()["message"] == "Pushberichten staan uit op dit apparaat."
    assert set(PushSubscription.objects.values_list("endpoint", flat=True)) == {
        laptop.endpoint,
        other.endpoint,
    }

    # Every device at once, from the profile's form.
    html = volunteer.get(reverse("teams:profile")).content.decode()
    assert "Pushberichten staan aan op 1 apparaat." in html
    everywhere = reverse("notifications:push_unsubscribe_all")
    (form,) = [form for form in forms_of(html) if form.action == everywhere]
    volunteer.post(form.action, form.submission())
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [other.endpoint]


def test_logging_out_stops_push_on_that_device(world: World, vapid, push_service):
    phone, laptop = Device(push_service), Device(push_service)
    subscribe(world.client("volunteer"), laptop)
    on_the_phone = world.client("volunteer")
    subscribe(on_the_phone, phone)
    on_the_phone.post(reverse("account_logout"))
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [laptop.endpoint]


def test_a_device_taken_over_by_someone_else_gets_nothing_of_the_one_before(
    world: World, vapid, push_service, django_capture_on_commit_callbacks
):
    shared, waiting = question_to_the_phone(
        world, push_service, django_capture_on_commit_callbacks, 503
    )
    assert waiting.status == PENDING

    subscribe(world.client("coordinator"), shared)
    assert PushSubscription.objects.get().user == world.coordinator
    sweep_later(waiting)
    waiting.refresh_from_db()
    assert waiting.status == GONE
    assert shared.messages() == []


def test_my_data_names_my_push_devices_and_erasing_removes_them(world: World, vapid, push_service):
    subscribe(world.client("volunteer"), Device(push_service))
    (device,) = privacy.export(world.volunteer)["push_devices"]
    assert device["service"] == "127.0.0.1"
    assert "wpush" not in json.dumps(device)  # not the endpoint: it is an address to send to
    privacy.erase(world.volunteer, "pseudonym")
    assert not PushSubscription.objects.exists()


@hypothesis_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_the_profiles_push_forms_posted_as_plain_forms_store_nothing(
    world: World, vapid, push_service, data
):
    """The bad-input sweep's way (tests/test_bad_input.py), with push switched on: the two
    forms push.js posts as JSON, posted as a browser would without JavaScript, with the
    subscription's field names and others, are refused and change nothing."""
    client = world.client("volunteer")
    html = client.get(reverse("teams:profile")).content.decode()
    json_only = {reverse("notifications:push_subscribe"), reverse("notifications:push_unsubscribe")}
    forms = [form for form in forms_of(html) if form.action in json_only]
    assert len(forms) == 2
    names = st.sampled_from(["endpoint", "p256dh", "auth", "keys"]) | st.text(max_size=10)
    for form in forms:
        values = data.draw(st.dictionaries(names, TEXT | st.just(push_service.origin), max_size=5))
        before = state()
        response = client.post(form.action, values)
        assert response.status_code == 400
        assert state() == before


def test_a_question_about_a_care_signal_is_pushed_without_the_question(
    world: World, vapid, push_service, django_capture_on_commit_callbacks
):
    phone = Device(push_service)
    subscribe(world.client("volunteer"), phone)
    care_partner = world.client("partner_b")
    action = reverse("signalen:signal_action", args=[world.care_signal.pk, "acknowledge"])
    care_partner.post(action)
    with django_capture_on_commit_callbacks(execute=True):
        care_partner.post(
            action.replace("acknowledge", "ask"), {"text": "Hoe lang zijn de gordijnen al dicht?"}
        )
    (message,) = phone.messages()
    assert message["title"] == "Een vraag over je signaal"
    assert message["body"] == "Lees en beantwoord die in de applicatie."
    assert "gordijnen" not in json.dumps(message)
