"""ASVS V12 (files): a training hand-out is checked by what it holds, not only by its name.
The regional administrator uploads it in the admin, with the session of the programme."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from trainingen.models import Material

from ..conftest import World
from ..support.forms import forms_of

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 16
PAGE = b"<html><script>alert(document.cookie)</script></html>"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
PPTX = _zip({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p:presentation/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})


def _upload(world: World, name: str, content: bytes):
    """The administrator adds a material to a session of the programme, on the admin page."""
    template = world.training_seat.session.template
    client = world.client("admin")
    url = reverse("admin:trainingen_sessiontemplate_change", args=[template.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = next(f for f in forms_of(page.content.decode()) if "materials-TOTAL_FORMS" in f.fields)
    # "Add another material" copies the page's empty row (its fields named __prefix__).
    data: dict = {
        key.replace("__prefix__", "0"): value
        for key, value in form.submission(**{"materials-TOTAL_FORMS": "1"}).items()
        if key not in ("_addanother", "_continue")
    }
    data["materials-0-title"] = "Hand-out bijeenkomst 1"
    data["materials-0-file"] = SimpleUploadedFile(name, content)
    return client.post(url, data)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("hand-out.pdf", PDF),
        ("foto.png", PNG),
        ("foto.jpg", JPEG),
        ("film.mp4", MP4),
        ("werkblad.docx", DOCX),
        ("dia's.pptx", PPTX),
        ("tekst.odt", ODT),
    ],
)
def test_a_hand_out_whose_content_matches_its_name_is_kept(world: World, name, content):
    response = _upload(world, name, content)
    assert response.status_code == 302, response.content.decode()[:2000]
    material = Material.objects.get(title="Hand-out bijeenkomst 1")
    assert material.file.read() == content


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("hand-out.pdf", PAGE, "PDF"),
        ("foto.png", JPEG, "PNG"),
        ("foto.jpg", PAGE, "JPG"),
        ("film.mp4", PDF, "MP4"),
        ("werkblad.docx", PPTX, "DOCX"),
        ("werkblad.docx", b"PK\x03\x04 not a zip at all", "DOCX"),
        ("dia's.pptx", PDF, "PPTX"),
        ("tekst.odt", DOCX, "ODT"),
    ],
)
def test_a_hand_out_whose_content_does_not_match_its_name_is_refused(
    world: World, name, content, kind
):
    before = Material.objects.count()
    response = _upload(world, name, content)
    assert response.status_code == 200
    assert (
        f"Dit is geen echt {kind}-bestand: wat erin staat past niet bij de naam."
        in response.content.decode()
    )
    assert Material.objects.count() == before
