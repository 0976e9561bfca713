import datetime

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from notifications import services
from notifications.models import Delivery, Notification, NotificationPreference
from notifications.services import Attachment, notify

from ..conftest import World
from ..factories import UserFactory

FAILING = "tests.notifications.backends.FailingBackend"


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


@override_settings(EMAIL_BACKEND=FAILING, NOTIFICATION_MAX_ATTEMPTS=3)
def test_a_failing_delivery_is_retried_with_backoff_then_fails_for_good(db):
    row = ready_message(UserFactory.create())[1]
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        outcome = services.notification_deliver(row.pk)
    row.refresh_from_db()
    assert outcome.status == "retry"
    assert outcome.retry_in is not None
    assert 24 <= outcome.retry_in <= 36
    assert row.status == Notification.Status.PENDING
    assert row.attempts == 1
    assert "the mail server went away" in row.last_error
    assert row.next_attempt_at == start + datetime.timedelta(seconds=outcome.retry_in)

    with time_machine.travel(start + datetime.timedelta(seconds=10), tick=False):
        assert services.notification_deliver(row.pk).status == "not_due"

    with time_machine.travel(start + datetime.timedelta(seconds=40), tick=False):
        second = services.notification_deliver(row.pk)
    assert second.status == "retry"
    assert second.retry_in is not None
    assert 48 <= second.retry_in <= 72  # the delay doubles

    with time_machine.travel(start + datetime.timedelta(minutes=10), tick=False):
        assert services.notification_deliver(row.pk).status == "failed"
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Notification.Status.FAILED, 3)


@override_settings(EMAIL_BACKEND=FAILING, NOTIFICATION_MAX_ATTEMPTS=1)
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
    assert "the mail server went away" in detail.content.decode()


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


def test_the_sweep_queues_what_is_still_pending_after_a_while(
    db, django_capture_on_commit_callbacks
):
    user = UserFactory.create()
    row = ready_message(user)[1]  # its on-commit queueing never ran: "Redis was down"
    fresh = ready_message(user, key="fresh")[1]
    Notification.objects.filter(pk=row.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        queued = services.notification_sweep(older_than=datetime.timedelta(minutes=3))
    assert queued == 1
    row.refresh_from_db()
    fresh.refresh_from_db()
    assert row.status == Notification.Status.SENT
    assert fresh.status == Notification.Status.PENDING
    assert len(mail.outbox) == 1


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
