"""Find a tender and its API list take the same number of queries however many notices there
are: each notice's status comes from prefetched awards and lots and a count of unanswered
questions, not from queries of its own."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.commissioning import procurement_factories as make

pytestmark = pytest.mark.django_db


def queries_for(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def notices(by, count, *, start):
    for number in range(count):
        make.notice(by=by, start=start, title=f"Home care notice {start:%j}-{number}")


@pytest.mark.parametrize("path", ["/tenders/", "/api/v1/commissioning/notices"])
def test_find_a_tender_takes_the_same_queries_for_two_notices_or_eight(client, path):
    by = make.commissioner()
    now = timezone.now()
    notices(by, 1, start=now)
    notices(by, 1, start=now - timedelta(days=30))  # past its deadline: in evaluation
    few = queries_for(client, path)
    notices(by, 3, start=now)
    notices(by, 3, start=now - timedelta(days=30))
    assert queries_for(client, path) == few
