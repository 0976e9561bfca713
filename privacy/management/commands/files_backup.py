from pathlib import Path

from django.core.management.base import BaseCommand

from privacy.backup import files_backup


class Command(BaseCommand):
    help = "Copy every uploaded file the database names into a folder, with a manifest."

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder: Path, **options) -> None:
        self.stdout.write(f"{files_backup(folder)} files in {folder}")
