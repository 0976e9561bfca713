"""Uploaded files on the file system of one server, or in a private bucket that several
servers share (settings: S3_BUCKET; django-storages against moto's local S3 server)."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse
from django.utils import timezone

from privacy.services import retention_apply
from signalen.models import Signal, Status

from .conftest import World
from .factories import jpeg_bytes
from .signalen.test_views import post_report
from .support.s3 import S3, s3_server
from .test_settings import PRODUCTION, run_python

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def s3():
    with s3_server() as server:
        yield server


@pytest.fixture(params=["file system", "bucket"])
def where(request, settings, tmp_path):
    """Where uploaded files go in this test: MEDIA_ROOT, or a new bucket of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    if request.param == "file system":
        yield None
        return
    s3: S3 = request.getfixturevalue("s3")
    bucket = s3.new_bucket()
    settings.STORAGES = {**settings.STORAGES, "default": s3.storage(bucket)}
    yield bucket


def stored(where, s3_or_none, settings) -> list[str]:
    if where is None:
        root = settings.MEDIA_ROOT
        return [str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()]
    return s3_or_none.keys(where)


def test_a_reported_photo_is_stored_served_to_the_partner_and_removed_by_retention(
    world: World, where, request, settings, django_capture_on_commit_callbacks
):
    s3 = request.getfixturevalue("s3") if where else None
    before = stored(where, s3, settings)  # the test world's own photos
    photo = SimpleUploadedFile("ladder.jpg", jpeg_bytes(exif_gps=True), content_type="image/jpeg")
    assert post_report(world, photos=[photo]).status_code == 302
    signal = Signal.objects.latest("pk")
    name = signal.photos.get().image.name
    assert sorted(stored(where, s3, settings)) == sorted([*before, name])
    if where:  # nothing on the server's own disk
        assert not (settings.MEDIA_ROOT / name).exists()

    served = world.client("partner_a").get(signal.photos.get().get_absolute_url())
    assert isinstance(served, FileResponse)
    content = b"".join(served.streaming_content)
    assert content[:2] == b"\xff\xd8"  # a JPEG
    assert content == storages["default"].open(name).read()
    other_organisation = world.client("partner_b")
    assert other_organisation.get(signal.photos.get().get_absolute_url()).status_code == 404

    Signal.objects.filter(pk=signal.pk).update(
        status=Status.RESOLVED, resolved_at=timezone.now() - datetime.timedelta(days=3650)
    )
    with django_capture_on_commit_callbacks(execute=True):
        retention_apply()
    assert name not in stored(where, s3, settings)
    assert not Signal.objects.get(pk=signal.pk).photos.exists()


def default_storage_of(env: dict[str, str]) -> dict:
    """STORAGES["default"] as production's settings make it from `env`."""
    printed = run_python(
        "-c",
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.STORAGES['default']))",
        env={**PRODUCTION, **env, "DJANGO_SETTINGS_MODULE": "buurtpreventie.settings"},
    )
    assert printed.returncode == 0, printed.stderr
    return json.loads(printed.stdout.splitlines()[-1])


def test_the_settings_keep_files_in_the_bucket_that_s3_bucket_names(s3):
    assert default_storage_of(s3.environment("buurtpreventie-media")) == s3.storage(
        "buurtpreventie-media"
    )


def test_without_s3_bucket_files_stay_on_the_file_system():
    assert default_storage_of({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
