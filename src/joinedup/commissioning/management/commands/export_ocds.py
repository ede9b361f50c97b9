"""`joinedup export-ocds DIR`: write the Open Contracting publication as files.

One release package and one record package per published contracting process, named by its
ocid: `<ocid>.release-package.json` and `<ocid>.record-package.json` — the same packages the API
serves at /api/v1/ocds/releases/<ocid> and /api/v1/ocds/records/<ocid> for the same base URL.
Every package is run through our own checks first; a package with problems is still written, the
problems are listed, and the command fails so that a scheduled export is noticed.
"""

import json
import os
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from joinedup.commissioning.ocds import checks, packages

SAFE = re.compile(r"[^A-Za-z0-9._-]")


def file_stem(ocid: str) -> str:
    return SAFE.sub("_", ocid)


class Command(BaseCommand):
    help = (
        "Write one OCDS release package and one record package per published contracting "
        "process into DIR, named by ocid."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="Where to write the files.")
        parser.add_argument(
            "--base-url",
            default=os.environ.get("JOINEDUP_PUBLIC_URL", "http://localhost:8000"),
            help="The site's public address, for the packages' URIs "
            "(default: $JOINEDUP_PUBLIC_URL or http://localhost:8000).",
        )

    def handle(self, *args, directory, base_url, **options):
        target = self._directory(directory)
        if not re.match(r"^https?://[^/\s]+", base_url):
            raise CommandError(f"--base-url must be an http(s) address, not {base_url!r}.")
        base_url = base_url.rstrip("/")
        problems = []
        written = 0
        for process in packages.published_processes():
            release_package = packages.release_package(process, base_url=base_url)
            record_package = packages.record_package(process, base_url=base_url)
            problems += [
                f"{process.ocid} release package {problem}"
                for problem in checks.check_release_package(release_package, ocid=process.ocid)
            ]
            problems += [
                f"{process.ocid} record package {problem}"
                for problem in checks.check_record_package(record_package, ocid=process.ocid)
            ]
            stem = file_stem(process.ocid)
            for suffix, package in (("release", release_package), ("record", record_package)):
                path = target / f"{stem}.{suffix}-package.json"
                path.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", "utf-8")
            written += 1
        self.stdout.write(
            f"Wrote {written * 2} files for {written} contracting processes to {target}."
        )
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(problems)} problems found in the packages (listed above).")

    def _directory(self, directory: str) -> Path:
        target = Path(directory)
        if target.exists() and not target.is_dir():
            raise CommandError(f"{directory} is not a directory.")
        if not target.exists():
            if not target.parent.is_dir():
                raise CommandError(
                    f"{directory} does not exist, and neither does its parent {target.parent}."
                )
            try:
                target.mkdir()
            except OSError as error:
                raise CommandError(f"Cannot create {directory}: {error.strerror}.") from None
        if not os.access(target, os.W_OK | os.X_OK):
            raise CommandError(f"Cannot write to {directory}: permission denied.")
        return target
