"""Photos: checked, re-encoded without metadata, never stored as uploaded."""

from __future__ import annotations

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTOS = 5
MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 2048
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}


class CleanPhoto(ContentFile):
    """A re-encoded photo, with its size in pixels for the database."""

    def __init__(self, content: bytes, *, width: int, height: int):
        super().__init__(content, name="photo.jpg")
        self.width, self.height = width, height


def clean_photo(upload) -> CleanPhoto:
    """A JPEG copy of an uploaded photo: the pixels only, no EXIF, GPS or comments.

    Anything that is not an image we accept, too large, or a decompression bomb gets a
    clear error instead.
    """
    name = getattr(upload, "name", "") or _("the photo")
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("%(name)s is larger than 10 MB.") % {"name": name}, code="too_large"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as probe:
                if probe.format not in ACCEPTED_FORMATS:
                    raise ValidationError(
                        _("%(name)s is not a photo (JPEG, PNG or WebP).") % {"name": name},
                        code="not_an_image",
                    )
                if probe.width * probe.height > MAX_PIXELS:
                    raise ValidationError(
                        _("%(name)s has too many pixels.") % {"name": name}, code="too_many_pixels"
                    )
                probe.verify()
            upload.seek(0)
            with Image.open(upload) as opened:
                image = ImageOps.exif_transpose(opened).convert("RGB")
                image.thumbnail((MAX_SIDE, MAX_SIDE))
                # A new image holds only the pixels: Pillow would otherwise carry EXIF, ICC
                # profiles and comments over from the upload's info into the saved file.
                image_only = Image.new("RGB", image.size)
                image_only.paste(image)
                output = io.BytesIO()
                image_only.save(output, format="JPEG", quality=85, optimize=True)
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("%(name)s is not a photo we can use.") % {"name": name}, code="not_an_image"
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("%(name)s is damaged or not a photo.") % {"name": name}, code="damaged"
        ) from None
    width, height = image_only.size
    return CleanPhoto(output.getvalue(), width=width, height=height)
