"""Schemathesis over every operation of the API, anonymous and signed in: no answer is a server
error, and every answer has a documented status and matches its documented schema.

A fixed seed and a few examples per operation keep this run the same each time and short;
`make fuzz` (bench/fuzz.py) runs the same with many more examples and every demo persona.
"""

import pytest

from tests.fuzz import harness

pytestmark = pytest.mark.django_db  # sets up the test database; the records are the module's

EXAMPLES = 8
OPERATIONS = harness.operations(harness.load_schema())


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_anonymous_callers_get_documented_answers(operation, partnership):
    harness.fuzz(
        operation, headers=partnership["anonymous"], examples=EXAMPLES, tally=harness.Tally()
    )


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_signed_in_callers_get_documented_answers(operation, partnership):
    harness.fuzz(
        operation, headers=partnership["signed in"], examples=EXAMPLES, tally=harness.Tally()
    )
