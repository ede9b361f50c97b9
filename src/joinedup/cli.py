"""The `joinedup` command: every operator task, wrapping Django's management commands.

`joinedup serve`, `joinedup demo`, `joinedup verify-audit`, and any other management command
(`joinedup migrate`, `joinedup createsuperuser`, …) all honour DATABASE_URL.
"""

import os
import sys

ALIASES = {
    "verify-audit": "verify_audit",
    "import-observations": "import_observations",
    "export-ocds": "export_ocds",
}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    if len(argv) > 1:
        argv[1] = ALIASES.get(argv[1], argv[1])
    from django.core.management import execute_from_command_line

    execute_from_command_line(["joinedup", *argv[1:]])


if __name__ == "__main__":
    main()
