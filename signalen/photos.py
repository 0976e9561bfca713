"""Photos: checked, re-encoded without metadata, never stored as uploaded.

Decoding is what costs a worker its time, and an image's header says what it will cost
before a single pixel is decoded: the photos of one request are read from their headers
first, and decoded only when each of them and all of them together stay within a budget
(issue 15: five 40-megapixel grayscale PNGs of 190 KB in all took 18 s). Within the budget a
report post costs at most about a second of CPU; docs/security.md has the measurements.
"""

from __future__ import annotations

import io
import math
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTOS = 5
MAX_SIDE = 2048  # the long side of the stored copy
# The decoders tried at all; JPEG covers MPO (the multi-picture JPEG some phones write).
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
# Decoding time grows with the bytes (the entropy decoding of JPEG and WebP) and with the
# pixels decoded and scaled. A JPEG's pixels count at the size it is decoded at (below);
# WebP's three times, as libwebp takes about three times as long a pixel and Pillow cannot
# have it decode at a smaller size.
PHOTO_MAX_BYTES = 10 * 1024 * 1024
REQUEST_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_PIXELS = 16_000_000
REQUEST_MAX_PIXELS = 20_000_000
PIXEL_WEIGHT = {"WEBP": 3}
# A JPEG is decoded at 1/2, 1/4 or 1/8 of its size (libjpeg's DCT scaling, Image.draft) as
# long as its long side stays at least this: a phone's 12-megapixel photo at 2016 by 1512.
JPEG_DECODE_MIN_SIDE = MAX_SIDE * 3 // 4


class CleanPhoto(ContentFile):
    """A re-encoded photo, with its size in pixels for the database."""

    def __init__(self, content: bytes, *, width: int, height: int):
        super().__init__(content, name="photo.jpg")
        self.width, self.height = width, height


@dataclass(frozen=True)
class _Checked:
    upload: object
    name: str
    pixels: int  # as it will be decoded, weighted by format


def clean_photos(uploads: list) -> list[CleanPhoto]:
    """JPEG copies of the photos sent with one request: the pixels only, no EXIF, GPS or
    comments. Anything that is not an image we accept, is damaged, or costs more to decode
    than one photo or one request may, gets a clear error instead, and then none is kept."""
    checked = _each(_check, uploads)
    if sum(upload.size for upload in uploads) > REQUEST_MAX_BYTES:
        raise ValidationError(
            _("Your photos are larger than %(megabytes)s MB together: send fewer or smaller ones.")
            % {"megabytes": REQUEST_MAX_BYTES // (1024 * 1024)},
            code="request_too_large",
        )
    if sum(photo.pixels for photo in checked) > REQUEST_MAX_PIXELS:
        raise ValidationError(
            _("Your photos have too many pixels together: send fewer or smaller ones."),
            code="request_too_many_pixels",
        )
    return _each(_reencode, checked)


def _each(step, items: list) -> list:
    """`step` on every item, with the errors of all of them together."""
    done, errors = [], []
    for item in items:
        try:
            done.append(step(item))
        except ValidationError as error:
            errors.extend(error.error_list)
    if errors:
        raise ValidationError(errors)
    return done


def _check(upload) -> _Checked:
    """What one photo will cost to decode, from its header; nothing is decoded yet."""
    name = getattr(upload, "name", "") or _("the photo")
    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError(
            _("%(name)s is larger than 10 MB.") % {"name": name}, code="too_large"
        )
    with _opened(upload, name) as image:
        width, height = _decode_reduced(image)
        pixels = width * height * PIXEL_WEIGHT.get(image.format or "", 1)
        if pixels > PHOTO_MAX_PIXELS:
            raise _too_many_pixels(name)
        image.verify()
    return _Checked(upload, name, pixels)


def _reencode(photo: _Checked) -> CleanPhoto:
    with _opened(photo.upload, photo.name) as opened:
        _decode_reduced(opened)
        # Palette, alpha, CMYK and 16-bit images scale well only as RGB.
        image = opened if opened.mode in ("RGB", "L") else opened.convert("RGB")
        image.thumbnail((MAX_SIDE, MAX_SIDE))
        image = ImageOps.exif_transpose(image).convert("RGB")
        # A new image holds only the pixels: Pillow would otherwise carry EXIF, ICC profiles
        # and comments over from the upload's info into the saved file.
        image_only = Image.new("RGB", image.size)
        image_only.paste(image)
        output = io.BytesIO()
        image_only.save(output, format="JPEG", quality=85)
    width, height = image_only.size
    return CleanPhoto(output.getvalue(), width=width, height=height)


def _decode_reduced(image: Image.Image) -> tuple[int, int]:
    """Have a JPEG decoded at the smallest scale whose long side is still at least
    JPEG_DECODE_MIN_SIDE, and return the size it will be decoded at. Other formats have no
    such scale (draft does nothing) and are decoded whole."""
    width, height = image.size
    ratio = JPEG_DECODE_MIN_SIDE / max(width, height)
    if ratio < 1:
        image.draft(None, (math.ceil(width * ratio), math.ceil(height * ratio)))
    return image.size


@contextmanager
def _opened(upload, name: str) -> Iterator[Image.Image]:
    """The upload opened as an image (its header read, nothing decoded), and any way in
    which it is not an image we can use as a clear error."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload, formats=ACCEPTED_FORMATS) as image:
                yield image
    except UnidentifiedImageError:
        raise ValidationError(
            _("%(name)s is not a photo (JPEG, PNG or WebP).") % {"name": name},
            code="not_an_image",
        ) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(name) from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("%(name)s is damaged or not a photo.") % {"name": name}, code="damaged"
        ) from None


def _too_many_pixels(name: str) -> ValidationError:
    return ValidationError(
        _("%(name)s has too many pixels.") % {"name": name}, code="too_many_pixels"
    )
