"""What every page shows about the person (their roles in the navigation, the bell's unread
count, whether they must set up two-factor authentication) is kept in the cache between
their pages. Each test opens a page first, so that the cache holds the old state, changes the
data the way people do, and checks that the next page shows the new state."""

import datetime
import re

from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from notifications.cache import forget, per_person
from notifications.models import Notification
from privacy.services import retention_apply
from teams.models import Membership
from teams.services import invitation_create

from ..conftest import World
from ..factories import PASSWORD, MembershipFactory, UserFactory, inbox_message
from ..support.forms import post_form
from ..support.signin import sign_in
from .test_invitations import invitation_link

ROSTER_LINK = f'href="{reverse("teams:roster_index")}"'
DASHBOARD_LINK = f'href="{reverse("signalen:partner_inbox")}"'
READY = "Je bent klaar om mee te lopen."
EMERGENCY_BAR = 'class="emergency-bar"'


def page(client: Client, url: str | None = None) -> str:
    response = client.get(url or reverse("teams:powers_and_limits"))
    assert response.status_code == 200
    return response.content.decode()


def bell(client: Client) -> int:
    """The number on the bell (none when nothing is unread)."""
    shown = re.search(r'<span id="unread-count">(.*?)</span>\s*</a>', page(client), re.S)
    assert shown is not None
    number = re.search(r'class="badge[^"]*"[^>]*>(\d+)<', shown.group(1))
    return int(number.group(1)) if number else 0


def test_a_membership_ended_by_the_coordinator_leaves_the_navigation_at_once(world: World):
    volunteer = world.client("volunteer")
    assert ROSTER_LINK in page(volunteer)
    assert EMERGENCY_BAR in page(volunteer)

    url = reverse("teams:membership_edit", args=[world.team_a.pk, world.volunteer_membership.pk])
    coordinator = world.client("coordinator")
    form = post_form(page(coordinator, url), having="status")
    response = coordinator.post(url, form.submission(status=Membership.Status.INACTIVE))
    assert response.status_code == 302

    html = page(volunteer)
    assert ROSTER_LINK not in html
    assert EMERGENCY_BAR not in html
    assert volunteer.get(reverse("teams:roster", args=[world.team_a.pk])).status_code == 404


def test_an_accepted_invitation_shows_the_new_team_on_the_next_page(
    world: World, django_capture_on_commit_callbacks
):
    volunteer = world.client("volunteer")
    assert "Team Zuid" not in page(volunteer, reverse("home"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            invited_by=world.other_coordinator,
            team=world.team_b,
            email=world.volunteer.email,
            first_name="Vera",
        )
    link = invitation_link(mail.outbox[0])
    assert volunteer.post(link).status_code == 302

    assert "Team Zuid" in page(volunteer, reverse("home"))
    assert volunteer.get(reverse("teams:roster", args=[world.team_b.pk])).status_code == 200


def test_a_partner_organisation_joined_by_invitation_asks_for_two_factor_at_once(
    world: World, django_capture_on_commit_callbacks
):
    """A volunteer who becomes a partner user must set up TOTP before the next page."""
    volunteer = world.client("volunteer")
    assert DASHBOARD_LINK not in page(volunteer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            invited_by=world.admin,
            organisation=world.org_a,
            email=world.volunteer.email,
            first_name="Vera",
        )
    # Joined at once without two-factor authentication required; with it, once the app is set
    # up (tests/security/test_v2_mfa_enrolment.py).
    with override_settings(MFA_REQUIRED=False):
        assert volunteer.post(invitation_link(mail.outbox[0])).status_code == 302
        assert DASHBOARD_LINK in page(volunteer)

    response = volunteer.get(reverse("teams:powers_and_limits"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_a_coordinator_appointed_by_the_administrator_sees_the_team_in_the_navigation(
    world: World,
):
    volunteer = world.client("volunteer")
    team_link = f'href="{world.team_a.get_absolute_url()}"'
    assert team_link not in page(volunteer)

    url = reverse("teams:membership_edit", args=[world.team_a.pk, world.volunteer_membership.pk])
    admin = world.client("admin")
    form = post_form(page(admin, url), having="role")
    assert admin.post(url, form.submission(role=Membership.Role.COORDINATOR)).status_code == 302

    assert team_link in page(volunteer)


def test_a_team_the_administrator_deactivates_leaves_the_navigation(world: World):
    volunteer = world.client("volunteer")
    assert ROSTER_LINK in page(volunteer)
    world.team_a.is_active = False
    world.team_a.save()  # as the administration's change form saves it
    assert ROSTER_LINK not in page(volunteer)


def test_a_message_that_arrives_and_is_read_changes_the_bell(world: World):
    # A newcomer, with a message waiting, whose checklist is not complete.
    membership = MembershipFactory.create(team=world.team_a, user__first_name="Nico")
    inbox_message(membership.user, "Welkom bij Team Noord", "Welkom.", "test:newcomer")
    volunteer = sign_in(membership.user)
    before = bell(volunteer)
    assert before == Notification.objects.inbox_of(membership.user).unread().count() > 0
    assert READY not in page(volunteer, reverse("home"))

    # The coordinator completes the checklist: the volunteer is told they are ready.
    url = reverse("teams:membership_edit", args=[world.team_a.pk, membership.pk])
    coordinator = world.client("coordinator")
    day = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()
    form = post_form(page(coordinator, url), having="status")
    typed = {
        "status": Membership.Status.ACTIVE,
        "code_of_conduct_signed_on": day,
        "vog_issued_on": day,
        "training_completed_on": day,
    }
    assert coordinator.post(url, form.submission(**typed)).status_code == 302

    assert bell(volunteer) == before + 1
    volunteer.post(reverse("notifications:mark_all_read"))
    assert bell(volunteer) == 0
    assert READY in page(volunteer, reverse("home"))


def test_a_message_read_on_its_page_leaves_the_bell(world: World):
    volunteer = world.client("volunteer")
    before = bell(volunteer)
    volunteer.get(reverse("notifications:message_detail", args=[world.volunteer_message.pk]))
    assert bell(volunteer) == before  # opening the address changes nothing
    # The page then posts "read" (tests/security/test_v4_state_change_on_get.py).
    volunteer.post(reverse("notifications:mark_read", args=[world.volunteer_message.pk]))
    assert bell(volunteer) == before - 1


def test_a_message_emptied_by_retention_leaves_the_bell(world: World):
    volunteer = world.client("volunteer")
    before = bell(volunteer)
    assert before > 0
    later = timezone.now() + datetime.timedelta(days=10 * 365)
    retention_apply(now=later)
    assert bell(volunteer) == 0


def test_removing_the_authenticator_app_asks_for_it_again_on_the_next_page(world: World):
    partner = sign_in(world.partner_a)
    assert page(partner)
    # Removing it asks for the password again first.
    assert (
        partner.post(reverse("account_reauthenticate"), {"password": PASSWORD}).status_code == 302
    )
    response = partner.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=world.partner_a).exists()
    response = partner.get(reverse("teams:powers_and_limits"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "buurtpreventie.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
)
def test_pages_show_the_roles_and_the_bell_while_redis_is_down(world: World):
    volunteer = world.client("volunteer")
    unread = Notification.objects.inbox_of(world.volunteer).unread().count()
    assert bell(volunteer) == unread
    assert ROSTER_LINK in page(volunteer)
    partner = world.client("partner_a")
    assert DASHBOARD_LINK in page(partner)


def test_a_new_account_starts_without_roles(db):
    client = Client()
    client.force_login(UserFactory.create())
    html = page(client)
    assert ROSTER_LINK not in html
    assert DASHBOARD_LINK not in html


def test_a_value_read_while_someone_writes_is_never_served(db):
    """A request that read the database before a write finished stores what it read under the
    token it saw first: the next request reads again."""
    reads: list[int] = []

    def read_with_a_write_meanwhile() -> int:
        reads.append(len(reads) + 1)
        if len(reads) in (1, 3):
            forget("test", [7])  # another request writes while this one reads
        return reads[-1]

    assert per_person("test", 7, read_with_a_write_meanwhile) == 1  # no token yet: not kept
    assert per_person("test", 7, read_with_a_write_meanwhile) == 2  # kept
    assert per_person("test", 7, read_with_a_write_meanwhile) == 2
    forget("test", [7])
    assert per_person("test", 7, read_with_a_write_meanwhile) == 3  # written meanwhile
    assert per_person("test", 7, read_with_a_write_meanwhile) == 4  # so read again, and kept
    assert per_person("test", 7, read_with_a_write_meanwhile) == 4
    assert per_person("test", 8, read_with_a_write_meanwhile) == 5  # someone else's own value
