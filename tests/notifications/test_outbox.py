import datetime

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from notifications import channels, send_lock, services
from notifications.models import Delivery, Notification, NotificationPreference, ServiceState
from notifications.services import Attachment, notify

from ..conftest import World
from ..factories import UserFactory
from .backends import FailingBackend, WorkerDied

FAILING = "tests.notifications.backends.FailingBackend"
REFUSING = "tests.notifications.backends.RefusingBackend"
DYING = "tests.notifications.backends.DyingAfterSendingBackend"


def ready_message(user, key="k1"):
    """A non-mandatory event that every test can raise."""
    return notify(
        event="membership_ready",
        dedup_key=key,
        recipient=user,
        context={"team": {"name": "Team Noord"}},
        link="/",
    )


def deliveries(callbacks):
    """The deliveries queued after the commit (the other callbacks renew cached counts)."""
    return [c for c in callbacks if getattr(c, "func", None) is services.enqueue_delivery]


def email_rows(user):
    return Notification.objects.filter(recipient=user, channel=Notification.Channel.EMAIL)


def test_rows_are_written_in_the_callers_transaction_and_vanish_on_rollback(
    db, django_capture_on_commit_callbacks
):
    user = UserFactory.create()

    def event_that_fails():
        with transaction.atomic():
            ready_message(user)
            assert Notification.objects.filter(recipient=user).count() == 2
            raise RuntimeError("the event failed")

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError):
        event_that_fails()
    assert not Notification.objects.filter(recipient=user).exists()
    assert callbacks == []


def test_the_email_is_sent_after_the_commit(db, django_capture_on_commit_callbacks):
    user = UserFactory.create(first_name="Fatima")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        ready_message(user)
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(deliveries(callbacks)) == 1
    assert len(mail.outbox) == 1
    row = email_rows(user).get()
    assert (row.status, row.attempts) == (Notification.Status.SENT, 1)
    assert row.sent_at is not None
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert "Fatima" in message.body
    assert isinstance(message, EmailMultiAlternatives)
    assert message.alternatives[0][1] == "text/html"
    assert Notification.objects.inbox_of(user).get().read_at is None


def test_one_message_per_deduplication_key_ever(db, django_capture_on_commit_callbacks):
    user = UserFactory.create()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = ready_message(user, key="shift-42")
        second = ready_message(user, key="shift-42")
    assert len(first) == 2
    assert second == []
    assert Notification.objects.filter(recipient=user).count() == 2
    assert len(mail.outbox) == 1


def test_delivering_twice_sends_once(db, django_capture_on_commit_callbacks):
    user = UserFactory.create()
    with django_capture_on_commit_callbacks(execute=True):
        ready_message(user)
    row = email_rows(user).get()
    mail.outbox.clear()
    assert services.notification_deliver(row.pk).status == "skipped"
    assert mail.outbox == []


@override_settings(EMAIL_BACKEND=REFUSING, NOTIFICATION_MAX_ATTEMPTS=3)
def test_a_message_the_server_refuses_is_retried_with_backoff_then_fails_for_good(db):
    row = ready_message(UserFactory.create())[1]
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert services.notification_deliver(row.pk).status == "retry"
    row.refresh_from_db()
    assert row.status == Notification.Status.PENDING
    assert row.attempts == 1
    assert "try again later" in row.last_error
    assert 24 <= (row.next_attempt_at - start).total_seconds() <= 36

    with time_machine.travel(start + datetime.timedelta(seconds=10), tick=False):
        assert services.notification_deliver(row.pk).status == "not_due"

    with time_machine.travel(start + datetime.timedelta(seconds=40), tick=False):
        assert services.notification_deliver(row.pk).status == "retry"
    row.refresh_from_db()
    second_delay = row.next_attempt_at - (start + datetime.timedelta(seconds=40))
    assert 48 <= second_delay.total_seconds() <= 72  # the delay doubles

    with time_machine.travel(start + datetime.timedelta(minutes=10), tick=False):
        assert services.notification_deliver(row.pk).status == "failed"
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Notification.Status.FAILED, 3)


def test_while_the_mail_server_is_unreachable_one_delivery_probes_and_the_rest_wait(
    db, django_capture_on_commit_callbacks
):
    user = UserFactory.create()
    first, second = ready_message(user, key="a")[1], ready_message(user, key="b")[1]
    start = timezone.now()
    FailingBackend.calls = 0
    with override_settings(EMAIL_BACKEND=FAILING), time_machine.travel(start, tick=False):
        assert services.notification_deliver(first.pk).status == "waiting"
        # The second does not try the server again: it waits for the next probe.
        assert services.notification_deliver(second.pk).status == "waiting"
    assert FailingBackend.calls == 1
    state = ServiceState.objects.get(name=ServiceState.MAIL_SERVER)
    assert state.failing_since == start
    probe = start + datetime.timedelta(seconds=settings.NOTIFICATION_PROBE_INTERVAL)
    for row in (first, second):
        row.refresh_from_db()
        # An outage is not the message's fault: no attempt counts towards giving up.
        assert (row.status, row.attempts, row.next_attempt_at) == ("pending", 0, probe)

    # Hours of outage: still waiting, never failed.
    with override_settings(EMAIL_BACKEND=FAILING):
        for minutes in range(1, 180, 7):
            with time_machine.travel(start + datetime.timedelta(minutes=minutes), tick=False):
                services.notification_deliver(first.pk)
                services.notification_deliver(second.pk)
    first.refresh_from_db()
    assert (first.status, first.attempts) == ("pending", 0)

    # The server is back: the probe gets through and the other message is due at once.
    back = start + datetime.timedelta(hours=3)
    mail.outbox.clear()
    with (
        time_machine.travel(back, tick=False),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        assert services.notification_deliver(first.pk).status == "sent"
    # A sweep right after, not at its next round: the waiting message went at once.
    assert [c for c in callbacks if c is services.notification_sweep]
    assert len(mail.outbox) == 2
    assert ServiceState.objects.get(name=ServiceState.MAIL_SERVER).failing_since is None


def test_every_attempt_of_an_email_carries_the_same_message_id_and_a_bounce_address(
    db, django_capture_on_commit_callbacks
):
    user = UserFactory.create()
    with override_settings(EMAIL_BACKEND=REFUSING):
        row = ready_message(user)[1]
        services.notification_deliver(row.pk)
    mail.outbox.clear()
    with (
        override_settings(EMAIL_BOUNCE_ADDRESS="bounces@buurt.example"),
        time_machine.travel(timezone.now() + datetime.timedelta(minutes=5), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.notification_sweep()
    (message,) = mail.outbox
    parsed = message.message()
    assert parsed["Message-ID"] == channels.message_id(row.dedup_key)
    assert parsed["Message-ID"].endswith("@buurtpreventie.example>")
    assert row.dedup_key not in parsed["Message-ID"]
    assert parsed["From"] == settings.DEFAULT_FROM_EMAIL
    # The envelope sender, which the receiving server writes as Return-Path.
    assert message.from_email == "bounces@buurt.example"


@override_settings(EMAIL_BACKEND=DYING)
def test_a_send_interrupted_after_the_server_took_it_goes_again_with_the_same_message_id(
    db, django_capture_on_commit_callbacks
):
    row = ready_message(UserFactory.create())[1]
    mail.outbox.clear()
    with pytest.raises(WorkerDied):
        services.notification_deliver(row.pk)
    row.refresh_from_db()
    # The send was recorded before the server was asked: the crash is not silent.
    assert (row.status, row.attempts) == (Notification.Status.SENDING, 1)
    started = row.sending_since
    assert started is not None

    # Shortly after, the sweep leaves it alone (on PostgreSQL it would see the lock held).
    with django_capture_on_commit_callbacks(execute=True):
        services.notification_sweep()
    row.refresh_from_db()
    assert row.status == Notification.Status.SENDING

    later = started + datetime.timedelta(seconds=send_lock.reconcile_after() + 1)
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
        time_machine.travel(later, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.notification_sweep() == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Notification.Status.SENT, 2)
    first, second = mail.outbox
    # Two copies left, one message as the recipient's mail service and client see it.
    assert first.message()["Message-ID"] == second.message()["Message-ID"]


@override_settings(EMAIL_BACKEND=REFUSING, NOTIFICATION_MAX_ATTEMPTS=1)
def test_permanent_failures_stay_visible_to_administrators_with_the_error(world: World):
    row = ready_message(world.volunteer)[1]
    services.notification_deliver(row.pk)
    page = world.client("admin").get(
        reverse("admin:notifications_notification_changelist") + "?status__exact=failed"
    )
    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == [row]
    detail = world.client("admin").get(
        reverse("admin:notifications_notification_change", args=[row.pk])
    )
    assert "try again later" in detail.content.decode()


def test_an_administrator_can_retry_failed_emails(world: World, django_capture_on_commit_callbacks):
    row = ready_message(world.volunteer)[1]
    Notification.objects.filter(pk=row.pk).update(status="failed", attempts=8, last_error="x")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        world.client("admin").post(
            reverse("admin:notifications_notification_changelist"),
            {"action": "retry", "_selected_action": [row.pk]},
        )
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT
    assert len(mail.outbox) == 1


def test_preference_off_keeps_the_inbox_message_but_sends_no_email(db):
    user = UserFactory.create()
    services.preferences_save(user=user, choices={"membership_ready": Delivery.OFF})
    created = ready_message(user)
    assert [row.channel for row in created] == [Notification.Channel.INBOX]
    assert not email_rows(user).exists()


def test_preference_digest_waits_for_the_daily_digest(db, django_capture_on_commit_callbacks):
    user = UserFactory.create()
    services.preferences_save(user=user, choices={"membership_ready": Delivery.DIGEST})
    with django_capture_on_commit_callbacks() as callbacks:
        ready_message(user)
    assert deliveries(callbacks) == []
    assert email_rows(user).get().delivery == Delivery.DIGEST


def test_mandatory_events_ignore_preferences(db, django_capture_on_commit_callbacks):
    user = UserFactory.create()
    services.preferences_save(user=user, choices={"account_security": Delivery.OFF})
    NotificationPreference.objects.create(user=user, event="account_invitation", delivery="off")
    assert not NotificationPreference.objects.filter(event="account_security").exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            event="account_invitation",
            dedup_key="inv",
            recipient=user,
            context={
                "invitation": {
                    "first_name": "A",
                    "target": {"name": "T"},
                    "expires_at": timezone.now(),
                }
            },
            secrets={"url": "https://example.org/x"},
            inbox=False,
        )
    assert len(mail.outbox) == 1


def test_the_digest_bundles_each_persons_pending_messages_into_one_email(
    db, django_capture_on_commit_callbacks
):
    anna, bert = UserFactory.create(first_name="Anna"), UserFactory.create(first_name="Bert")
    for user in (anna, bert):
        services.preferences_save(user=user, choices={"membership_ready": Delivery.DIGEST})
    ready_message(anna, key="a1")
    ready_message(anna, key="a2")
    ready_message(bert, key="b1")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send_all() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([anna.email, bert.email])
    to_anna = next(m for m in mail.outbox if m.to == [anna.email])
    assert "2" in to_anna.subject
    item_lines = [line for line in to_anna.body.splitlines() if line.startswith("— ")]
    subjects = email_rows(anna).exclude(event="digest").values_list("subject", flat=True)
    assert len(item_lines) == 2
    assert all(
        line.startswith(f"— {subject} (")
        for line, subject in zip(item_lines, subjects, strict=True)
    )
    digest = Notification.objects.get(recipient=anna, event="digest")
    assert set(digest.bundled.values_list("dedup_key", flat=True)) == {"a1:email", "a2:email"}
    assert set(email_rows(anna).exclude(event="digest").values_list("status", flat=True)) == {
        Notification.Status.BUNDLED
    }
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send_all() == 0
    assert mail.outbox == []


def test_the_sweep_queues_what_is_due_and_not_in_the_queue(db, django_capture_on_commit_callbacks):
    user = UserFactory.create()
    lost = ready_message(user)[1]  # its queue message was lost ("Redis restarted")
    fresh = ready_message(user, key="fresh")[1]  # just queued: the worker will have it
    never = ready_message(user, key="never")[1]  # never queued ("Redis was down")
    Notification.objects.filter(pk=lost.pk).update(
        queued_at=timezone.now() - datetime.timedelta(seconds=settings.NOTIFICATION_SWEEP_AFTER + 1)
    )
    Notification.objects.filter(pk=never.pk).update(queued_at=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notification_sweep() == 2
    statuses = {
        row.pk: row.status
        for row in Notification.objects.filter(pk__in=[lost.pk, fresh.pk, never.pk])
    }
    assert statuses == {lost.pk: "sent", fresh.pk: "pending", never.pk: "sent"}
    assert len(mail.outbox) == 2
    assert ServiceState.objects.get(name=ServiceState.SWEEP).seen_at is not None


def test_emails_are_in_the_recipients_language(db, django_capture_on_commit_callbacks):
    dutch, english = UserFactory.create(language="nl"), UserFactory.create(language="en")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ready_message(dutch, key="nl")
        ready_message(english, key="en")
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[dutch.email] == "Je bent klaar om mee te lopen met Team Noord"
    assert subjects[english.email] == "You are ready to patrol with Team Noord"


def test_calendar_attachments_are_delivered(db, django_capture_on_commit_callbacks):
    user = UserFactory.create()
    ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            event="membership_ready",
            dedup_key="ics",
            recipient=user,
            context={"team": {"name": "T"}},
            attachments=[Attachment("bijeenkomst.ics", ics, "text/calendar")],
        )
    (filename, content, mimetype) = mail.outbox[0].attachments[0]
    assert (filename, mimetype) == ("bijeenkomst.ics", "text/calendar")
    assert "METHOD:REQUEST" in content


def test_an_invitation_link_is_not_kept_after_delivery(
    world: World, django_capture_on_commit_callbacks
):
    from teams.services import invitation_create

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            invited_by=world.coordinator, team=world.team_a, email="n@example.org", first_name="N"
        )
    assert "/uitnodiging/" in mail.outbox[0].body
    row = Notification.objects.get(email="n@example.org")
    assert row.status == Notification.Status.SENT
    assert row.secrets == {}
    assert "/uitnodiging/" not in row.body_text + row.body_html


def test_account_emails_from_allauth_go_through_the_outbox(
    world: World, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        world.client("anonymous").post(
            reverse("account_reset_password"), {"email": world.volunteer.email}
        )
    row = Notification.objects.get(event="account_security", email=world.volunteer.email)
    assert row.status == Notification.Status.SENT
    assert len(mail.outbox) == 1
    assert "wachtwoord" in mail.outbox[0].subject.lower()


def test_plain_text_emails_do_not_escape_names(db, django_capture_on_commit_callbacks):
    user = UserFactory.create(first_name="Zoë & <Jan>")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ready_message(user)
    message = mail.outbox[0]
    assert "Zoë & <Jan>" in message.body
    assert isinstance(message, EmailMultiAlternatives)
    html = message.alternatives[0][0]
    assert isinstance(html, str)
    assert "Zoë &amp; &lt;Jan&gt;" in html
