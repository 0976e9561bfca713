"""ASVS V8.2.1 (data protection in the client): what a signed-in person is shown is kept by no
cache, neither the browser's nor a shared one (`Cache-Control: private, no-store`). Public
pages and static files keep their own caching."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from ..conftest import World


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_a_care_signal_is_not_kept_in_any_cache(world: World):
    response = world.client("partner_b").get(
        reverse("signalen:signal_detail", args=[world.care_signal.pk])
    )
    assert response.status_code == 200
    assert world.care_signal.description in response.content.decode()
    assert {"private", "no-store"} <= cache_control(response)


def test_the_partner_inbox_is_not_kept_in_any_cache(world: World):
    response = world.client("partner_a").get(reverse("signalen:partner_inbox"))
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)


def test_my_data_is_not_kept_in_any_cache(world: World):
    response = world.client("volunteer").get(reverse("privacy:my_data"))
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)


def test_every_page_of_a_signed_in_person_is_private(world: World):
    for persona, url in [
        ("volunteer", reverse("home")),
        ("volunteer", reverse("teams:roster", args=[world.team_a.pk])),
        ("coordinator", reverse("teams:team_detail", args=[world.team_a.pk])),
        ("admin", reverse("admin:index")),
    ]:
        response = world.client(persona).get(url)
        assert response.status_code == 200, url
        assert {"private", "no-store"} <= cache_control(response), url


def test_public_pages_and_static_files_keep_their_own_caching(world: World, settings):
    settings.WHITENOISE_USE_FINDERS = True  # the suite has no collectstatic folder
    anonymous = Client()
    assert "no-store" not in cache_control(anonymous.get(reverse("offline")))
    assert cache_control(anonymous.get(reverse("manifest"))) == {"max-age=86400"}
    volunteer = world.client("volunteer")
    # Not personal, the same for everyone: cached as before, also when signed in.
    assert cache_control(volunteer.get(reverse("manifest"))) == {"max-age=86400"}
    static = volunteer.get("/static/css/app.css")
    assert static.status_code == 200
    assert "no-store" not in cache_control(static)
