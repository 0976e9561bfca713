"""What a training hand-out really is, read from its first bytes rather than its name: a file
named .pdf that holds a web page (or anything else) is refused when it is uploaded."""

from __future__ import annotations

import zipfile

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext_lazy as _

# How each kind of file begins.
SIGNATURES = {
    "pdf": b"%PDF-",
    "png": b"\x89PNG\r\n\x1a\n",
    "jpg": b"\xff\xd8\xff",
    "jpeg": b"\xff\xd8\xff",
}
# Office documents are zip files with the kind's own folder inside.
OFFICE_FOLDERS = {"docx": "word/", "pptx": "ppt/", "xlsx": "xl/"}
# OpenDocument files are zip files whose first member, "mimetype", names the kind.
OPEN_DOCUMENT = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}


def material_content_matches_name(value: File) -> None:
    """The model's validator: the file's content is the kind its extension says."""
    name = value.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    value.seek(0)
    try:
        matches = _is(extension, value)
    finally:
        value.seek(0)
    if not matches:
        raise ValidationError(
            _(
                "This is not a real %(extension)s file: what it holds does not match its"
                " name. Choose the right file, or save it in the %(extension)s format first."
            ),
            code="content",
            params={"extension": extension.upper()},
        )


def _is(extension: str, file: File) -> bool:
    head = file.read(16)
    if extension in SIGNATURES:
        return head.startswith(SIGNATURES[extension])
    if extension == "mp4":
        return head[4:8] == b"ftyp"
    if not head.startswith(b"PK\x03\x04"):
        return False
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if extension in OFFICE_FOLDERS:
                return any(name.startswith(OFFICE_FOLDERS[extension]) for name in names)
            if extension in OPEN_DOCUMENT and names[:1] == ["mimetype"]:
                info = archive.getinfo("mimetype")
                return info.file_size < 100 and archive.read(info) == OPEN_DOCUMENT[extension]
    except (zipfile.BadZipFile, OSError, EOFError):
        return False
    return False
