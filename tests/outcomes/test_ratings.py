"""Rating schemes: the presets of METHODS.md stored once, the rules of a scheme checked before
it is saved, and a rating read under a stored scheme's own comparison."""

import pytest
from django.core.exceptions import ValidationError

from joinedup.core.access import ANONYMOUS
from joinedup.outcomes import analysis, methods, services
from joinedup.outcomes.methods import Comparison
from joinedup.outcomes.models import RatingScheme
from tests.outcomes.matrix import build_outcomes_record

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "Three bands",
    "slug": "three-bands",
    "comparison": "benchmark",
    "scores": {"better": 1, "similar": 2, "worse": 3},
    "edges": [1.5, 2.5],
    "ratings": ["advanced", "making_progress", "needs_most_improvement"],
}


def test_the_presets_are_the_methods_schemes_and_a_second_call_changes_nothing():
    first = services.ensure_rating_presets()
    assert [s.slug for s in first] == ["segmentation", "spine-counts"]
    assert first[0].as_method() == methods.SEGMENTATION
    assert first[0].as_method().scores == methods.SEGMENTATION.scores
    assert first[1].as_method().scores == methods.SPINE_COUNTS.scores
    assert first[0].is_default and first[0].two_level and not first[1].two_level
    assert services.ensure_rating_presets() == first
    assert RatingScheme.objects.count() == 2


def test_a_scheme_round_trips_through_the_methods_scheme():
    fields = services.rating_scheme_fields(methods.SPINE_COUNTS)
    scheme = services.save_rating_scheme(name="Copy", slug="copy", comparison="benchmark", **fields)
    assert scheme.as_method().edges == methods.SPINE_COUNTS.edges
    assert scheme.as_method().ratings == methods.SPINE_COUNTS.ratings


@pytest.mark.parametrize(
    "change, message",
    [
        ({"edges": [2.5, 1.5]}, "must rise"),
        ({"edges": [1.5, 1.5]}, "must rise"),
        ({"edges": ["low", 2]}, "list of numbers"),
        ({"ratings": ["advanced", "making_progress"]}, r"give 3 ratings \(not 2\)"),
        ({"ratings": ["advanced", "good", "poor"]}, "must be one of"),
        ({"ratings": ["not_rated", "advanced", "outstanding"]}, "must be one of"),
        ({"scores": {"splendid": 1}}, "Unknown comparison splendid"),
        ({"scores": {"better": "one"}}, "is not a number"),
        ({"scores": {}}, "at least one comparison"),
        ({"comparison": "gut_feeling"}, "not a kind of comparison"),
    ],
)
def test_a_scheme_with_bad_rules_is_refused_with_a_message(change, message):
    with pytest.raises(ValidationError, match=message):
        services.save_rating_scheme(**{**GOOD, **change})
    assert not RatingScheme.objects.exists()


def test_a_second_scheme_cannot_take_a_name_in_use():
    services.save_rating_scheme(**GOOD)
    with pytest.raises(ValidationError, match="Another rating scheme is called"):
        services.save_rating_scheme(**{**GOOD, "slug": "other"})


def test_a_new_default_takes_over_from_the_old():
    services.ensure_rating_presets()
    services.save_rating_scheme(**GOOD, is_default=True)
    assert list(RatingScheme.objects.filter(is_default=True).values_list("slug", flat=True)) == [
        "three-bands"
    ]


def test_a_one_level_scheme_compares_at_95_percent_only(partner_a):
    records = build_outcomes_record(partner_a=partner_a)
    scheme = services.save_rating_scheme(**GOOD)
    explanation = analysis.rate_under(records["a"], ANONYMOUS, scheme)
    (rated,) = explanation.themes[0].members[0].members
    assert rated.comparison == rated.result.benchmark == Comparison.BETTER
    assert rated.score == 1.0
    two = analysis.rate(records["a"], ANONYMOUS)
    assert two.themes[0].members[0].members[0].comparison in (Comparison.BETTER, Comparison.BEST)
