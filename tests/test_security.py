"""Login protection, two-factor enforcement, the Content Security Policy."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from .conftest import PERSONAS, World
from .factories import PASSWORD, PartnerMembershipFactory, UserFactory


def login(client: Client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_a_person_logs_in_with_email_and_password(world: World):
    client = Client()
    response = login(client, world.volunteer.email, PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_failed_logins_are_rate_limited_per_account(world: World):
    client = Client()
    for _ in range(5):
        assert login(client, world.volunteer.email, "wrong-password").status_code == 200
    blocked = login(Client(), world.volunteer.email, PASSWORD)
    assert blocked.status_code == 200  # the form again, not a redirect into the site
    assert "_auth_user_id" not in blocked.wsgi_request.session
    assert blocked.context["form"].errors


def test_login_errors_do_not_reveal_whether_an_account_exists(world: World):
    wrong_password = login(Client(), world.volunteer.email, "wrong-password")
    no_account = login(Client(), "nobody-here@example.org", "wrong-password")
    assert wrong_password.context["form"].errors == no_account.context["form"].errors


def test_password_reset_does_not_reveal_whether_an_account_exists(world: World):
    known = Client().post(reverse("account_reset_password"), {"email": world.volunteer.email})
    unknown = Client().post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_there_is_no_open_sign_up(db):
    response = Client().post(
        reverse("account_signup"),
        {"email": "walk-in@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert not UserFactory._meta.model.objects.filter(email="walk-in@example.org").exists()


@pytest.mark.parametrize("persona", ["partner", "admin"])
def test_partners_and_administrators_must_set_up_two_factor_first(db, persona):
    if persona == "partner":
        user = PartnerMembershipFactory.create(user__totp=False).user
    else:
        user = UserFactory.create(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    for url in (reverse("home"), reverse("admin:index")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")
    # The pages to set it up stay reachable.
    assert client.get(reverse("mfa_index")).status_code == 200


def test_volunteers_may_use_two_factor_but_need_not(world: World):
    assert world.client("volunteer").get(reverse("home")).status_code == 200


@override_settings(MFA_REQUIRED=False)
def test_two_factor_is_not_enforced_when_switched_off(db):
    client = Client()
    client.force_login(PartnerMembershipFactory.create(user__totp=False).user)
    assert client.get(reverse("home")).status_code == 200


def test_the_admin_is_behind_the_site_login(db):
    response = Client().get(reverse("admin:index"), follow=True)
    final_url, _status = response.redirect_chain[-1]
    assert final_url.startswith(reverse("account_login"))
    assert response.templates[0].name == "account/login.html"


def test_a_deactivated_user_is_logged_out_on_the_next_request(world: World):
    client = world.client("volunteer")
    assert client.get(reverse("home")).status_code == 200
    world.volunteer.is_active = False
    world.volunteer.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_carry_a_strict_nonce_based_policy_and_no_inline_code(world: World, persona):
    response = world.client(persona).get(reverse("home"), follow=True)
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    found = re.search(r"'nonce-([^']+)'", policy)
    assert found, policy
    nonce = found.group(1)
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    html = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts, "the page loads its scripts"
    for tag in scripts:
        assert "src=" in tag, f"inline script: {tag}"
        assert f'nonce="{nonce}"' in tag
    assert not re.search(r"<style\b", html)
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"


def test_security_headers_are_set(db):
    response = Client().get(reverse("account_login"))
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_photos_are_served_as_images_never_as_pages(world: World):
    photo = world.signal.photos.get()
    response = world.client("partner_a").get(photo.get_absolute_url())
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        f'inline; filename="signaal-{world.signal.pk}-{photo.pk}.jpg"'
    )
    assert response["Cache-Control"] == "private, max-age=3600"


def test_training_material_is_a_download_with_a_safe_type(world: World):
    from django.core.exceptions import ValidationError
    from django.core.files.base import ContentFile

    from trainingen.models import Material

    template = world.training_seat.session.template
    handout = Material.objects.create(
        template=template, title="Hand-out", file=ContentFile(b"%PDF-1.4", name="hand-out.pdf")
    )
    response = world.client("volunteer").get(handout.get_absolute_url())
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")

    page = Material(
        template=template, title="Page", file=ContentFile(b"<script>x</script>", name="x.html")
    )
    with pytest.raises(ValidationError, match="file"):
        page.full_clean()
    page.save()  # stored before the rule existed, or put there by hand
    response = world.client("volunteer").get(page.get_absolute_url())
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
