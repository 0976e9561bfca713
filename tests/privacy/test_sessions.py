"""Sessions end with access: a membership that ends, a partner membership switched off, an
account deactivated or erased. Changing e-mail, password or two-factor asks for the password
again."""

from __future__ import annotations

import datetime

import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from teams.models import Membership, PartnerMembership

from ..conftest import World
from ..factories import PASSWORD
from ..support.signin import sign_in


def logged_out(client: Client) -> bool:
    response = client.get(reverse("home"))
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_a_login_is_recorded_as_a_session(world: World):
    sign_in(world.volunteer)
    sign_in(world.volunteer)
    sessions = UserSession.objects.filter(user=world.volunteer)
    assert sessions.count() == 2
    assert {s.ip for s in sessions} == {"127.0.0.1"}


def test_when_a_coordinator_ends_a_membership_the_member_is_signed_out(
    world: World, django_capture_on_commit_callbacks
):
    member = sign_in(world.volunteer)
    coordinator = sign_in(world.coordinator)
    data = {"role": "volunteer", "status": Membership.Status.INACTIVE}
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            reverse("teams:membership_edit", args=[world.team_a.pk, world.volunteer_membership.pk]),
            data,
        )
    assert response.status_code == 302
    assert logged_out(member)
    assert not UserSession.objects.filter(user=world.volunteer).exists()
    assert not logged_out(coordinator)


def test_changing_an_inactive_membership_again_does_not_sign_anyone_out(
    world: World, django_capture_on_commit_callbacks
):
    Membership.objects.filter(pk=world.volunteer_membership.pk).update(
        status=Membership.Status.INACTIVE
    )
    member = sign_in(world.coordinator)  # a coordinator whose own membership is untouched
    membership = Membership.objects.get(pk=world.volunteer_membership.pk)
    volunteer = sign_in(world.volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        membership.vest_issued_on = timezone.localdate()
        membership.save()
    assert not logged_out(volunteer)
    assert not logged_out(member)


def test_a_partner_whose_membership_is_switched_off_is_signed_out(
    world: World, django_capture_on_commit_callbacks
):
    partner = sign_in(world.partner_a)
    other = sign_in(world.partner_b)
    with django_capture_on_commit_callbacks(execute=True):
        membership = PartnerMembership.objects.get(user=world.partner_a)
        membership.is_active = False
        membership.save()
    assert logged_out(partner)
    assert not logged_out(other)


def test_a_deactivated_account_is_signed_out_everywhere_at_once(
    world: World, django_capture_on_commit_callbacks
):
    phone, laptop = sign_in(world.volunteer), sign_in(world.volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        world.volunteer.is_active = False
        world.volunteer.save()
    assert not UserSession.objects.filter(user=world.volunteer).exists()
    assert logged_out(phone)
    assert logged_out(laptop)
    login = Client().post(
        reverse("account_login"), {"login": world.volunteer.email, "password": PASSWORD}
    )
    assert login.status_code == 302
    assert login["Location"] == reverse("account_inactive")


def test_accepting_an_invitation_records_the_session(world: World):
    from urllib.parse import urlparse

    from notifications.models import Notification

    link = Notification.objects.get(
        dedup_key=f"invitation:{world.team_invitation.pk}:email"
    ).secrets["url"]
    client = Client()
    response = client.post(
        urlparse(link).path,
        {"first_name": "Nina", "last_name": "", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert UserSession.objects.filter(user__email="nieuw@example.org").count() == 1


def test_changing_e_mail_or_two_factor_asks_for_the_password_again(world: World):
    volunteer, partner = sign_in(world.volunteer), sign_in(world.partner_a)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=20)):
        add_email = volunteer.post(
            reverse("account_email"), {"action_add": "", "email": "nieuw-adres@example.org"}
        )
        assert add_email.status_code == 302
        assert add_email["Location"].startswith(reverse("account_reauthenticate"))
        deactivate = partner.post(reverse("mfa_deactivate_totp"))
        assert deactivate.status_code == 302
        assert deactivate["Location"].startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(
        user=world.volunteer, email="nieuw-adres@example.org"
    ).exists()
    assert Authenticator.objects.filter(user=world.partner_a).exists()


def test_two_factor_accounts_cannot_add_an_address_that_bypasses_it(world: World):
    partner = sign_in(world.partner_a)
    response = partner.post(
        reverse("account_email"), {"action_add": "", "email": "nieuw-adres@example.org"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not EmailAddress.objects.filter(
        user=world.partner_a, email="nieuw-adres@example.org"
    ).exists()


def test_changing_the_password_needs_the_current_one(world: World):
    volunteer = sign_in(world.volunteer)
    response = volunteer.post(
        reverse("account_change_password"),
        {
            "oldpassword": "not-my-password",
            "password1": "N1euw-wachtwoord!",
            "password2": "N1euw-wachtwoord!",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    world.volunteer.refresh_from_db()
    assert world.volunteer.check_password(PASSWORD)
