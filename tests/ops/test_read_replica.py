"""With a read replica (DATABASE_REPLICA_URL), anonymous visitors' reads go to it; anyone signed
in, and every write, stays on the primary. Tested with both aliases on the test database, told
apart by the name each connection gives PostgreSQL."""

import pytest
from django.db import connection
from django.test import RequestFactory

from joinedup.core import services
from joinedup.core.db_routers import may_read_from_replica
from tests import factories
from tests.ops.servers import postgres_url, start_web_process


@pytest.mark.parametrize(
    "method, headers, cookies, expected",
    [
        ("get", {}, {}, True),
        ("head", {}, {}, True),
        ("post", {}, {}, False),
        ("get", {}, {"sessionid": "abc"}, False),
        ("get", {"Authorization": "Bearer t"}, {}, False),
    ],
)
def test_only_anonymous_reads_may_go_to_the_replica(method, headers, cookies, expected):
    request = getattr(RequestFactory(), method)("/partners/", headers=headers)
    request.COOKIES.update(cookies)
    assert may_read_from_replica(request) is expected


def connected_as() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT application_name FROM pg_stat_activity WHERE datname = current_database()"
        )
        return {name for (name,) in cursor.fetchall() if name.startswith("joinedup_")}


@pytest.mark.usefixtures("shared_db")
def test_anonymous_reads_go_to_the_replica_and_signed_in_reads_to_the_primary(tmp_path):
    member = factories.person("replica_reader", organisation=factories.organisation("Partner A"))
    _token, secret = services.issue_api_token(person=member, name="replica test")
    web = start_web_process(
        tmp_path,
        DATABASE_URL=postgres_url() + "?application_name=joinedup_primary",
        DATABASE_REPLICA_URL=postgres_url() + "?application_name=joinedup_replica",
    )
    try:
        signed_in = web.get("/api/v1/organisations", headers={"Authorization": f"Bearer {secret}"})
        assert signed_in.status_code == 200
        assert connected_as() == {"joinedup_primary"}
        assert web.get("/api/v1/organisations").status_code == 200
        assert connected_as() == {"joinedup_primary", "joinedup_replica"}
    finally:
        web.stop()
