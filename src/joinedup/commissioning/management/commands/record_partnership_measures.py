from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from joinedup.commissioning.services.plans import record_partnership_measures
from joinedup.outcomes import periods


class Command(BaseCommand):
    help = (
        "Record the strategy's partnership measures (how many partnerships, the care settings "
        "they cover, the organisations and small partners in them, and how many opted out) for "
        "one quarter, as observations of the CP-… outcomes indicators. Run it each quarter; "
        "running it again for the same quarter corrects that quarter's figures."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--period",
            help="the quarter, such as 'Q1 2025' or '2025-01-01' (default: the current quarter)",
        )

    def handle(self, *args, period=None, **options):
        try:
            quarter = (
                periods.parse_period(period, periods.QUARTER)
                if period
                else periods.containing(timezone.localdate(), periods.QUARTER)
            )
        except periods.PeriodError as error:
            raise CommandError(f"'{period}' is not a quarter: {error}.") from None
        try:
            figures = record_partnership_measures(period=quarter)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"Partnership measures for {quarter.label}:")
        for code, value in figures.items():
            self.stdout.write(f"  {code}: {value}")
