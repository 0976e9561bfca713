import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from notifications.models import Delivery, Notification, NotificationPreference
from teams.models import Membership
from teams.services import invitation_accept, invitation_create, vog_renewal_reminders

from ..conftest import World
from ..factories import MembershipFactory


def test_the_bell_shows_the_unread_count_and_the_inbox_lists_only_my_messages(world: World):
    mine = Notification.objects.filter(recipient=world.volunteer, channel="inbox")
    page = world.client("volunteer").get(reverse("notifications:inbox"))
    assert {m.pk for m in page.context["page"].object_list} == set(
        mine.values_list("pk", flat=True)
    )
    assert world.volunteer_message.pk in {m.pk for m in page.context["page"].object_list}
    assert f"{mine.count()} ongelezen berichten" in page.content.decode()
    other = world.client("other_coordinator").get(reverse("notifications:inbox"))
    assert list(other.context["page"].object_list) == []


def test_marking_a_message_read_in_place_updates_the_bell(world: World):
    response = world.client("volunteer").post(
        reverse("notifications:mark_read", args=[world.volunteer_message.pk]),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="message-{world.volunteer_message.pk}"' in html
    left = Notification.objects.inbox_of(world.volunteer).unread().count()
    assert '<span id="unread-count" hx-swap-oob="true">' in html
    assert f"{left} ongelezen bericht" in html
    world.volunteer_message.refresh_from_db()
    assert world.volunteer_message.read_at is not None


def test_nobody_reads_or_marks_someone_elses_message(world: World):
    url = reverse("notifications:mark_read", args=[world.volunteer_message.pk])
    assert world.client("coordinator").post(url).status_code == 404
    world.volunteer_message.refresh_from_db()
    assert world.volunteer_message.read_at is None


def test_mark_all_read_touches_only_my_messages(world: World):
    other = Notification.objects.create(
        recipient=world.coordinator,
        channel="inbox",
        status="sent",
        event="membership_ready",
        language="nl",
        subject="x",
        body_text="x",
        dedup_key="other",
    )
    world.client("volunteer").post(reverse("notifications:mark_all_read"))
    world.volunteer_message.refresh_from_db()
    other.refresh_from_db()
    assert world.volunteer_message.read_at is not None
    assert other.read_at is None


def test_preferences_are_saved_per_event_and_mandatory_ones_cannot_be_changed(world: World):
    client = world.client("coordinator")
    page = client.get(reverse("notifications:preferences"))
    assert "account_invitation" not in page.context["form"].fields
    assert page.context["form"].fields["account_security"].disabled
    choices = dict.fromkeys(page.context["form"].fields, "immediate")
    choices.update(team_member_joined="digest", membership_ready="off", account_security="off")
    response = client.post(reverse("notifications:preferences"), choices)
    assert response.status_code == 302
    saved = dict(
        NotificationPreference.objects.filter(user=world.coordinator).values_list(
            "event", "delivery"
        )
    )
    assert "account_security" not in saved
    assert saved["team_member_joined"] == "digest"
    assert saved["membership_ready"] == "off"
    assert saved["vog_renewal_due"] == "immediate"


def test_a_bad_preference_value_changes_nothing(world: World):
    response = world.client("coordinator").post(
        reverse("notifications:preferences"), {"team_member_joined": "<script>"}
    )
    assert response.status_code == 200
    assert "team_member_joined" in response.context["form"].errors
    assert not NotificationPreference.objects.exists()


def test_coordinators_hear_when_someone_joins(world: World, django_capture_on_commit_callbacks):
    invitation = invitation_create(
        invited_by=world.coordinator, team=world.team_a, email="new@example.org", first_name="Nel"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invitation_accept(invitation=invitation, first_name="Nel", password="Lantaarn-fiets-9")
    message = Notification.objects.inbox_of(world.coordinator).get(event="team_member_joined")
    assert message.subject == "Nel is bij Team Noord gekomen"
    assert message.link == world.team_a.get_absolute_url()
    assert [m.to for m in mail.outbox] == [[world.coordinator.email]]
    assert not Notification.objects.filter(recipient=world.other_coordinator).exists()


def test_a_member_hears_when_the_checklist_is_complete(world: World):
    from teams.services import membership_update

    membership = MembershipFactory.create(team=world.team_a)  # a newcomer
    today = timezone.localdate()
    membership_update(
        membership=membership,
        actor=world.coordinator,
        data={"code_of_conduct_signed_on": today, "vog_issued_on": today},
    )
    assert not Notification.objects.filter(event="membership_ready").exists()
    membership_update(
        membership=membership, actor=world.coordinator, data={"training_completed_on": today}
    )
    assert (
        Notification.objects.inbox_of(membership.user).filter(event="membership_ready").count() == 1
    )


def test_vog_reminders_go_once_a_month_before_expiry_to_member_and_coordinator(world: World):
    today = datetime.date(2026, 11, 25)
    expiring = MembershipFactory.create(
        team=world.team_a, vog_issued_on=datetime.date(2023, 12, 10)
    )
    MembershipFactory.create(team=world.team_a, vog_issued_on=datetime.date(2024, 6, 1))  # fine
    MembershipFactory.create(
        team=world.team_a,
        vog_issued_on=datetime.date(2023, 12, 1),
        status=Membership.Status.INACTIVE,
    )
    assert vog_renewal_reminders(today=today) == 2  # the member and the coordinator
    reminders = Notification.objects.filter(event="vog_renewal_due", channel="inbox")
    assert {n.recipient for n in reminders} == {expiring.user, world.coordinator}
    own = reminders.get(recipient=expiring.user)
    assert own.subject == "Je VOG moet worden vernieuwd"
    assert "10 december 2026" in own.body_text
    assert vog_renewal_reminders(today=today + datetime.timedelta(days=1)) == 0


def test_a_digest_preference_applies_to_team_events(world: World):
    NotificationPreference.objects.create(
        user=world.coordinator, event="team_member_joined", delivery=Delivery.DIGEST
    )
    invitation = invitation_create(
        invited_by=world.coordinator, team=world.team_a, email="d@example.org", first_name="Dee"
    )
    invitation_accept(invitation=invitation, first_name="Dee", password="Lantaarn-fiets-9")
    email = Notification.objects.get(recipient=world.coordinator, channel="email")
    assert (email.delivery, email.status) == (Delivery.DIGEST, Notification.Status.PENDING)
