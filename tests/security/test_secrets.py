"""Secrets come only from the environment, or from files named by NAME_FILE (Docker and
Kubernetes secrets); settings.py holds no secret of its own."""

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import joinedup.settings

SECRETS = {
    "SECRET_KEY": "file-secret-key-" + "k" * 50,
    "EMAIL_HOST_PASSWORD": "smtp password from a file",
    "METRICS_TOKEN": "metrics token from a file",
    "AWS_ACCESS_KEY_ID": "AKIAFROMAFILE",
    "AWS_SECRET_ACCESS_KEY": "aws secret from a file",
}
SECRET_NAME = ("SECRET", "PASSWORD", "TOKEN", "ACCESS_KEY")
PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
storage = settings.STORAGES["default"].get("OPTIONS", {})
print(json.dumps({
    "SECRET_KEY": settings.SECRET_KEY,
    "DATABASE_NAME": str(settings.DATABASES["default"]["NAME"]),
    "EMAIL_HOST_PASSWORD": settings.EMAIL_HOST_PASSWORD,
    "METRICS_TOKEN": settings.JOINEDUP_METRICS_TOKEN,
    "AWS_ACCESS_KEY_ID": storage.get("access_key"),
    "AWS_SECRET_ACCESS_KEY": storage.get("secret_key"),
}))
"""


def _environment(tmp_path, **extra) -> dict:
    """The test run's environment without any of the secrets, plus `extra`."""
    names = {*SECRETS, "DATABASE_URL"}
    env = {
        key: value
        for key, value in os.environ.items()
        if key.removesuffix("_FILE") not in names and not key.startswith(("SECURE_", "STATIC_"))
    }
    return {**env, "DEBUG": "0", "JOINEDUP_VAR": str(tmp_path), **extra}


def _secret_files(tmp_path) -> dict:
    files = {}
    for name, value in {**SECRETS, "DATABASE_URL": f"sqlite:///{tmp_path}/from-file.db"}.items():
        path = tmp_path / f"{name.lower()}.txt"
        path.write_text(value + "\n")  # as `echo` or a secrets manager writes it
        files[f"{name}_FILE"] = str(path)
    return files


def _run(env, *args):
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, check=False
    )


def test_every_secret_can_come_from_a_file_named_by_name_file(tmp_path):
    env = _environment(
        tmp_path, STORAGE_BACKEND="s3", AWS_STORAGE_BUCKET_NAME="papers", **_secret_files(tmp_path)
    )
    result = _run(env, "-c", PRINT_SETTINGS)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen.pop("DATABASE_NAME") == str(tmp_path / "from-file.db")
    assert seen == SECRETS


def test_a_file_wins_over_a_variable_of_the_same_name(tmp_path):
    env = _environment(tmp_path, SECRET_KEY="from-the-variable", **_secret_files(tmp_path))
    result = _run(env, "-c", PRINT_SETTINGS)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["SECRET_KEY"] == SECRETS["SECRET_KEY"]


def test_check_deploy_is_clean_with_every_secret_from_a_file(tmp_path):
    env = _environment(tmp_path, ALLOWED_HOSTS="joinedup.example.je", **_secret_files(tmp_path))
    result = _run(env, "-m", "joinedup.cli", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_missing_secret_file_stops_the_start_rather_than_running_without_it(tmp_path):
    env = _environment(tmp_path, SECRET_KEY_FILE=str(tmp_path / "not-there"))
    result = _run(env, "-m", "joinedup.cli", "check")
    assert result.returncode != 0
    assert "not-there" in result.stderr


def _secret_literals(tree) -> list[str]:
    """Names that look like secrets and are given a string literal rather than env(...)."""
    found = []
    for node in ast.walk(tree):
        pairs = []
        if isinstance(node, ast.Assign):
            pairs = [(t.id, node.value) for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.Dict):
            pairs = [
                (k.value, v) for k, v in zip(node.keys, node.values, strict=True)
                if isinstance(k, ast.Constant) and isinstance(k.value, str)
            ]  # fmt: skip
        for name, value in pairs:
            secret_like = any(word in name.upper() for word in SECRET_NAME)
            if secret_like and isinstance(value, ast.Constant) and value.value:
                found.append(f"{name} = {value.value!r} (line {value.lineno})")
    return found


def test_settings_hold_no_secret_but_the_debug_only_development_key():
    source = Path(joinedup.settings.__file__).read_text()
    literals = _secret_literals(ast.parse(source))
    assert literals == [
        f"SECRET_KEY = 'insecure-development-key-only-for-debug' (line {_line_of(source)})"
    ]
    # Production never reaches it: with DEBUG off, a missing SECRET_KEY stops the start
    # (tests/core/test_security.py::test_production_settings_refuse_to_start_without_a_secret_key).


def _line_of(source: str) -> int:
    return source[: source.index("insecure-development-key")].count("\n") + 1


@pytest.mark.parametrize("name", ["SECRET_KEY", "DATABASE_URL", "EMAIL_HOST_PASSWORD"])
def test_the_secrets_are_read_through_env_so_name_file_works_for_each(name):
    source = Path(joinedup.settings.__file__).read_text()
    assert f'env("{name}"' in source
    assert f'os.environ.get("{name}"' not in source
