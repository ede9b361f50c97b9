from django.core.management.base import BaseCommand, CommandError

from joinedup.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore an archive written by `joinedup backup` into an empty database and its file "
        "storage: the archive is checked whole first, the database is migrated, every row is "
        "loaded in one transaction, and it commits only if every count and the audit chain "
        "match the backup's."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the archive written by `joinedup backup`")

    def handle(self, *args, path, **options):
        try:
            result = restore(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored {result.rows} rows of {result.tables} tables and {result.files} files "
            f"from {path}; the audit chain verifies as it did ({result.audit_entries} entries)."
        )
