"""Load N partner organisations into DATABASE_URL: `python -m bench.load 10000`.

The demo's departments and partners go through `services.create_organisation` (validated and
audited); the rest are bulk-inserted with their care settings, which skips the audit chain but
is otherwise the same data: mostly public, some partnership-only, a few inactive.
"""

import os
import random
import sys
from datetime import date, timedelta

PLACES = [
    "St Helier", "St Saviour", "St Clement", "Grouville", "St Martin", "Trinity", "St John",
    "St Mary", "St Ouen", "St Peter", "St Lawrence", "St Brelade", "Gorey", "La Rocque",
    "Les Quennevais", "First Tower", "Havre des Pas", "Five Oaks", "Bel Royal", "Millbrook",
]  # fmt: skip
THEMES = [
    "Home Care", "Care Home", "Carers", "Community Care", "Mental Health", "Wellbeing", "Youth",
    "Family Support", "Day Centre", "Dementia Support", "Hospice", "Recovery", "Nursing",
    "Disability", "Older People's", "Health Centre", "Medical Practice", "Pharmacy",
    "Befriending", "Foodbank",
]  # fmt: skip
SUFFIXES = {
    "voluntary_and_community": ["Association", "Trust", "Charity", "Network", "Friends"],
    "private_provider": ["Ltd", "Services", "Group"],
    "social_enterprise": ["CIC", "Cooperative"],
    "primary_care": ["Practice", "Partnership"],
    "health_service": ["Service", "Unit"],
    "government_department": ["Office", "Directorate"],
    "regulator": ["Board", "Commission"],
}
KIND_WEIGHTS = {
    "voluntary_and_community": 40, "private_provider": 25, "social_enterprise": 12,
    "primary_care": 10, "health_service": 5, "government_department": 5, "regulator": 3,
}  # fmt: skip
SIZE_WEIGHTS = {"micro": 30, "small": 40, "medium": 20, "large": 10}
CARE_SETTING_COUNTS = [1, 1, 2, 2, 2, 3, 4]


def load(count: int, seed: int = 2025) -> dict:
    from django.db import connection, transaction
    from django.utils.text import slugify

    from joinedup.core import demo
    from joinedup.core.choices import CareSetting, Visibility
    from joinedup.core.models import Organisation, OrganisationCareSetting

    demo_count = demo.load_organisations()
    rng = random.Random(seed)
    used = set(Organisation.objects.values_list("name", flat=True))
    organisations, care_settings = [], []
    while len(used) < count:
        kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
        base = f"{rng.choice(PLACES)} {rng.choice(THEMES)} {rng.choice(SUFFIXES[kind])}"
        name, number = base, 1
        while name in used:
            number += 1
            name = f"{base} {number}"
        used.add(name)
        domain = slugify(name).replace("-", "")[:24]
        organisation = Organisation(
            name=name,
            slug=slugify(name),
            kind=kind,
            size_band=rng.choices(list(SIZE_WEIGHTS), weights=list(SIZE_WEIGHTS.values()))[0],
            description=f"{name} works with the partnership across Jersey.",
            website=f"https://{domain}.example.je/",
            partnership_signed_on=date(2021, 9, 1) + timedelta(days=rng.randrange(1200)),
            is_active=rng.random() < 0.97,
            visibility=Visibility.PUBLIC if rng.random() < 0.88 else Visibility.PARTNERSHIP,
            contact_email=f"contact@{domain}.example.je",
            contact_phone=f"01534 {rng.randrange(100000, 1000000)}",
            synthetic_fields=["name", "size_band", "contact_email", "contact_phone"],
        )
        organisations.append(organisation)
        for setting in rng.sample(list(CareSetting.values), rng.choice(CARE_SETTING_COUNTS)):
            care_settings.append(
                OrganisationCareSetting(organisation=organisation, setting=setting)
            )
    with transaction.atomic():
        Organisation.objects.bulk_create(organisations, batch_size=500)
        OrganisationCareSetting.objects.bulk_create(care_settings, batch_size=1000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # what autovacuum does soon after a bulk load
            cursor.execute("ANALYZE")
    return {
        "organisations": Organisation.objects.count(),
        "through_services": demo_count,
        "care_settings": OrganisationCareSetting.objects.count(),
        "public_active": Organisation.objects.public().active().count(),
    }


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    print(load(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))


if __name__ == "__main__":
    main()
