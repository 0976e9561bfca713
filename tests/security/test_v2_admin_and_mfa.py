"""ASVS V2 (authentication) and V4.1.3/V4.2 (least privilege) in the admin: a regional
administrator (staff, not superuser) cannot raise their own rights, cannot set anyone's
password nor touch a superuser, and never sees a two-factor secret; the secrets are stored
encrypted with a key from the environment."""

from __future__ import annotations

import importlib
import json
from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.test import Client
from django.urls import reverse

from notifications.models import Notification
from teams.models import User

from ..conftest import World
from ..factories import PASSWORD, UserFactory
from ..support.forms import forms_of, post_form
from ..support.signin import sign_in
from ..test_settings import PRODUCTION, run_manage

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def regional_admin(db) -> User:
    return UserFactory.create(first_name="Rita", is_staff=True, totp=True)


def admin_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def change_url(person: User) -> str:
    return reverse("admin:teams_user_change", args=[person.pk])


def change_form(page) -> dict:
    """What pressing save on a user's admin page sends."""
    return post_form(page.content.decode(), "email").submission()


# --- Raising one's own rights ---------------------------------------------------------------


def test_a_regional_administrator_sees_no_superuser_staff_group_or_password_field(
    world: World, regional_admin
):
    page = admin_client(regional_admin).get(change_url(world.volunteer))
    assert page.status_code == 200
    fields = post_form(page.content.decode(), "email").fields
    assert {"is_superuser", "is_staff", "groups", "user_permissions"} & set(fields) == set()
    assert reverse("admin:auth_user_password_change", args=[world.volunteer.pk]) not in (
        page.content.decode()
    )


def test_a_superuser_still_sees_the_access_fields(world: World):
    page = admin_client(world.admin).get(change_url(world.volunteer))
    assert {"is_superuser", "is_staff", "groups"} <= set(
        post_form(page.content.decode(), "email").fields
    )


def test_a_forged_superuser_field_changes_nothing(world: World, regional_admin):
    client = admin_client(regional_admin)
    data = change_form(client.get(change_url(world.volunteer)))
    data.update(is_superuser="on", is_staff="on", last_name="Jansen")
    response = client.post(change_url(world.volunteer), data)
    assert response.status_code == 302
    world.volunteer.refresh_from_db()
    assert world.volunteer.last_name == "Jansen"
    assert not world.volunteer.is_superuser
    assert not world.volunteer.is_staff


def test_a_regional_administrator_cannot_make_themselves_superuser(regional_admin):
    client = admin_client(regional_admin)
    page = client.get(change_url(regional_admin))
    assert not [f for f in forms_of(page.content.decode()) if "email" in f.fields]
    data = {"email": regional_admin.email, "first_name": "Rita", "last_name": "", "language": "nl"}
    response = client.post(
        change_url(regional_admin),
        {**data, "is_active": "on", "is_staff": "on", "is_superuser": "on"},
    )
    assert response.status_code == 403
    regional_admin.refresh_from_db()
    assert not regional_admin.is_superuser


def test_a_regional_administrator_cannot_change_a_superuser(world: World, regional_admin):
    client = admin_client(regional_admin)
    page = client.get(change_url(world.admin))
    assert page.status_code == 200  # to look at, without a form to save
    assert not [f for f in forms_of(page.content.decode()) if "email" in f.fields]
    response = client.post(
        change_url(world.admin),
        {"email": "overgenomen@example.org", "first_name": "Ada", "language": "nl"},
    )
    assert response.status_code == 403
    world.admin.refresh_from_db()
    assert world.admin.email != "overgenomen@example.org"
    assert world.admin.is_active


@pytest.mark.parametrize("whose", ["admin", "volunteer"])
def test_a_regional_administrator_cannot_set_a_password(world: World, regional_admin, whose):
    person = getattr(world, whose)
    client = admin_client(regional_admin)
    url = reverse("admin:auth_user_password_change", args=[person.pk])
    assert client.get(url).status_code == 403
    new = "Overgenomen-wachtwoord-1"
    response = client.post(
        url, {"password1": new, "password2": new, "usable_password": "true", "set_password": ""}
    )
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_a_regional_administrator_cannot_add_an_account_with_a_password(regional_admin):
    client = admin_client(regional_admin)
    assert client.get(reverse("admin:teams_user_add")).status_code == 403
    response = client.post(
        reverse("admin:teams_user_add"),
        {"email": "nieuw@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 403
    assert not User.objects.filter(email="nieuw@example.org").exists()


def test_a_regional_administrator_cannot_point_a_superusers_address_elsewhere(
    world: World, regional_admin
):
    client = admin_client(regional_admin)
    address = EmailAddress.objects.get(user=world.admin)
    url = reverse("admin:account_emailaddress_change", args=[address.pk])
    response = client.post(
        url, {"email": "overgenomen@example.org", "user": world.admin.pk, "verified": "on"}
    )
    assert response.status_code == 403
    added = client.post(
        reverse("admin:account_emailaddress_add"),
        {"email": "overgenomen@example.org", "user": world.admin.pk, "verified": "on"},
    )
    assert added.status_code == 403
    assert not EmailAddress.objects.filter(
        user=world.admin, email="overgenomen@example.org"
    ).exists()


def test_a_regional_administrator_sends_a_password_reset_link_instead(
    world: World, regional_admin, django_capture_on_commit_callbacks
):
    client = admin_client(regional_admin)
    page = client.get(reverse("admin:teams_user_changelist"))
    form = post_form(page.content.decode(), "_selected_action")
    assert "send_password_reset" in form.fields["action"].options
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:teams_user_changelist"),
            form.submission(
                action="send_password_reset",
                _selected_action=[str(world.volunteer.pk), str(world.admin.pk)],
            ),
            follow=True,
        )
    assert response.status_code == 200
    sent = Notification.objects.filter(event="account_security")
    # Not to the superuser, whom a regional administrator leaves alone.
    assert [n.email for n in sent] == [world.volunteer.email]
    link = next(word for word in sent[0].body_text.split() if "/password/reset/key/" in word)

    # The person sets the new password themselves, from the e-mail.
    person = Client()
    form_page = person.get(urlparse(link).path, follow=True)
    new = "Zelf-gekozen-wachtwoord-7"
    set_form = post_form(form_page.content.decode(), "password1")
    done = person.post(
        form_page.redirect_chain[-1][0], set_form.submission(password1=new, password2=new)
    )
    assert done.status_code == 302
    world.volunteer.refresh_from_db()
    assert world.volunteer.check_password(new)


# --- Two-factor secrets ---------------------------------------------------------------------


def test_the_secrets_are_stored_encrypted(db):
    person = UserFactory.create()
    TOTP.activate(person, SECRET)
    RecoveryCodes.activate(person)
    stored = {row.type: row.data for row in Authenticator.objects.filter(user=person)}
    assert SECRET not in json.dumps(stored)
    secret, seed = stored["totp"]["secret"], stored["recovery_codes"]["seed"]
    assert decrypt(secret) == SECRET
    assert decrypt(seed) != seed
    assert len(decrypt(seed)) == 80  # the seed's 40 bytes in hexadecimal


def test_logging_in_with_an_encrypted_secret_still_works(db):
    person = UserFactory.create()
    TOTP.activate(person, SECRET)
    sign_in(person, secret=SECRET)


def test_the_migration_encrypts_secrets_stored_before(db):
    person = UserFactory.create()
    plain = Authenticator.objects.create(
        user=person, type=Authenticator.Type.TOTP, data={"secret": SECRET}
    )
    seed = "a" * 40
    codes = Authenticator.objects.create(
        user=person, type=Authenticator.Type.RECOVERY_CODES, data={"seed": seed, "used_mask": 0}
    )
    migration = importlib.import_module("teams.migrations.0007_encrypt_two_factor_secrets")
    migration.encrypt_secrets(apps, None)
    migration.encrypt_secrets(apps, None)  # twice changes nothing more
    plain.refresh_from_db()
    codes.refresh_from_db()
    assert SECRET not in json.dumps(plain.data)
    assert seed not in json.dumps(codes.data)
    sign_in(person, secret=SECRET)


def test_production_refuses_to_start_without_an_encryption_key():
    env = {**PRODUCTION}
    del env["MFA_ENCRYPTION_KEY"]
    for wrong in ({}, {"MFA_ENCRYPTION_KEY": "not-a-fernet-key"}):
        result = run_manage("check", env={**env, **wrong})
        assert result.returncode != 0
        assert "MFA_ENCRYPTION_KEY" in result.stderr


def test_the_admin_pages_of_a_regional_administrator_never_show_a_secret(
    world: World, regional_admin
):
    partner = world.partner_a
    totp = Authenticator.objects.get(user=partner, type=Authenticator.Type.TOTP)
    RecoveryCodes.activate(partner)
    stored = [json.dumps(a.data) for a in Authenticator.objects.filter(user=partner)]
    secret = totp.data["secret"]
    plain = decrypt(secret)
    client = admin_client(regional_admin)
    pages = [
        reverse("admin:index"),
        reverse("admin:mfa_authenticator_changelist"),
        reverse("admin:mfa_authenticator_change", args=[totp.pk]),
        reverse("admin:mfa_authenticator_delete", args=[totp.pk]),
        reverse("admin:mfa_authenticator_history", args=[totp.pk]),
        change_url(partner),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert plain not in html, url
        assert secret not in html, url
        assert "seed" not in html, url
        for data in stored:
            assert data not in html, url


def test_an_administrator_resets_two_factor_and_it_is_logged(world: World, regional_admin):
    partner = world.partner_a
    RecoveryCodes.activate(partner)
    client = admin_client(regional_admin)
    page = client.get(reverse("admin:mfa_authenticator_changelist"))
    form = post_form(page.content.decode(), "_selected_action")
    totp = Authenticator.objects.get(user=partner, type=Authenticator.Type.TOTP)
    response = client.post(
        reverse("admin:mfa_authenticator_changelist"),
        form.submission(action="reset_two_factor", _selected_action=[str(totp.pk)]),
    )
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=partner).exists()
    entry = LogEntry.objects.get(object_id=str(partner.pk), action_flag=CHANGE)
    assert entry.user == regional_admin
    assert "TOTP" in entry.get_change_message()
    # At the next login the partner sets up an authenticator app again.
    partner_client = Client()
    partner_client.force_login(partner)
    assert partner_client.get(reverse("home"))["Location"] == reverse("mfa_activate_totp")
