"""An analyst writes the rules of a rating scheme in a form: the scores of each comparison and
the bands of mean score. A bad rule is named beside its field and nothing is saved."""

import pytest

from joinedup.core.audit_models import AuditEntry
from joinedup.core.choices import StaffRole
from joinedup.outcomes import services
from joinedup.outcomes.models import RatingScheme
from tests import factories

pytestmark = pytest.mark.django_db
BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def analyst(client):
    person = factories.person("analyst", roles=[StaffRole.ANALYST])
    client.force_login(person.user, backend=BACKEND)
    return client


def spine_counts(**changes) -> dict:
    form = {
        "name": "Three bands",
        "description": "Better scores 1, similar 0, worse -1.",
        "comparison": "benchmark",
        "score_better": "1",
        "score_similar": "0",
        "score_worse": "-1",
        "edges": "-0.5, 0.5",
        "band_1": "needs_most_improvement",
        "band_2": "making_progress",
        "band_3": "outstanding",
    }
    return {**form, **changes}


def test_an_analyst_adds_a_scheme_and_everyone_can_read_its_rules(analyst, client):
    response = analyst.post("/rating-schemes/new/", spine_counts())
    assert response.status_code == 302
    scheme = RatingScheme.objects.get(slug="three-bands")
    assert scheme.scores == {"better": 1.0, "similar": 0.0, "worse": -1.0}
    assert (scheme.edges, scheme.ratings) == (
        [-0.5, 0.5], ["needs_most_improvement", "making_progress", "outstanding"]
    )  # fmt: skip
    assert AuditEntry.objects.filter(action="rating_scheme.saved", object_id=str(scheme.pk))
    client.logout()
    page = client.get("/rating-schemes/").content.decode()
    assert "Three bands" in page
    assert "From -0.5 to below 0.5: making progress" in page


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"edges": "1.5, two"}, "edges", "numbers separated by commas"),
        ({"edges": "0.5, -0.5"}, "edges", "must rise"),
        ({"band_3": ""}, "band_1", "so give 3 ratings (not 2)"),
        (
            {"score_better": "", "score_similar": "", "score_worse": ""},
            "score_better",
            "at least one comparison",
        ),  # fmt: skip
        ({"name": ""}, "name", "Give the scheme a name"),
        ({"comparison": ""}, "comparison", "Choose how each indicator's latest figure"),
    ],
)
def test_a_bad_rule_is_named_beside_its_field_and_nothing_is_saved(
    analyst, changes, field, message
):
    response = analyst.post("/rating-schemes/new/", spine_counts(**changes))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert message in " ".join(errors[field])
    assert 'class="govuk-error-summary"' in response.content.decode()
    assert not RatingScheme.objects.exists()


def test_a_second_scheme_of_the_same_name_is_refused(analyst):
    analyst.post("/rating-schemes/new/", spine_counts())
    response = analyst.post("/rating-schemes/new/", spine_counts(description="Again"))
    assert response.status_code == 400
    assert "already a scheme" in " ".join(response.context["form"].errors["name"])
    assert RatingScheme.objects.count() == 1


def test_an_analyst_changes_a_presets_bands_and_the_form_starts_from_its_rules(analyst):
    segmentation, _ = services.ensure_rating_presets()
    form = analyst.get(f"/rating-schemes/{segmentation.slug}/edit/").context["form"]
    assert form.initial["edges"] == "1.5, 2.5, 3.5"
    assert form.initial["score_best"] == 1.0
    changed = {**form.initial, "edges": "1.25, 2.5, 3.75", "is_default": "on"}
    changed = {key: value for key, value in changed.items() if value is not None}
    response = analyst.post(f"/rating-schemes/{segmentation.slug}/edit/", changed)
    assert response.status_code == 302
    segmentation.refresh_from_db()
    assert segmentation.edges == [1.25, 2.5, 3.75]
    assert segmentation.is_default


def test_a_partner_without_the_analyst_role_cannot_change_a_scheme(client):
    segmentation, _ = services.ensure_rating_presets()
    person = factories.person("partner", organisation=factories.organisation())
    client.force_login(person.user, backend=BACKEND)
    response = client.post(f"/rating-schemes/{segmentation.slug}/edit/", {"edges": "9"})
    assert response.status_code == 403
    segmentation.refresh_from_db()
    assert segmentation.edges == [1.5, 2.5, 3.5]
