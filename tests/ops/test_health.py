"""A load balancer asks each web process whether it is alive and whether it can serve."""

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

pytestmark = pytest.mark.django_db


def test_it_answers_healthz_without_a_session_or_a_cookie(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert not response.cookies
    assert "no-cache" in response["Cache-Control"]


def test_it_is_ready_when_the_database_answers_with_every_migration_applied(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert not response.cookies
    assert "no-cache" in response["Cache-Control"]


def test_it_is_not_ready_while_a_migration_is_unapplied(client):
    MigrationRecorder(connection).migration_qs.filter(app="core", name="0002_audit_head").delete()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "reason": "Migrations not applied: 1; run `joinedup migrate`.",
    }


def test_health_checks_are_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/partners/").status_code == 301
