"""ASVS V11.1.4 (anti-automation: limits per user on business actions) for the report form.

Finding (with the upload cost, test_v12_upload_cost.py): one account could send reports and
photos as fast as a script can, each post up to a second of decoding. Reports saved and posts
with photos are now limited per person (ACCOUNT_RATE_LIMITS "signal_report" and
"signal_photos", signalen/limits.py); a refused report says why, in Dutch, and saves nothing.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from signalen.models import Category, Signal, SignalPhoto

from ..conftest import World
from ..factories import jpeg_bytes
from ..support.forms import post_form
from ..test_settings import PRODUCTION, run_python

URL = reverse("signalen:signal_create")
WAIT = "Je hebt in korte tijd veel meldingen gedaan."
NO_PHOTOS = "Je hebt het afgelopen uur veel foto&#x27;s gestuurd."


def allowed(action: str) -> int:
    """How many the settings allow ("10/10m/user": ten in ten minutes)."""
    return int(settings.ACCOUNT_RATE_LIMITS[action].split("/")[0])


def send(client: Client, *, photo: bool = False, **typed: str):
    """The report form as the page shows it, filled in, and sent."""
    page = client.get(URL).content.decode()
    filled = post_form(page, having="description").submission(
        **{
            "category": str(Category.objects.get(code="burglary-risk").pk),
            "street": "Kerkstraat",
            "description": "Ladder tegen de achtergevel, slaapkamerraam open.",
            **typed,
        }
    )
    photos = {"photos": SimpleUploadedFile("ladder.jpg", jpeg_bytes())} if photo else {}
    return client.post(URL, {**filled, **photos})


def test_a_volunteer_who_reports_very_often_is_asked_to_wait_and_nothing_is_saved(world: World):
    volunteer = world.client("volunteer")
    for _ in range(allowed("signal_report")):
        assert send(volunteer).status_code == 302
    saved = Signal.objects.count()

    refused = send(volunteer, street="Molenweg")
    assert refused.status_code == 200
    page = refused.content.decode()
    assert WAIT in page
    assert "Bel 112" in page
    assert 'value="Molenweg"' in page  # what was typed is still there
    assert Signal.objects.count() == saved
    # Someone else in the same team reports as usual.
    assert send(world.client("coordinator")).status_code == 302


def test_posts_with_photos_are_limited_per_person_and_a_report_without_photos_still_goes(
    world: World,
):
    volunteer = world.client("volunteer")
    # Posts with a photo count also when the form is refused for something else.
    for _ in range(allowed("signal_photos")):
        response = send(volunteer, photo=True, description="")
        assert response.status_code == 200
        assert NO_PHOTOS not in response.content.decode()
    photos = SignalPhoto.objects.count()

    refused = send(volunteer, photo=True)
    assert NO_PHOTOS in refused.content.decode()
    assert SignalPhoto.objects.count() == photos
    assert send(volunteer).status_code == 302  # the same report without the photo


def test_the_page_script_gets_the_refusal_as_422(world: World):
    volunteer = world.client("volunteer")
    for _ in range(allowed("signal_report")):
        send(volunteer)
    page = volunteer.get(URL).content.decode()
    data = post_form(page, having="description").submission(
        category=str(Category.objects.get(code="burglary-risk").pk),
        street="Kerkstraat",
        description="Ladder tegen de achtergevel.",
    )
    response = volunteer.post(URL, data, headers={"Accept": "application/json"})
    assert response.status_code == 422
    assert WAIT in response.content.decode()


@pytest.mark.parametrize("name", ["SIGNAL_REPORT_RATE_LIMIT", "SIGNAL_PHOTO_RATE_LIMIT"])
def test_a_wrong_limit_stops_the_start(name):
    result = run_python("-c", "import buurtpreventie.settings", env={**PRODUCTION, name: "10/uur"})
    assert result.returncode != 0
    assert f"{name} must look like 10/10m/user" in result.stderr
