"""gunicorn's settings for `joinedup serve` (`--config python:joinedup.core.gunicorn_config`).

gunicorn reads this module in its master process, before any Django code: so it reads the
environment itself, by the same rules as settings.py (LOG_FORMAT defaults to json unless DEBUG).
"""

import os
from pathlib import Path


def _on(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _var_dir() -> Path:
    home = Path(os.environ.get("JOINEDUP_HOME", Path.cwd()))
    return Path(os.environ.get("JOINEDUP_VAR", home / "var")).resolve()


LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if _on("DEBUG") else "json")

# The access log as JSON, one object a request with its request id (the response's header).
access_log_format = "%(m)s %(U)s %(s)s"
logconfig_dict = (
    {
        "filters": {"request_id": {"()": "joinedup.core.logs.RequestIdFilter"}},
        "formatters": {
            "access": {"()": "joinedup.core.logs.GunicornAccessFormatter"},
            "json": {"()": "joinedup.core.logs.json_formatter"},
        },
        "handlers": {
            "access": {
                "class": "logging.StreamHandler",
                "formatter": "access",
                "stream": "ext://sys.stdout",
            },
            "error": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "filters": ["request_id"],
                "stream": "ext://sys.stderr",
            },
        },
        "root": {"level": "INFO", "handlers": ["error"]},
        "loggers": {
            "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
            "gunicorn.error": {"handlers": ["error"], "level": "INFO", "propagate": False},
        },
    }
    if LOG_FORMAT == "json"
    else {}
)

# Metrics from several workers: each writes its figures to files in one directory, which a
# scrape of any worker sums. The directory is emptied when gunicorn starts, as
# prometheus-client requires, and a dead worker's live gauges are dropped. prometheus-client
# chooses its mode when first imported, so the directory is named before anything imports it.
if _on("METRICS"):
    os.environ.setdefault(
        "PROMETHEUS_MULTIPROC_DIR",
        str(_var_dir() / "prometheus"),
    )


def on_starting(server):
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not (_on("METRICS") and directory):
        return
    Path(directory).mkdir(parents=True, exist_ok=True)
    for stale in Path(directory).glob("*.db"):
        stale.unlink()


def child_exit(server, worker):
    if _on("METRICS") and os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
