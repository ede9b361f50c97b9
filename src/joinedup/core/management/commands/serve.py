import os
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Joined Up with gunicorn (static files through WhiteNoise)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3"))
        )
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "1")))

    def handle(self, *args, bind, workers, threads, **options):
        self.stdout.write(f"Serving Joined Up at http://{bind}/")
        self.stdout.flush()
        argv = [
            sys.executable, "-m", "gunicorn", "joinedup.wsgi:application",
            "--bind", bind, "--workers", str(workers), "--threads", str(threads),
            "--config", "python:joinedup.core.gunicorn_config", "--access-logfile", "-",
            "--forwarded-allow-ips", os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ]  # fmt: skip
        os.execv(sys.executable, argv)  # noqa: S606  # nosec B606  # a fixed argv: gunicorn and our config
