"""The Jersey Care Model demo: the partners and departments of the Commissioning and Partnerships
Strategy 2022-2025 (seed 001), and one persona for each kind of user.

Names come from the seed. Kinds and care settings are Joined Up's classification of each partner
from its name and public role. Size bands, contact details and signatory dates are not in any
seed: they are generated deterministically from the name and listed in `synthetic_fields`.
"""

import hashlib
import secrets
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from . import services
from .choices import CareSetting as C
from .choices import OrganisationKind as K
from .choices import SizeBand, StaffRole
from .models import Organisation

DEPARTMENTS = [
    ("Health and Community Services", "HCS", K.HEALTH_SERVICE,
     [C.ACUTE, C.COMMUNITY, C.MENTAL_HEALTH, C.PRIMARY, C.END_OF_LIFE]),
    ("Public Health", "PH", K.GOVERNMENT_DEPARTMENT, [C.PREVENTION]),
    ("Children, Young People, Education and Skills", "CYPES", K.GOVERNMENT_DEPARTMENT,
     [C.CHILDRENS, C.PREVENTION]),
    ("Customer and Local Services", "CLS", K.GOVERNMENT_DEPARTMENT, [C.SOCIAL_CARE]),
    ("Strategic Policy, Planning and Performance", "SPPP", K.GOVERNMENT_DEPARTMENT, []),
]  # fmt: skip

CO_DESIGN_PARTNERS = [
    ("1:2:1 Care", K.PRIVATE_PROVIDER, [C.HOME_CARE]),
    ("4Health Home Care Agency", K.PRIVATE_PROVIDER, [C.HOME_CARE]),
    ("Brighter Kind", K.PRIVATE_PROVIDER, [C.HOME_CARE]),
    ("Cambrette Care", K.PRIVATE_PROVIDER, [C.HOME_CARE]),
    ("Call & Check Jersey", K.SOCIAL_ENTERPRISE, [C.PREVENTION, C.COMMUNITY]),
    ("CI Home Care", K.PRIVATE_PROVIDER, [C.HOME_CARE]),
    ("Chestnut Farm", K.PRIVATE_PROVIDER, [C.RESIDENTIAL_AND_NURSING, C.SOCIAL_CARE]),
    ("Cheval Roc Residential and Nursing Home", K.PRIVATE_PROVIDER, [C.RESIDENTIAL_AND_NURSING]),
    ("Day Centres", K.VOLUNTARY_AND_COMMUNITY, [C.COMMUNITY, C.SOCIAL_CARE]),
    ("Dementia Jersey", K.VOLUNTARY_AND_COMMUNITY, [C.COMMUNITY, C.SOCIAL_CARE]),
    ("Enable Jersey", K.VOLUNTARY_AND_COMMUNITY, [C.COMMUNITY, C.PREVENTION]),
    ("Family Nursing & Home Care", K.VOLUNTARY_AND_COMMUNITY,
     [C.COMMUNITY, C.HOME_CARE, C.CHILDRENS, C.END_OF_LIFE, C.PREVENTION]),
    ("Focus on Mental Illness", K.VOLUNTARY_AND_COMMUNITY, [C.MENTAL_HEALTH]),
    ("Jersey Care Commission", K.REGULATOR, []),
    ("Jersey Care Federation", K.VOLUNTARY_AND_COMMUNITY,
     [C.RESIDENTIAL_AND_NURSING, C.HOME_CARE]),
    ("Jersey Cheshire Homes", K.VOLUNTARY_AND_COMMUNITY, [C.RESIDENTIAL_AND_NURSING]),
    ("Jersey Disability Partnership", K.VOLUNTARY_AND_COMMUNITY, [C.COMMUNITY]),
    ("Jersey Hospice Care", K.VOLUNTARY_AND_COMMUNITY, [C.END_OF_LIFE]),
    ("Jersey Recovery College", K.VOLUNTARY_AND_COMMUNITY, [C.MENTAL_HEALTH, C.PREVENTION]),
    ("Jersey Women's Refuge", K.VOLUNTARY_AND_COMMUNITY, [C.COMMUNITY]),
    ("Lavender Villa Residential Home", K.PRIVATE_PROVIDER, [C.RESIDENTIAL_AND_NURSING]),
    ("Les Amis", K.VOLUNTARY_AND_COMMUNITY, [C.SOCIAL_CARE, C.RESIDENTIAL_AND_NURSING]),
    ("Les Hoûmets Care Home", K.VOLUNTARY_AND_COMMUNITY, [C.RESIDENTIAL_AND_NURSING]),
    ("Listening Lounge", K.VOLUNTARY_AND_COMMUNITY, [C.MENTAL_HEALTH]),
    ("LV Care Homes", K.PRIVATE_PROVIDER, [C.RESIDENTIAL_AND_NURSING]),
    ("Macmillan Cancer Support Jersey", K.VOLUNTARY_AND_COMMUNITY,
     [C.COMMUNITY, C.END_OF_LIFE]),
    ("Methodist Homes", K.VOLUNTARY_AND_COMMUNITY, [C.RESIDENTIAL_AND_NURSING]),
    ("Mind Jersey", K.VOLUNTARY_AND_COMMUNITY, [C.MENTAL_HEALTH, C.PREVENTION]),
    ("MyVoice", K.VOLUNTARY_AND_COMMUNITY, [C.MENTAL_HEALTH, C.COMMUNITY]),
    ("Personal Touch Care Service", K.PRIVATE_PROVIDER, [C.HOME_CARE]),
    ("Silkworth Charity Group", K.VOLUNTARY_AND_COMMUNITY, [C.MENTAL_HEALTH]),
    ("Stroke Association", K.VOLUNTARY_AND_COMMUNITY, [C.COMMUNITY]),
    ("Tranquil Homecare", K.PRIVATE_PROVIDER, [C.HOME_CARE]),
    ("Tutela", K.PRIVATE_PROVIDER, [C.HOME_CARE]),
]  # fmt: skip

SYNTHETIC = ["size_band", "contact_email", "contact_phone", "partnership_signed_on"]

# (username, first name, last name, organisation short name or name, job title, staff role)
PERSONAS = [
    ("admin", "Alex", "Renouf", "SPPP", "Systems administrator", StaffRole.ADMIN),
    ("pmo", "Priya", "Le Marquand", "SPPP", "Programme management officer", StaffRole.PMO),
    ("secretary", "Sam", "Le Brocq", "HCS", "Board secretary", StaffRole.SECRETARY),
    ("commissioner", "Chris", "Vibert", "HCS", "Senior commissioner", StaffRole.COMMISSIONER),
    ("analyst", "Ana", "Pinto", "PH", "Public health analyst", StaffRole.ANALYST),
    ("voluntary", "Val", "Gallichan", "Mind Jersey", "Chief executive", None),
    ("provider", "Pat", "Querée", "Tutela", "Registered manager", None),
]


def _draw(name: str, salt: str) -> int:
    """A number from 0 to 2**32 fixed by the name, so the demo is the same on every machine."""
    return int.from_bytes(hashlib.sha256(f"{salt}:{name}".encode()).digest()[:4], "big")


def synthetic_details(name: str, kind: str) -> dict:
    bands = [SizeBand.MICRO, SizeBand.SMALL, SizeBand.SMALL, SizeBand.MEDIUM]
    size_band = (
        SizeBand.LARGE
        if kind in {K.GOVERNMENT_DEPARTMENT, K.HEALTH_SERVICE}
        else (bands[_draw(name, "size") % len(bands)])
    )
    domain = slugify(name).replace("-", "")[:24] or "partner"
    return {
        "size_band": size_band,
        "contact_email": f"contact@{domain}.example.je",
        "contact_phone": f"01534 {_draw(name, 'phone') % 900000 + 100000}",
        "partnership_signed_on": date(2021, 9, 1) + timedelta(days=_draw(name, "signed") % 240),
    }


def load_organisations() -> int:
    """Create the departments and co-design partners that are missing; return how many."""
    existing = set(Organisation.objects.values_list("name", flat=True))
    created = 0
    rows = [(name, short, kind, cs) for name, short, kind, cs in DEPARTMENTS] + [
        (name, "", kind, cs) for name, kind, cs in CO_DESIGN_PARTNERS
    ]
    for name, short_name, kind, care_settings in rows:
        if name in existing:
            continue
        services.create_organisation(
            name=name,
            short_name=short_name,
            kind=kind,
            care_settings=care_settings,
            synthetic_fields=SYNTHETIC,
            description=_description(name, kind),
            **synthetic_details(name, kind),
        )
        created += 1
    return created


def _description(name: str, kind: str) -> str:
    if kind in {K.GOVERNMENT_DEPARTMENT, K.HEALTH_SERVICE}:
        return f"{name} is a Government of Jersey department taking part in the Jersey Care Model."
    return (
        f"{name} is one of the local partners whose expertise shaped the Jersey Health and Care "
        "Commissioning and Partnerships Strategy 2022-2025."
    )


def load_personas(logins_file: Path) -> list[str]:
    """Create the demo personas that are missing, with new random passwords written to a file."""
    User = get_user_model()
    created_logins = []
    for username, first, last, organisation_key, job_title, role in PERSONAS:
        if User.objects.filter(username=username).exists():
            continue
        organisation = Organisation.objects.get(
            **(
                {"short_name": organisation_key}
                if organisation_key.isupper()
                else {"name": organisation_key}
            )
        )
        password = secrets.token_urlsafe(12)
        person = services.create_person(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@{slugify(organisation.name).replace('-', '')[:24]}.example.je",
            password=password,
            organisation=organisation,
            job_title=job_title,
            phone=f"01534 {_draw(username, 'phone') % 900000 + 100000}",
        )
        if role:
            services.grant_staff_role(person=person, role=role)
        created_logins.append(f"{username}\t{password}\t{job_title}, {organisation.name}")
    if created_logins:
        logins_file.parent.mkdir(parents=True, exist_ok=True)
        # A fresh database gets a fresh file; otherwise keep the passwords of earlier personas.
        mode = "w" if len(created_logins) == len(PERSONAS) else "a"
        with logins_file.open(mode) as out:
            out.write("\n".join(created_logins) + "\n")
        logins_file.chmod(0o600)
    return created_logins


@transaction.atomic
def load(logins_file: Path | None = None) -> dict:
    """Load the whole demo; running it again changes nothing."""
    logins_file = logins_file or Path(settings.VAR_DIR) / "demo-logins.txt"
    return {
        "organisations": load_organisations(),
        "personas": len(load_personas(logins_file)),
        "logins_file": str(logins_file),
    }
