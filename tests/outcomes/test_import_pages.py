"""An analyst uploads a file of figures through a saved mapping: the whole file is checked, a
refused file changes nothing and its problems are listed beside the file field by line; unknown
subject codes can be created as areas in the same run."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from joinedup.core.choices import StaffRole
from joinedup.outcomes.models import ImportBatch, Observation, Subject
from tests import factories
from tests.outcomes import factories as outcomes_factories

pytestmark = pytest.mark.django_db
BACKEND = "django.contrib.auth.backends.ModelBackend"
GOOD = [("A", "Apr 2022", 90, 100), ("B", "Apr 2022", 45, 50), ("A", "May 2022", 80, 100)]


@pytest.fixture
def analyst(client, setting):
    person = factories.person("analyst", roles=[StaffRole.ANALYST])
    client.force_login(person.user, backend=BACKEND)
    return client


def upload(client, rows, **fields):
    file = SimpleUploadedFile("figures.csv", outcomes_factories.csv_bytes(rows), "text/csv")
    return client.post("/imports/new/", {"file": file, "mapping": "test-mapping", **fields})


def test_an_analyst_imports_a_file_and_sees_what_it_changed(analyst):
    response = upload(analyst, GOOD)
    assert response.status_code == 302
    assert Observation.objects.count() == 3
    page = analyst.get("/imports/").content.decode()
    assert "figures.csv" in page and "test-mapping" in page


def test_a_refused_file_lists_every_problem_beside_the_file_and_changes_nothing(analyst):
    rows = [*GOOD, ("B", "May 2022", 60, 50), ("A", "Someday", 1, 2)]
    response = upload(analyst, rows)
    assert response.status_code == 400
    problems = response.context["form"].errors["file"]
    assert any(p.startswith("line 5: the numerator of IND, 60, is above") for p in problems)
    assert any(p.startswith("line 6:") for p in problems)
    assert 'id="id_file-error"' in response.content.decode()
    assert (Observation.objects.count(), ImportBatch.objects.count()) == (0, 0)


def test_unknown_subject_codes_are_listed_then_created_as_areas_when_asked(analyst):
    rows = [*GOOD, ("NEW", "Apr 2022", 1, 2)]
    refused = upload(analyst, rows)
    assert "NEW" in " ".join(refused.context["form"].errors["file"])
    assert not Subject.objects.filter(code="NEW").exists()
    assert upload(analyst, rows, create_subjects="on").status_code == 302
    assert Subject.objects.filter(code="NEW").exists()


def test_a_partner_without_the_analyst_role_cannot_import(client, setting):
    person = factories.person("partner", organisation=factories.organisation())
    client.force_login(person.user, backend=BACKEND)
    assert upload(client, GOOD).status_code == 403
    assert client.get("/imports/").status_code == 403
    assert Observation.objects.count() == 0
