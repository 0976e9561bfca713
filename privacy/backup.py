"""Uploaded files in and out of a backup folder (docs/operations.md, Backups): exactly the
files the database names, whatever storage holds them (a folder, a bucket), each with its
SHA-256 in a manifest, so a restore can prove it put back the same bytes."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.core.files import File
from django.core.files.storage import Storage
from django.db import models

MANIFEST = "manifest.json"


def stored_files() -> Iterator[tuple[Storage, str]]:
    """(storage, name) of every file a row names, in every app."""
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                names = model._base_manager.exclude(**{field.name: ""}).values_list(
                    field.name, flat=True
                )
                for name in names.order_by(field.name).distinct():
                    yield field.storage, name


def _digest(handle) -> str:
    sha = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        sha.update(chunk)
    return sha.hexdigest()


def files_backup(folder: Path) -> int:
    manifest = {}
    for storage, name in stored_files():
        target = folder / name
        if not target.resolve().is_relative_to(folder.resolve()):
            raise ValueError(f"A stored file name leaves the folder: {name!r}")
        target.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, target.open("wb") as copy:
            for chunk in iter(lambda: source.read(1 << 20), b""):
                copy.write(chunk)
        with target.open("rb") as copy:
            manifest[name] = _digest(copy)
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return len(manifest)


def files_restore(folder: Path) -> int:
    """Every file of the manifest back under its own name; a file already there with the
    same bytes is left alone. Raises when a file cannot be put back exactly."""
    manifest: dict[str, str] = json.loads((folder / MANIFEST).read_text())
    storages = {name: storage for storage, name in stored_files()}
    for name, digest in manifest.items():
        storage = storages.get(name)
        if storage is None:
            raise ValueError(f"No row names {name!r}: restore the database first.")
        if storage.exists(name):
            with storage.open(name, "rb") as present:
                if _digest(present) == digest:
                    continue
            storage.delete(name)
        with (folder / name).open("rb") as source:
            saved = storage.save(name, File(source))
        if saved != name:
            raise ValueError(f"{name!r} came back as {saved!r}")
        with storage.open(name, "rb") as restored:
            if _digest(restored) != digest:
                raise ValueError(f"{name!r} does not match the backup")
    return len(manifest)
