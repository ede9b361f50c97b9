from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from joinedup.outcomes import services
from joinedup.outcomes.importing import standard
from joinedup.outcomes.models import ImportMapping


class Command(BaseCommand):
    help = (
        "Import observations (or plans) from a CSV or XLSX file through a saved mapping. The "
        "whole file is checked first: any problem stops the import, changing nothing, and every "
        "problem is listed by line. The standard mappings for the NHS England data (ae-four-hour, "
        "ae-icb, ae-trust, bed-occupancy) are created on first use."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV or XLSX file")
        parser.add_argument("--mapping", required=True, help="the saved mapping's name")
        parser.add_argument(
            "--create-subjects",
            action="store_true",
            help="create subject codes the database does not know, as areas",
        )

    def handle(self, *args, file, mapping, create_subjects, **options):
        if mapping in standard.MAPPINGS and not ImportMapping.objects.filter(name=mapping).exists():
            services.ensure_standard_mappings()
            self.stdout.write("Created the standard mappings and the indicators they feed.")
        if not ImportMapping.objects.filter(name=mapping).exists():
            known = ", ".join(ImportMapping.objects.values_list("name", flat=True)) or "none"
            raise CommandError(f"There is no import mapping '{mapping}' (saved mappings: {known}).")
        try:
            result = services.import_observations(
                file=file, mapping=mapping, create_subjects=create_subjects
            )
        except ValidationError as error:
            problems = error.messages
            self.stderr.write(
                f"{file} was not imported: {len(problems)} problem(s), nothing changed."
            )
            for problem in problems:
                self.stderr.write(f"  {problem}")
            raise CommandError("The file was refused.") from None
        self.stdout.write(result.summary())
