"""Fixtures for the tests that run real web processes against the test database."""

import pytest
from django.db import connection


@pytest.fixture
def postgresql():
    """Skip (before any database is set up) unless the tests run against PostgreSQL."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL: the web processes must share the test database, and SQLite's "
            "test database lives in this process's memory."
        )


@pytest.fixture
def shared_db(postgresql, transactional_db, django_db_serialized_rollback):
    """A PostgreSQL database the web processes can read: the test's writes are committed, and
    the rows the migrations put there (the audit chain's head) are put back after the test
    empties it."""
