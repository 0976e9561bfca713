from django.core.management.base import BaseCommand

from privacy.services import retention_apply


class Command(BaseCommand):
    help = "Anonymise the personal data whose retention period has passed, and say what changed."

    def handle(self, *args, **options) -> None:
        run = retention_apply()
        for name, count in sorted(run.results.items()):
            self.stdout.write(f"{name}: {count}")
