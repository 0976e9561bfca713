from pathlib import Path

from django.core.management.base import BaseCommand

from privacy.backup import files_restore


class Command(BaseCommand):
    help = "Put the uploaded files of a backup folder back, after the database was restored."

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder: Path, **options) -> None:
        self.stdout.write(f"{files_restore(folder)} files restored from {folder}")
