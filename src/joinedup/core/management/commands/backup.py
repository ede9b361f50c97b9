from django.core.management.base import BaseCommand, CommandError

from joinedup.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write the whole database and every uploaded file to one archive (a gzipped tar with a "
        "manifest of counts and checksums), read in one consistent snapshot."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the archive to write (it must not exist yet)")

    def handle(self, *args, path, **options):
        try:
            manifest = backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(table["rows"] for table in manifest.tables)
        verification = manifest.audit["verification"]
        chain = "verified" if verification["problem"] is None else "BROKEN"
        self.stdout.write(
            f"Backed up {rows} rows of {len(manifest.tables)} tables and {len(manifest.files)} "
            f"files to {path}; the audit chain ({verification['checked']} entries) is {chain}."
        )
