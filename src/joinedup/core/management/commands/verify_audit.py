from django.core.management.base import BaseCommand, CommandError

from joinedup.core.audit import verify_chain


class Command(BaseCommand):
    help = "Check the whole audit chain and name the first broken link."

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"Audit chain broken at entry #{report.bad_seq}: {report.problem} "
                f"({report.checked} entries verified before it)."
            )
        self.stdout.write(f"Audit chain verified: {report.checked} entries, no broken link.")
