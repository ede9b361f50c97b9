from django.core.management.base import BaseCommand

from joinedup.core import demo


class Command(BaseCommand):
    help = "Load the Jersey Care Model demo partnership (idempotent: a second run changes nothing)."

    def handle(self, *args, **options):
        result = demo.load()
        self.stdout.write(
            f"Demo loaded: {result['organisations']} organisations and "
            f"{result['personas']} personas added."
        )
        self.stdout.write(f"Demo sign-ins (username, password): {result['logins_file']}")
