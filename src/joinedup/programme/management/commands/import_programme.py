"""Import projects, milestones or risks into a programme from a CSV or XLSX file."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from joinedup.programme.importing import KINDS, import_programme_file
from joinedup.programme.models import Programme


class Command(BaseCommand):
    help = (
        "Import projects, milestones or risks into a programme from a CSV or XLSX file, as "
        "exported from Project Online or a spreadsheet. The file is checked whole: any bad row "
        "refuses it, naming every problem by line, and nothing is changed. The columns are "
        "described in joinedup/programme/importing.py."
    )

    def add_arguments(self, parser):
        parser.add_argument("--programme", required=True, help="The programme's slug.")
        parser.add_argument("--kind", required=True, choices=KINDS)
        parser.add_argument("--by", help="The importing person's username, for the audit log.")
        parser.add_argument("file", help="The CSV or XLSX file.")

    def handle(self, *args, **options):
        programme = Programme.objects.filter(slug=options["programme"]).first()
        if programme is None:
            raise CommandError(f"There is no programme “{options['programme']}”.")
        by = None
        if options["by"]:
            by = get_user_model().objects.filter(username=options["by"]).first()
            if by is None:
                raise CommandError(f"There is no user “{options['by']}”.")
        try:
            result = import_programme_file(
                programme=programme, kind=options["kind"], file=options["file"], by=by
            )
        except FileNotFoundError:
            raise CommandError(f"There is no file {options['file']}.") from None
        except ValidationError as error:
            problems = "\n".join(f"  {message}" for message in error.messages)
            raise CommandError(f"Nothing was imported:\n{problems}") from None
        self.stdout.write(f"Imported {result}")
