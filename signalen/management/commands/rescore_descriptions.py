from django.core.management.base import BaseCommand

from signalen.services import descriptions_rescore


class Command(BaseCommand):
    help = (
        "Score every kept description again with the description check as it is now, for the "
        "reporting watch and the admin's counts. Changes no signal."
    )

    def handle(self, *args, **options) -> None:
        result = descriptions_rescore()
        self.stdout.write(
            f"signals: {result.signals}\n"
            f"asked about appearance or origin now: {result.flagged}\n"
            f"of which not flagged while written: {result.newly_flagged}\n"
            f"asked about a diagnosis (care signals): {result.diagnosis}"
        )
