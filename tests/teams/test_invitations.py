import datetime
import re
import threading

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.test import Client
from django.urls import reverse

from teams.models import Invitation, Membership, PartnerMembership, User, hash_token
from teams.services import invitation_accept, invitation_create

from ..conftest import World
from ..factories import UserFactory

NEW_PASSWORD = "Fietsbel-Lantaarn-42"


def invitation_link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/uitnodiging/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def accept(client: Client, link: str, **fields):
    data = {"first_name": "Nina", "last_name": "", "password1": NEW_PASSWORD}
    data["password2"] = data["password1"]
    data.update(fields)
    return client.post(link, data)


def test_a_coordinator_invites_a_volunteer_who_joins_the_team(world: World, commit):
    mail.outbox.clear()
    coordinator = world.client("coordinator")
    with commit():
        response = coordinator.post(
            reverse("teams:team_invite", args=[world.team_a.pk]),
            {"first_name": "Noah", "email": "Noah@Example.org"},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["noah@example.org"]
    assert "Team Noord" in message.subject
    assert isinstance(message, EmailMultiAlternatives)
    assert message.alternatives
    assert message.alternatives[0][1] == "text/html"
    link = invitation_link(message)

    visitor = Client()
    form = visitor.get(link)
    assert form.status_code == 200
    assert "noah@example.org" in form.content.decode()

    response = accept(visitor, link, first_name="Noah")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = visitor.get(reverse("home"))
    assert home.status_code == 200
    assert "Team Noord" in home.content.decode()

    user = User.objects.get(email="noah@example.org")
    assert user.check_password(NEW_PASSWORD)
    membership = Membership.objects.get(user=user)
    assert (membership.team, membership.role, membership.status) == (
        world.team_a,
        Membership.Role.VOLUNTEER,
        Membership.Status.ASPIRANT,
    )
    assert EmailAddress.objects.get(user=user).verified
    assert membership.events.get().kind == "joined"


def test_a_used_link_gets_a_clear_message_and_changes_nothing(world: World, commit):
    link = invitation_link_for(world, "sam@example.org", commit)
    assert accept(Client(), link).status_code == 302

    again = Client().get(link)
    assert again.status_code == 410
    assert "Deze uitnodiging is al gebruikt" in again.content.decode()
    second_try = accept(
        Client(), link, password1="Another-passw0rd!", password2="Another-passw0rd!"
    )
    assert second_try.status_code == 410
    assert User.objects.get(email="sam@example.org").check_password(NEW_PASSWORD)
    assert Membership.objects.filter(user__email="sam@example.org").count() == 1


def test_an_expired_link_gets_a_clear_message_and_creates_no_account(world: World, commit):
    link = invitation_link_for(world, "late@example.org", commit)
    with time_machine.travel(datetime.timedelta(days=8)):
        page = Client().get(link)
        assert page.status_code == 410
        assert "Deze uitnodiging is verlopen" in page.content.decode()
        assert accept(Client(), link).status_code == 410
    assert not User.objects.filter(email="late@example.org").exists()


def test_an_unknown_or_revoked_link_is_not_found(world: World, commit):
    assert Client().get("/uitnodiging/made-up-token/").status_code == 404
    link = invitation_link_for(world, "rev@example.org", commit)
    invitation = Invitation.objects.get(email="rev@example.org")
    world.client("coordinator").post(
        reverse("teams:team_invitation_revoke", args=[world.team_a.pk, invitation.pk])
    )
    response = Client().get(link)
    assert response.status_code == 404
    assert "bestaat niet of is ingetrokken" in response.content.decode()


def test_a_coordinator_cannot_invite_into_another_team(world: World, commit):
    mail.outbox.clear()
    before = Invitation.objects.count()
    with commit():
        response = world.client("other_coordinator").post(
            reverse("teams:team_invite", args=[world.team_a.pk]),
            {"first_name": "Eve", "email": "eve@example.org"},
        )
    assert response.status_code == 404
    assert Invitation.objects.count() == before
    assert mail.outbox == []


def test_a_volunteer_cannot_invite(world: World):
    response = world.client("volunteer").post(
        reverse("teams:team_invite", args=[world.team_a.pk]),
        {"first_name": "Eve", "email": "eve@example.org"},
    )
    assert response.status_code == 403
    assert not Invitation.objects.filter(email="eve@example.org").exists()


def test_a_coordinator_invites_volunteers_only(world: World):
    world.client("coordinator").post(
        reverse("teams:team_invite", args=[world.team_a.pk]),
        {"first_name": "Max", "email": "max@example.org", "role": "coordinator"},
    )
    assert Invitation.objects.get(email="max@example.org").role == Membership.Role.VOLUNTEER


def test_an_administrator_can_appoint_a_coordinator(world: World):
    world.client("admin").post(
        reverse("teams:team_invite", args=[world.team_b.pk]),
        {"first_name": "Max", "email": "max@example.org", "role": "coordinator"},
    )
    assert Invitation.objects.get(email="max@example.org").role == Membership.Role.COORDINATOR


def test_an_administrator_invites_a_partner_user_who_must_set_up_two_factor(world: World, commit):
    mail.outbox.clear()
    with commit():
        response = world.client("admin").post(
            reverse("teams:organisation_invite", args=[world.org_b.pk]),
            {"first_name": "Wim", "email": "wim@example.org"},
        )
    assert response.status_code == 302
    visitor = Client()
    accepted = accept(visitor, invitation_link(mail.outbox[0]), first_name="Wim")
    assert accepted.status_code == 302
    assert accepted["Location"] == reverse("mfa_activate_totp")
    user = User.objects.get(email="wim@example.org")
    # A partner once the app is set up (tests/security/test_v2_mfa_enrolment.py).
    assert not PartnerMembership.objects.filter(user=user).exists()
    assert not user.memberships.exists()
    home = visitor.get(reverse("home"))
    assert home.status_code == 302
    assert home["Location"] == reverse("mfa_activate_totp")


def test_a_partner_user_cannot_invite_colleagues(world: World):
    response = world.client("partner_a").post(
        reverse("teams:organisation_invite", args=[world.org_a.pk]),
        {"first_name": "Wim", "email": "wim@example.org"},
    )
    assert response.status_code == 403
    assert not Invitation.objects.filter(email="wim@example.org").exists()


def test_someone_with_an_account_logs_in_to_accept(world: World, commit):
    mail.outbox.clear()
    with commit():
        invitation_create(
            invited_by=world.other_coordinator,
            team=world.team_b,
            email=world.volunteer.email,
            first_name="Vera",
        )
    link = invitation_link(mail.outbox[0])
    response = Client().get(link)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))

    volunteer = world.client("volunteer")
    assert volunteer.get(link).status_code == 200
    assert volunteer.post(link).status_code == 302
    assert set(world.volunteer.memberships.values_list("team__name", flat=True)) == {
        "Team Noord",
        "Team Zuid",
    }


def test_a_link_for_another_address_is_refused_when_logged_in(world: World, commit):
    link = invitation_link_for(world, "someone@example.org", commit)
    response = world.client("volunteer").get(link)
    assert response.status_code == 403
    assert "voor een ander e-mailadres" in response.content.decode()


def invitation_link_for(world: World, email: str, commit) -> str:
    mail.outbox.clear()
    with commit():
        invitation_create(
            invited_by=world.coordinator, team=world.team_a, email=email, first_name="Iemand"
        )
    return invitation_link(mail.outbox[0])


@pytest.mark.parametrize(
    ("fields", "field_with_error"),
    [
        ({"password2": "Something-else-42"}, "password2"),
        ({"password1": "kort", "password2": "kort"}, "password1"),
        ({"password1": "12345678901", "password2": "12345678901"}, "password1"),
        ({"password1": "bad@example.org", "password2": "bad@example.org"}, "password1"),
        ({"first_name": ""}, "first_name"),
        ({"first_name": "x" * 81}, "first_name"),
    ],
)
def test_bad_input_on_the_accept_form_changes_nothing(
    world: World, commit, fields, field_with_error
):
    link = invitation_link_for(world, "bad@example.org", commit)
    response = accept(Client(), link, **fields)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field_with_error]
    # The error is shown next to its field.
    assert 'class="invalid-feedback' in response.content.decode()
    assert not User.objects.filter(email="bad@example.org").exists()
    assert Invitation.objects.get(email="bad@example.org").is_pending


def test_html_in_names_is_shown_escaped(world: World):
    world.client("coordinator").post(
        reverse("teams:team_invite", args=[world.team_a.pk]),
        {"first_name": "<script>alert(1)</script>", "email": "xss@example.org"},
    )
    page = world.client("coordinator").get(reverse("teams:team_detail", args=[world.team_a.pk]))
    html = page.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_new_invitation_replaces_the_pending_one(world: World, commit):
    first = invitation_link_for(world, "twice@example.org", commit)
    second = invitation_link_for(world, "twice@example.org", commit)
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200


def test_current_members_are_not_invited_again(world: World):
    response = world.client("coordinator").post(
        reverse("teams:team_invite", args=[world.team_a.pk]),
        {"first_name": "Vera", "email": world.volunteer.email.upper()},
    )
    assert response.status_code == 200
    assert "is al lid van dit team" in response.content.decode()
    assert not Invitation.objects.filter(email__iexact=world.volunteer.email).exists()


def test_only_a_hash_of_the_token_is_stored(world: World, commit):
    link = invitation_link_for(world, "hash@example.org", commit)
    token = link.rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get(email="hash@example.org")
    assert token not in invitation.token_hash
    assert invitation.token_hash == hash_token(token)


@pytest.mark.django_db(transaction=True)
def test_a_link_used_twice_at_the_same_moment_joins_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks (set DATABASE_URL)")
    from ..factories import MembershipFactory

    coordinator = MembershipFactory.create(role=Membership.Role.COORDINATOR).user
    team = coordinator.memberships.get().team
    invitation = invitation_create(
        invited_by=coordinator, team=team, email="race@example.org", first_name="Ras"
    )
    existing = UserFactory.create(email="race@example.org")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def use_link() -> None:
        barrier.wait()
        try:
            invitation_accept(invitation=invitation, user=existing)
            outcomes.append("joined")
        except Exception as error:  # the loser gets the "already used" validation error
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=use_link) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ValidationError", "joined"]
    assert Membership.objects.filter(user=existing, team=team).count() == 1
    assert existing.memberships.get().events.count() == 1
