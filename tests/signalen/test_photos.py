"""Uploads: content-checked, size-limited, re-encoded without metadata."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from PIL import Image

from signalen.photos import clean_photos

from ..factories import jpeg_bytes


def upload(content: bytes, name="foto.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def codes(error: pytest.ExceptionInfo[ValidationError]) -> list[str | None]:
    return [e.code for e in error.value.error_list]


def test_gps_and_other_metadata_are_removed(db):
    original = jpeg_bytes(exif_gps=True)
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif().get_ifd(0x8825)  # the upload really carries GPS data
    [cleaned] = clean_photos([upload(original)])
    data = cleaned.read()
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info
        assert "comment" not in image.info
    assert b"secret comment" not in data
    assert b"CameraMaker" not in data


def test_html_pretending_to_be_a_png_is_refused(db):
    fake = b"<html><script>alert(1)</script></html>"
    with pytest.raises(ValidationError) as error:
        clean_photos([upload(fake, name="foto.png", content_type="image/png")])
    assert codes(error) == ["not_an_image"]


def test_a_fifty_megabyte_file_is_refused_with_a_clear_message(db):
    big = TemporaryUploadedFile("groot.jpg", "image/jpeg", 50 * 1024 * 1024, None)
    big.write(b"\xff\xd8" + b"\0" * 1024)
    big.size = 50 * 1024 * 1024
    with pytest.raises(ValidationError, match="groter dan 10 MB"):
        clean_photos([big])


def test_a_decompression_bomb_is_refused(db):
    # A small PNG that unpacks to 144 million pixels.
    output = io.BytesIO()
    Image.new("1", (12000, 12000)).save(output, "PNG", optimize=True)
    bomb = output.getvalue()
    assert len(bomb) < 1024 * 1024
    with pytest.raises(ValidationError) as error:
        clean_photos([upload(bomb, name="bom.png", content_type="image/png")])
    assert codes(error) == ["too_many_pixels"]


def test_a_truncated_jpeg_is_refused(db):
    with pytest.raises(ValidationError):
        clean_photos([upload(jpeg_bytes()[:200])])


def test_a_large_photo_is_scaled_down(db):
    [cleaned] = clean_photos([upload(jpeg_bytes(size=(4000, 3000)))])
    # A JPEG is decoded at half its size already, where the long side stays at least 1536.
    assert (cleaned.width, cleaned.height) == (2000, 1500)
    [cleaned] = clean_photos([upload(jpeg_bytes(size=(2900, 2100)))])
    assert (cleaned.width, cleaned.height) == (2048, 1483)
