"""Email the commissioners the reminders due today: before each contract's end and before each
extension decision, at the number of days set per contract. Each is sent once and recorded."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from joinedup.commissioning.services.contracts import send_contract_reminders


class Command(BaseCommand):
    help = "Send the contract reminders that are due (each once) and record them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--on", help="Send as if today were this day (YYYY-MM-DD); for catching up."
        )

    def handle(self, *args, on=None, **options):
        day = None
        if on:
            try:
                day = date.fromisoformat(on)
            except ValueError as exc:
                raise CommandError(f"'{on}' is not a date: write it as YYYY-MM-DD.") from exc
        sent = send_contract_reminders(on=day)
        for reminder in sent:
            self.stdout.write(
                f"{reminder.get_kind_display()}: {reminder.contract} ({reminder.about_on})"
            )
        self.stdout.write(f"{len(sent)} reminder{'' if len(sent) == 1 else 's'} sent.")
