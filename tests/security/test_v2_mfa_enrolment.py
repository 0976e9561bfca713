"""ASVS V2.1/V2.7 (authenticator enrolment): a partner invited while two-factor
authentication is required sets up the authenticator app while accepting the invitation,
with the link from the e-mail in hand. Until then the account is not a partner's and can do
nothing else; someone who learns only the password cannot enrol an app of their own later."""

from __future__ import annotations

import re
import time
from urllib.parse import urlparse

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client
from django.urls import reverse

from notifications.models import Notification
from teams.models import Invitation, PartnerMembership, User

from ..conftest import World
from ..factories import PASSWORD
from ..support.forms import forms_of, post_form


def invitation_path(invitation: Invitation) -> str:
    link = Notification.objects.get(dedup_key=f"invitation:{invitation.pk}:email").secrets["url"]
    return urlparse(link).path


def accept(client: Client, path: str):
    page = client.get(path)
    form = post_form(page.content.decode(), "password1")
    return client.post(
        path, form.submission(first_name="Arie", password1=PASSWORD, password2=PASSWORD)
    )


def enrol(client: Client, commit):
    """Read the secret off the page, as the authenticator app does from the QR code.
    (allauth announces the new app once its transaction is committed.)"""
    page = client.get(reverse("mfa_activate_totp"), follow=True)
    if page.redirect_chain:  # the password again, when it was typed a while ago
        assert page.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
        page = client.post(
            page.redirect_chain[-1][0],
            post_form(page.content.decode(), "password").submission(password=PASSWORD),
            follow=True,
        )
    assert page.request["PATH_INFO"] == reverse("mfa_activate_totp")
    html = page.content.decode()
    found = re.search(r'alt="([A-Z2-7]{16,})"', html)
    assert found, "no secret on the page"
    secret = found.group(1)
    if (left := 30 - time.time() % 30) < 5:
        time.sleep(left)
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    with commit(execute=True):
        return client.post(
            reverse("mfa_activate_totp"), post_form(html, "code").submission(code=code)
        )


def test_accepting_a_partner_invitation_leads_straight_to_setting_up_two_factor(
    world: World, django_capture_on_commit_callbacks
):
    invitation = world.organisation_invitation
    client = Client()
    response = accept(client, invitation_path(invitation))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # The password was typed a moment ago: the app is set up without typing it again.
    assert client.get(reverse("mfa_activate_totp")).status_code == 200

    # Nothing else until the app is set up: not the partner's pages, nor the account pages
    # (another e-mail address, another password) ...
    for url in (
        reverse("home"),
        reverse("signalen:partner_inbox"),
        reverse("account_email"),
        reverse("account_change_password"),
        reverse("usersessions_list"),
        reverse("teams:profile"),
    ):
        blocked = client.get(url)
        assert blocked.status_code == 302, url
        assert blocked["Location"] == reverse("mfa_activate_totp"), url
    # ... and the account is no partner's yet.
    user = User.objects.get(email=invitation.email)
    assert not PartnerMembership.objects.filter(user=user).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None

    assert enrol(client, django_capture_on_commit_callbacks).status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert PartnerMembership.objects.get(user=user).organisation == world.org_a
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert client.get(reverse("signalen:partner_inbox")).status_code == 200


def test_a_password_alone_does_not_make_a_partner_who_left_before_enrolling(
    world: World, django_capture_on_commit_callbacks
):
    invitation = world.organisation_invitation
    path = invitation_path(invitation)
    accept(Client(), path)  # and the browser is closed before the app is set up

    # Whoever has the password signs in to an account that is nobody's partner.
    later = Client()
    later.post(reverse("account_login"), {"login": invitation.email, "password": PASSWORD})
    assert later.get(reverse("signalen:partner_inbox")).status_code in (403, 404)
    user = User.objects.get(email=invitation.email)
    assert not PartnerMembership.objects.filter(user=user).exists()

    # With the link from the e-mail the invited person finishes: the app first.
    page = later.get(path)
    assert page.status_code == 200
    (join_form,) = [
        f for f in forms_of(page.content.decode()) if f.method == "post" and not f.action
    ]
    join = later.post(path, join_form.submission())
    assert join["Location"] == reverse("mfa_activate_totp")
    assert not PartnerMembership.objects.filter(user=user).exists()
    assert enrol(later, django_capture_on_commit_callbacks).status_code == 302
    assert PartnerMembership.objects.filter(user=user, organisation=world.org_a).exists()


def test_a_volunteers_invitation_asks_for_no_app(world: World):
    client = Client()
    response = accept(client, invitation_path(world.team_invitation))
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
