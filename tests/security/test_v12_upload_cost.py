"""ASVS V12.1 (file upload) and V11.1.4 (anti-automation): what a report's photos may cost.

Finding: five 40-megapixel grayscale PNGs (190 KB together) were decoded in the request and
held a worker for 18 s. Now each photo's header is read first and nothing is decoded unless
each photo and all of them together stay within the budget (signalen/photos.py); JPEGs are
decoded at a reduced size. Target: any report post at most 2 s of CPU, whatever its photos.
"""

from __future__ import annotations

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from signalen.models import Category, Signal, SignalPhoto

from ..conftest import World
from ..support.forms import post_form

URL = reverse("signalen:signal_create")
CPU_SECONDS = 2.0


def encoded(image: Image.Image, **options) -> bytes:
    output = io.BytesIO()
    image.save(output, **options)
    return output.getvalue()


def files(content: bytes, name: str, count: int) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(name.format(n=n), content) for n in range(count)]


def noise(size: tuple[int, int]) -> Image.Image:
    """A photo that compresses badly, as costly to decode per byte as it gets."""
    return Image.effect_noise(size, 60).convert("RGB")


def send_report(world: World, photos: list):
    """The report form as the page shows it, filled in, sent with these photos; and the CPU
    time the whole post took in this process (test client, middleware, view, decoding)."""
    client = world.client("volunteer")
    page = client.get(URL).content.decode()
    assert '<input type="file" name="photos"' in page
    data = post_form(page, having="description").submission(
        category=str(Category.objects.get(code="burglary-risk").pk),
        street="Kerkstraat",
        description="Ladder tegen de achtergevel, slaapkamerraam open.",
    )
    started = time.process_time()
    response = client.post(URL, {**data, "photos": photos})
    return response, time.process_time() - started


@pytest.fixture
def nothing_saved():
    before = (Signal.objects.count(), SignalPhoto.objects.count())
    yield
    assert (Signal.objects.count(), SignalPhoto.objects.count()) == before


def test_five_40_megapixel_grayscale_pngs_are_refused_within_two_seconds(
    world: World, nothing_saved
):
    photos = files(encoded(Image.new("L", (8000, 5000)), format="PNG"), "grijs{n}.png", 5)
    assert sum(photo.size or 0 for photo in photos) < 250 * 1024  # small on disk
    response, cpu = send_report(world, photos)
    assert cpu <= CPU_SECONDS, cpu
    assert response.status_code == 200
    page = response.content.decode()
    for n in range(5):
        assert f"grijs{n}.png heeft te veel pixels." in page


def test_photos_that_are_each_allowed_are_refused_when_together_too_many_pixels(
    world: World, nothing_saved
):
    # Five screenshots of 3000 by 2000 pixels: 30 megapixels together.
    photos = files(
        encoded(Image.new("RGB", (3000, 2000), "white"), format="PNG"), "scherm{n}.png", 5
    )
    response, cpu = send_report(world, photos)
    assert cpu <= CPU_SECONDS, cpu
    assert "Je foto&#x27;s hebben samen te veel pixels" in response.content.decode()


def test_photos_that_are_together_too_large_are_refused_before_decoding(
    world: World, nothing_saved
):
    photo = encoded(noise((2600, 1950)), format="JPEG", quality=95)
    assert 2 * 1024 * 1024 < len(photo) < 10 * 1024 * 1024
    response, _ = send_report(world, files(photo, "groot{n}.jpg", 5))
    assert "Je foto&#x27;s zijn samen groter dan 10 MB" in response.content.decode()


def test_a_48_megapixel_jpeg_is_decoded_at_a_quarter_and_kept(world: World):
    # A phone's 48-megapixel photo: over the per-photo limit at full size, not as decoded.
    photo = encoded(Image.new("RGB", (8064, 6048), (90, 120, 60)), format="JPEG")
    response, cpu = send_report(world, files(photo, "48mp.jpg", 1))
    assert response.status_code == 302
    assert cpu <= CPU_SECONDS, cpu
    stored = Signal.objects.latest("pk").photos.get()
    assert (stored.width, stored.height) == (2016, 1512)


def test_the_costliest_report_within_the_budget_takes_at_most_two_seconds(world: World):
    """Bytes and pixels both at their limit: two progressive JPEGs of noise (costly per byte,
    decoded at half size) and three plain PNGs that fill the pixel budget."""
    progressive = encoded(noise((4000, 3000)), format="JPEG", quality=50, progressive=True)
    assert len(progressive) > 3 * 1024 * 1024
    plain = encoded(Image.new("RGB", (2480, 1860), "gray"), format="PNG")
    photos = files(progressive, "ruis{n}.jpg", 2) + files(plain, "vlak{n}.png", 3)
    response, cpu = send_report(world, photos)
    assert response.status_code == 302
    assert Signal.objects.latest("pk").photos.count() == 5
    assert cpu <= CPU_SECONDS, cpu
