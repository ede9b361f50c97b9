"""The outcomes demo: the standards with their targets, the real A&E data imported with England
summed from it, Jersey's synthetic figures labelled with plans, systems rated; a second load
adds nothing; without the data folder the real part is skipped, not failed."""

import csv
from collections import defaultdict
from datetime import date

import pytest
from django.db import transaction
from django.test import override_settings

from joinedup.core import demo as core_demo
from joinedup.core.access import ANONYMOUS
from joinedup.core.audit import verify_chain
from joinedup.outcomes import analysis, demo, queries
from joinedup.outcomes.choices import SubjectKind
from joinedup.outcomes.methods import Rating
from joinedup.outcomes.models import ImportBatch, Indicator, Observation, Plan, Subject

pytestmark = pytest.mark.django_db

ENGLAND = "E92000001"
needs_data = pytest.mark.skipif(
    not (demo.DATA_DIR / "ae_attendances.csv").is_file(), reason="no data files"
)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """Load the core and outcomes demos once for the module, rolled back at the end."""
    tmp = tmp_path_factory.mktemp("demo")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=fast),
        transaction.atomic(),
    ):
        core_demo.load(logins_file=tmp / "logins.txt")
        yield demo.load()
        transaction.set_rollback(True)


def test_the_constitutional_standards_have_their_targets(loaded):
    targets = dict(Indicator.objects.values_list("code", "target"))
    assert targets["AE-4H-ALL"] == targets["AE-4H-T1"] == 95.0
    assert targets["RTT-18W"] == 92.0 and targets["CANCER-62D"] == 85.0
    assert targets["BEDS-GA-OCC"] == 85.0 and targets["DTOC"] == 3.5
    assert Indicator.objects.get(code="DTOC").polarity == "lower_is_better"
    assert not Indicator.objects.filter(priority_area__isnull=True).exists()


@needs_data
def test_englands_four_hour_performance_is_the_files_providers_summed(loaded):
    attendances, seen = defaultdict(float), defaultdict(float)
    with (demo.DATA_DIR / "ae_attendances.csv").open() as handle:
        for row in csv.DictReader(handle):
            if row["period"] == "2017-03-01":
                attendances[row["type"]] += float(row["attendances"])
                seen[row["type"]] += float(row["attendances"]) - float(row["breaches"])
    england = Subject.objects.get(code=ENGLAND)
    figures = Observation.objects.filter(subject=england, period_start=date(2017, 3, 1))
    every_type = figures.get(indicator__code="AE-4H-ALL")
    assert every_type.value == pytest.approx(
        sum(seen.values()) / sum(attendances.values()) * 100, rel=1e-12
    )
    assert figures.get(indicator__code="AE-4H-T1").value == pytest.approx(
        seen["1"] / attendances["1"] * 100, rel=1e-12
    )
    assert not every_type.synthetic and "not a published" in every_type.source
    assert set(ImportBatch.objects.values_list("mapping__name", flat=True)) == {
        name for _, name in demo.FILES
    }
    assert Subject.objects.filter(kind=SubjectKind.SYSTEM, parent=england).count() == 42
    assert Indicator.objects.get(code="AE-4H-ALL").benchmark_label == "England, Jul 2025"


def test_jerseys_figures_are_synthetic_and_labelled_with_plans(loaded):
    jersey = Subject.objects.get(code="JE")
    assert set(jersey.members.values_list("code", flat=True)) == set(demo.data.PARTNERS.values())
    figures = Observation.objects.filter(subject__code__startswith="JE")
    assert figures.count() > 300
    assert not figures.filter(synthetic=False).exists()
    assert not figures.exclude(source__contains=demo.SYNTHETIC).exists()
    assert not Observation.objects.filter(synthetic=True).exclude(subject__in=figures.values(
        "subject"
    )).exists()  # fmt: skip
    series = analysis.series(Indicator.objects.get(code="JCM-COMM-SPEND"), jersey)
    assert len(series.results) == 12 and all(r.synthetic for r in series.results)
    assert series.plan[-1] == 30.0
    assert Plan.objects.filter(subject=jersey, synthetic=True).count() > 36
    # a parent's count is its members' summed
    coaching = Indicator.objects.get(code="JCM-COACH")
    (summed,) = [
        g for g in queries.aggregate_members(coaching, jersey, period_type="month")
        if g.period.start == date(2024, 3, 1)
    ]  # fmt: skip
    assert (
        Observation.objects.get(
            indicator=coaching, subject=jersey, period_start=date(2024, 3, 1)
        ).value
        == summed.value
    )


def test_the_programme_benefits_indicator_has_jerseys_figures(loaded):
    jersey = Subject.objects.get(code="JE")
    assert queries.figure_series(Indicator.objects.get(code="AE-4H-ALL"), jersey).count() == 36


@needs_data
def test_a_system_and_jersey_get_ratings_that_explain_themselves(loaded):
    system = Subject.objects.filter(kind=SubjectKind.SYSTEM).first()
    rated = analysis.rate(system, ANONYMOUS)
    assert rated.rating != Rating.NOT_RATED
    (hospital, *_) = rated.themes
    (urgent, *_) = hospital.members
    assert {r.indicator.code for r in urgent.members if r.result} >= {"AE-4H-ALL", "EA-4H-WAIT"}
    jersey = analysis.rate(Subject.objects.get(code="JE"), ANONYMOUS)
    assert jersey.rating != Rating.NOT_RATED
    assert len({t.rating for t in jersey.themes}) > 1 or jersey.themes[0].members


def test_the_rating_presets_are_there(loaded):
    from joinedup.outcomes.models import RatingScheme

    assert RatingScheme.objects.count() >= 2


def test_a_second_load_adds_nothing(loaded):
    before = demo._counts()
    again = demo.load()
    assert {v for k, v in again.items() if k != "real_data"} == {0}
    assert demo._counts() == before
    assert verify_chain().ok


def test_without_the_data_folder_the_real_part_is_skipped(tmp_path):
    batches = ImportBatch.objects.count()
    result = demo.load(data_dir=tmp_path)
    assert result["real_data"].startswith("skipped") and str(tmp_path) in result["real_data"]
    assert ImportBatch.objects.count() == batches
    assert Observation.objects.filter(subject__code="JE", synthetic=True).exists()
