"""Schemathesis over the whole API, in-process: what `make test` and `make fuzz` share.

Every operation of the OpenAPI document is called with generated input, as a persona, against
a database that holds the demo partnership. Path parameters are drawn half from real records
(of every visibility, so the persona meets records it may and may not see) and half generated.
Each call runs in a transaction that is rolled back, so every call meets the same records.
"""

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import seed as fixed_seed
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from joinedup.api import api
from joinedup.commissioning import demo as commissioning_demo
from joinedup.commissioning.models import (
    Bid,
    Contract,
    ContractingProcess,
    Intention,
    KpiReturn,
    Specification,
)
from joinedup.core import demo as core_demo
from joinedup.core.models import Organisation, Person
from joinedup.core.services import issue_api_token
from joinedup.engagement import demo as engagement_demo
from joinedup.engagement.models import Consultation
from joinedup.governance import demo as governance_demo
from joinedup.governance.models import (
    AgendaItem,
    Body,
    Decision,
    Meeting,
    Membership,
    Paper,
    Recommendation,
)
from joinedup.outcomes import demo as outcomes_demo
from joinedup.outcomes.models import Indicator, Subject
from joinedup.programme import demo as programme_demo
from joinedup.programme.models import Benefit, MonthlyReturn, Programme, Project, Report, Risk

SEED = 20261122
NO_NHS_FILES = Path(__file__).resolve().parent  # a folder without the NHS England files
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]
PREFIX = "/api/v1"

# The records each path parameter names, by the path it appears in.
RECORDS: dict[str, Callable] = {
    "/organisations/{organisation_id}": lambda: Organisation.objects.values_list("pk"),
    "/bodies/{slug}": lambda: Body.objects.values_list("slug"),
    "/meetings/{meeting_id}": lambda: Meeting.objects.values_list("pk"),
    "/recommendations/{reference}": lambda: Recommendation.objects.values_list("reference"),
    "/decisions/{reference}": lambda: Decision.objects.values_list("reference"),
    "/oparl/organizations/{slug}": lambda: Body.objects.values_list("slug"),
    "/oparl/partners/{slug}": lambda: Organisation.objects.values_list("slug"),
    "/oparl/persons/{person_id}": lambda: Person.objects.values_list("pk"),
    "/oparl/memberships/{membership_id}": lambda: Membership.objects.values_list("pk"),
    "/oparl/meetings/{meeting_id}": lambda: Meeting.objects.values_list("pk"),
    "/oparl/agendaitems/{item_id}": lambda: AgendaItem.objects.values_list("pk"),
    "/oparl/papers/{paper_id}": lambda: Paper.objects.values_list("pk"),
    "/oparl/files/{paper_id}": lambda: Paper.objects.values_list("pk"),
    "/programmes/{slug}": lambda: Programme.objects.values_list("slug"),
    "/projects/{reference}": lambda: Project.objects.values_list("reference"),
    "/returns/{return_id}": lambda: MonthlyReturn.objects.values_list("pk"),
    "/risks/{reference}": lambda: Risk.objects.values_list("reference"),
    "/benefits/{benefit_id}": lambda: Benefit.objects.values_list("pk"),
    "/reports/{report_id}": lambda: Report.objects.values_list("pk"),
    "/indicators/{code}": lambda: Indicator.objects.values_list("code"),
    "/subjects/{code}": lambda: Subject.objects.values_list("code"),
    "/fhir/Measure/{code}": lambda: Indicator.objects.values_list("code"),
    "/commissioning/intentions/{slug}": lambda: Intention.objects.values_list("slug"),
    "/commissioning/specifications/{slug}": lambda: Specification.objects.values_list("slug"),
    "/commissioning/notices/{slug}": lambda: ContractingProcess.objects.values_list("slug"),
    "/commissioning/bids/{bid_id}": lambda: Bid.objects.values_list("pk"),
    "/commissioning/contracts/{slug}": lambda: Contract.objects.values_list("slug"),
    "/commissioning/kpi-returns/{return_id}": lambda: KpiReturn.objects.values_list("pk"),
    "/ocds/releases/{ocid}": lambda: ContractingProcess.objects.values_list("ocid"),
    "/ocds/records/{ocid}": lambda: ContractingProcess.objects.values_list("ocid"),
    "/consultations/{slug}": lambda: Consultation.objects.values_list("slug"),
}


def load_partnership(*, nhs_data: bool = False) -> None:
    """The demo partnership; the NHS England files (80,000 figures, 10 s) only when asked for."""
    core_demo.load()
    governance_demo.load()
    programme_demo.load()
    outcomes_demo.load(data_dir=None if nhs_data else NO_NHS_FILES)
    commissioning_demo.load()
    engagement_demo.load()


def bearer(username: str) -> dict[str, str]:
    """The Authorization header of a new API token for one of the demo's people."""
    person = Person.objects.get(user__username=username)
    _, token = issue_api_token(person=person, name="schemathesis")
    return {"Authorization": f"Bearer {token}"}


def load_schema() -> schemathesis.BaseSchema:
    """The OpenAPI document the API serves (the one in docs/openapi.json), called in-process."""
    document = json.loads(json.dumps(api.get_openapi_schema(path_prefix=f"{PREFIX}/")))
    schema = schemathesis.openapi.from_dict(document)
    schema.app = get_wsgi_application()
    return schema


def operations(schema) -> list:
    return [result.ok() for result in schema.get_all_operations()]


def records_for(path: str) -> list[dict[str, str]]:
    """Real values of the path's parameter, or none when the path has no parameter. A new
    operation with a path parameter fails here until RECORDS names its records."""
    relative = path.removeprefix(PREFIX)
    for template, values in RECORDS.items():
        if relative.startswith(template):
            name = template.rsplit("{", 1)[1].rstrip("}")
            return [{name: str(value)} for (value,) in values().order_by("pk")]
    if "{" in relative:
        raise LookupError(f"No records are named for {path}: add its parameter to RECORDS.")
    return []


def cases(operation, real: list[dict]):
    """Generated cases for the operation; half of them on real records when it names one."""
    generated = operation.as_strategy()
    if not real:
        return generated
    on_records = st.sampled_from(real).flatmap(
        lambda values: operation.as_strategy(path_parameters=values)
    )
    return st.one_of(on_records, generated)


@contextmanager
def requests_in_rolled_back_transactions() -> Iterator[None]:
    """Keep Django from closing the connection between requests, as its test client does, so
    that each call can run inside a transaction that is then undone."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def call_and_check(case, headers: dict[str, str]):
    """Call the operation, undo whatever it wrote, and check the response against the document."""
    if case.headers:  # the persona's credentials, not generated ones
        case.headers.pop("Authorization", None)
    with transaction.atomic():
        response = case.call(headers=headers)
        transaction.set_rollback(True)
    case.validate_response(response, checks=CHECKS)
    return response


@dataclass
class Tally:
    """The requests a run made, by the status of their answers."""

    requests: int = 0
    statuses: dict[int, int] = field(default_factory=dict)

    def count(self, response) -> None:
        self.requests += 1
        self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1


def fuzz(operation, *, headers: dict[str, str], examples: int, tally: Tally, seed: int = SEED):
    """Call one operation with `examples` generated cases, the same ones for the same seed and
    records; raise the (shrunk) failure if a response is a 5xx or breaks the document."""

    @fixed_seed(seed)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,  # nothing remembered between runs: the seed alone decides the cases
        suppress_health_check=list(HealthCheck),
        phases=["explicit", "generate", "shrink"],
    )
    @given(case=cases(operation, records_for(operation.path)))
    def run(case):
        tally.count(call_and_check(case, headers))

    run()
