"""The operations settings an operator sets in the environment: object storage for uploads, the
log format, and refusals of settings that cannot work."""

import json
import os
import subprocess
import sys

SHOW = "import json, joinedup.settings as s; print(json.dumps({name}, default=str))"


def settings_with(name: str, **environment) -> subprocess.CompletedProcess:
    env = {**os.environ, **environment}
    return subprocess.run(
        [sys.executable, "-c", SHOW.format(name=name)], env=env, capture_output=True, text=True
    )


def test_uploads_can_go_to_a_private_s3_bucket(tmp_path):
    secret = tmp_path / "aws-secret"
    secret.write_text("from-a-file\n")
    loaded = settings_with(
        "s.STORAGES['default']", STORAGE_BACKEND="s3", AWS_STORAGE_BUCKET_NAME="joinedup-papers",
        AWS_S3_ENDPOINT_URL="https://minio.internal:9000", AWS_ACCESS_KEY_ID="joinedup",
        AWS_SECRET_ACCESS_KEY_FILE=str(secret),
    )  # fmt: skip
    storage = json.loads(loaded.stdout)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "joinedup-papers"
    assert storage["OPTIONS"]["endpoint_url"] == "https://minio.internal:9000"
    assert storage["OPTIONS"]["secret_key"] == "from-a-file"
    assert storage["OPTIONS"]["default_acl"] == "private"


def test_uploads_stay_on_the_local_filesystem_by_default():
    loaded = settings_with("s.STORAGES['default']")
    assert json.loads(loaded.stdout) == {"BACKEND": "joinedup.core.storage.CleanFileSystemStorage"}


def test_settings_that_cannot_work_are_refused_at_start():
    refusals = {
        "STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME.": {"STORAGE_BACKEND": "s3"},
        "STORAGE_BACKEND must be 'filesystem' or 's3'.": {"STORAGE_BACKEND": "ftp"},
        "LOG_FORMAT must be 'json' or 'text'.": {"LOG_FORMAT": "xml"},
    }
    for message, environment in refusals.items():
        loaded = settings_with("None", **environment)
        assert loaded.returncode != 0
        assert message in loaded.stderr


def test_logs_are_json_in_production_and_text_when_debugging():
    assert json.loads(settings_with("s.LOG_FORMAT", DEBUG="0").stdout) == "json"
    assert json.loads(settings_with("s.LOG_FORMAT", DEBUG="1").stdout) == "text"
