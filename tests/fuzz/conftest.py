"""One demo partnership for the whole fuzz module, loaded once and rolled back at its end."""

import pytest
from django.db import transaction
from django.test import override_settings

from tests.fuzz import harness

SIGNED_IN = "admin"  # sees every record, so the most answers are checked against the document


@pytest.fixture(scope="module")
def partnership(django_db_setup, django_db_blocker):
    """The Authorization headers of the two personas, over the demo partnership's records."""
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with (
        django_db_blocker.unblock(),
        harness.requests_in_rolled_back_transactions(),
        transaction.atomic(),
        fast_hashing,
    ):
        harness.load_partnership()
        yield {"anonymous": {}, "signed in": harness.bearer(SIGNED_IN)}
        transaction.set_rollback(True)
