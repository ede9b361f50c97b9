"""The Jersey Care Model programme demo: the programme overseen by the JCM Programme Board, with
reports agreed by the Independent Oversight Board; two tranches; the workstreams of the governance
demo's workstream boards; the projects that seed 002's SPB work plan names; twelve months of the
PMO's standard return; RAID across partners; finance; benefits; one published monthly report.

From the seeds: the project names (Workforce strategy, Digital Programme with Digital Project X
and Inflight Digital Project Z, Intermediate Care Programme and Project Y, Carer Strategy, Out of
Hours), the named roles, the contents of the standard update, the oversight board's duty to agree
the monthly report, the Tranche 1 targets (from seed 001's measures and seed 002's plan) and the
oversight board's first finding (delays from third parties and other parts of Government) as a
programme risk. Everything else (the people created here, budgets, figures, dates, narrative)
is synthetic: projects and risks have `synthetic=True` and narratives say "synthetic demo data".
Figures come from `random.Random(SEED)`. Tranche 1's dates are fixed; the rest count back from
the day of loading, so the latest return round is always past due with one return late and one
missing. Every write goes through the services; a second run adds nothing.
"""

import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from joinedup.core import services as core_services
from joinedup.core.models import AuditEntry, Organisation, Person
from joinedup.governance import demo as governance_demo
from joinedup.governance import services as governance
from joinedup.governance.choices import AttendanceStatus, ItemCategory, ItemPurpose, MeetingStatus
from joinedup.governance.models import Body, Escalation, Meeting

from . import models, reports, services, tolerances
from .choices import AttestedPart as AP
from .choices import Dimension as D
from .choices import FundingArrangement as F
from .choices import ProjectRole as R
from .choices import ProjectStatus as S
from .choices import ReportKind, ReportStatus, RiskLevel
from .choices import RiskCategory as RC
from .choices import RiskResponse as RR

JERSEY = ZoneInfo("Europe/Jersey")
SYNTHETIC = "(synthetic demo data)"
NAME = "Jersey Care Model"
SEED = 2021
MONTHS = 12
DUE_DAY = 10  # a month's return is due on the 10th of the next month
ORGS = {"FNHC": "Family Nursing & Home Care", "JHC": "Jersey Hospice Care",
        "JCF": "Jersey Care Federation", "Mind": "Mind Jersey"}  # fmt: skip

TOLERANCES = {D.TIME: 30, D.COST: 5, D.SCOPE_QUALITY: 10, D.BENEFITS: 10, D.RISK: 4}
PROJECT_TOLERANCES = {"JCM-DG-01": {D.TIME: 45, D.COST: 10}}  # a supplier contract's contingency
LEVELS = (RiskLevel.PROJECT, RiskLevel.WORKSTREAM, RiskLevel.PROGRAMME)
APPETITE = {  # tolerance scores at project, workstream and programme level
    RC.CLINICAL: (8, 10, 12), RC.FINANCIAL: (10, 12, 16), RC.WORKFORCE: (12, 12, 16),
    RC.DELIVERY: (12, 15, 16), RC.REPUTATION: (8, 10, 12), RC.INFORMATION: (8, 10, 12),
    RC.PARTNERSHIP: (10, 12, 16), RC.REGULATORY: (6, 8, 10),
}  # fmt: skip
OWN_APPETITE = ("Mind", RC.INFORMATION, RiskLevel.PROJECT, 4)  # below the partnership's 8

# (description, measure, target, unit, due on, achieved, narrative)
TRANCHE_1 = ("Foundations", date(2021, 5, 1), date(2023, 3, 31), [
    ("Terms of reference of the SPB, the Programme Board and the workstream boards approved",
     "Bodies with approved terms of reference (seed 002)", 5, "bodies", date(2021, 6, 30), 5,
     "Approved at SPB Board 2 and the first Programme Board."),
    ("Tranche 1 projects initiated: Workforce strategy, Digital Programme, Intermediate Care "
     "Programme, Carer Strategy", "Projects initiated (seed 002, SPB work plan)", 4, "projects",
     date(2021, 12, 31), 4, "All four initiated; Intermediate Care after its scope decision."),
    ("Jersey Needs Assessment begun", "JNA development started (seed 001)", 1, "yes = 1",
     date(2022, 12, 31), 1, "Begun by Public Health."),
    ("Co-design partners taking part", "Partners signed up (seed 001: 34 co-design partners)",
     34, "partners", date(2022, 3, 31), 31, f"Three had not signed by the end. {SYNTHETIC}"),
    ("Monthly progress reports agreed by the Independent Oversight Board", "Reports agreed",
     12, "reports", date(2023, 3, 31), 11, f"One report was merged with the next. {SYNTHETIC}"),
])  # fmt: skip
TRANCHE_2 = ("Moving care into the community", date(2023, 4, 1), [  # (description, measure, …)
    ("People supported at home by step-up and step-down care each month", "People supported in "
     "the month", 120, "people"),
    ("Unpaid carers registered with the single point of contact", "Carers registered", 1500,
     "carers"),
    ("Community nursing vacancy rate", "Vacancy rate", 8, "%"),
])  # fmt: skip
REBASELINE_REASON = (
    "Home care providers could not release staff at current rates (Tutela's response to the "
    "Tranche 1 plan recommendation); the Programme Board lowered the target until the home care "
    f"workforce pool is in place. {SYNTHETIC}"
)

WORKSTREAMS = [  # name, the governance demo's board, description
    ("Workforce", "Workforce Workstream Board", "The right staff in the right place (seed 001)."),
    ("Digital", "Digital Workstream Board", "The Digital Programme of seed 002's work plan."),
    ("Intermediate Care", "Intermediate Care Workstream Board",
     "Care closer to home: step-up and step-down care, carers and out-of-hours care."),
]  # fmt: skip
# People created here (synthetic names, real partners). key: (first, last, organisation, post)
PEOPLE = {
    "hcs_pm_workforce": ("Tom", "Le Sueur", "HCS", "Workforce programme manager"),
    "hcs_pm_digital": ("Aisha", "Rahman", "HCS", "Digital programme manager"),
    "hcs_pm_ic": ("Daniel", "Journeaux", "HCS", "Intermediate care project manager"),
    "hcs_ccio": ("Ravi", "Nair", "HCS", "Chief clinical information officer"),
    "hcs_psychiatrist": ("Emma", "Falle", "HCS", "Consultant psychiatrist"),
    "fnhc_nursing": ("Claire", "Le Quesne", "FNHC", "Head of district nursing"),
    "fnhc_ooh": ("Mark", "Binet", "FNHC", "Out of hours service manager"),
    "fnhc_finance": ("Julie", "Gicquel", "FNHC", "Finance director"),
    "mind_lead": ("Sophie", "Cabot", "Mind", "Service development lead"),
    "tutela_finance": ("Richard", "Dorey", "Tutela", "Finance manager"),
    "recovery_manager": ("Amelia", "Noel", "Jersey Recovery College", "College manager"),
    "hospice_medical": ("Laura", "Huelin", "JHC", "Medical director"),
}
# reference, workstream, name, lead, partners, status, budget £k, start and end (months from the
# latest return month), visibility, description, objectives
PROJECTS = [
    ("JCM-WF-01", "Workforce", "Workforce Strategy", "HCS", ["FNHC", "JCF", "Mind", "Tutela"],
     S.DELIVERY, 450, -26, 10, "public", "One workforce strategy for health and care partners.",
     ["Identify the skills gap in the workforce", "Qualified staff in the community"]),
    ("JCM-WF-02", "Workforce", "Care Navigation", "Mind", ["HCS", "Jersey Recovery College",
     "Listening Lounge", "CLS"], S.INITIATION, 120, -3, 15, "public",
     "Staff trained to help Islanders find the right service.",
     ["Trained staff to navigate services", "Clear pathways between services"]),
    ("JCM-WF-03", "Workforce", "Home Care Workforce Pool", "Tutela", ["1:2:1 Care",
     "4Health Home Care Agency", "JCF", "HCS"], S.INITIATION, 200, -3, 18, "public",
     "A shared pool of home care staff for 24/7 care at home.",
     ["The right size workforce to offer 24/7 services"]),
    ("JCM-DG-01", "Digital", "Digital Project X", "HCS", ["FNHC", "JHC", "Tutela"], S.DELIVERY,
     1200, -30, 8, "partnership", "One shared care record across partners (commercially "
     "sensitive while in delivery).", ["Existing data in one place", "One record for all"]),
    ("JCM-DG-02", "Digital", "Inflight Digital Project Z", "HCS", ["FNHC"], S.CLOSED, 300, -48,
     -14, "public", "A digital project already in flight in 2021.", ["Complete the project"]),
    ("JCM-IC-01", "Intermediate Care", "Intermediate Care Programme", "HCS", ["FNHC", "Tutela",
     "JHC", "1:2:1 Care"], S.DELIVERY, 1800, -28, 14, "public",
     "Step-up and step-down care at home for adults.",
     ["Reduce dependency on secondary care", "More care in the community and at home"]),
    ("JCM-IC-02", "Intermediate Care", "Carer Strategy", "HCS", ["FNHC", "JHC", "Mind",
     "Dementia Jersey"], S.DELIVERY, 240, -20, 12, "public",
     "One offer of support for unpaid carers, with a single point of contact.",
     ["A single point of contact for carers", "Carers' assessments shared across partners"]),
    ("JCM-IC-03", "Intermediate Care", "Out of Hours", "FNHC", ["HCS", "Tutela", "Mind", "JHC"],
     S.DELIVERY, 600, -18, 9, "public", "Community care through the night and at weekends.",
     ["24/7 access to services", "Fewer out-of-hours needs ending in the emergency department"]),
    ("JCM-IC-04", "Intermediate Care", "Project Y", "HCS", ["FNHC"], S.PIPELINE, 150, 4, 20,
     "public", "Named in seed 002's plan for SPB Board 3; scope to come.", ["Agree the scope"]),
]  # fmt: skip
STATUS_PATH = {S.PIPELINE: [], S.INITIATION: [S.INITIATION], S.DELIVERY: [S.INITIATION,
               S.DELIVERY], S.CLOSED: [S.INITIATION, S.DELIVERY, S.CLOSED]}  # fmt: skip
ROLE_ORDER = (R.SPONSOR, R.SRO, R.PROJECT_MANAGER, R.SENIOR_USER, R.CLINICAL_LEAD,
              R.FINANCE_REPRESENTATIVE)  # fmt: skip
ROLES = {
    "JCM-WF-01": ("hcs_dg", "hcs_hr", "hcs_pm_workforce", "fnhc_ceo", "hcs_cn", "hcs_finance"),
    "JCM-WF-02": ("cls_head", "ph_consultant", "mind_lead", "recovery_manager", "hcs_psychiatrist",
                  "voluntary"),
    "JCM-WF-03": ("hcs_gmd", "hcs_hr", "provider", "fnhc_ceo", "hcs_cn", "tutela_finance"),
    "JCM-DG-01": ("hcs_improvement", "hcs_gmd", "hcs_pm_digital", "hospice_medical", "hcs_ccio",
                  "hcs_finance"),
    "JCM-DG-02": ("hcs_improvement", "hcs_md", "hcs_pm_digital", "fnhc_ceo", "hcs_ccio",
                  "hcs_finance"),
    "JCM-IC-01": ("hcs_dg", "hcs_gmd", "hcs_pm_ic", "fnhc_ceo", "provider", "hcs_finance"),
    "JCM-IC-02": ("cls_head", "hospice_ceo", "voluntary", "dementia_rep", "fnhc_nursing",
                  "commissioner"),
    "JCM-IC-03": ("fnhc_ceo", "hcs_md", "fnhc_ooh", "hospice_ceo", "fnhc_nursing", "fnhc_finance"),
    "JCM-IC-04": ("hcs_gmd", "hcs_cn", "hcs_pm_ic", "fnhc_ceo", "hcs_md", "hcs_finance"),
}  # fmt: skip
# (title, baseline, forecast, actual or None: months from the latest return month, is key)
MILESTONES = {
    "JCM-WF-01": [("Workforce strategy adopted by partners", -20, -19, -19, True),
                  ("Community nursing recruitment campaign launched", -8, -7, -7, False),
                  ("Twelve community nurses in post", -1, 2, None, True),
                  ("Care sector training passport live", 4, 4, None, False)],
    "JCM-WF-02": [("Navigator role and training agreed", 1, 1, None, True)],
    "JCM-WF-03": [("Workforce pool registered with the Jersey Care Commission", 3, 3, None, True)],
    "JCM-DG-01": [("Supplier contract signed", -24, -24, -24, True),
                  ("Shared record live at HCS", -9, -7, -7, True),
                  ("Shared record live at Family Nursing & Home Care", 1, 1, None, True),
                  ("Shared record live at Jersey Hospice Care", 5, 5, None, False)],
    "JCM-DG-02": [("Inflight Digital Project Z complete", -15, -14, -14, True)],
    "JCM-IC-01": [("Step-up beds open", -20, -20, -20, True),
                  ("Step-down care at home service live", -10, -9, -9, True),
                  ("Rapid response team at full strength", -2, 1, None, True),
                  ("Evaluation of the first year", 6, 6, None, False)],
    "JCM-IC-02": [("Single point of contact for carers open", -12, -12, -12, True),
                  ("Carers' assessment shared across partners", 0, 2, None, True)],
    "JCM-IC-03": [("Overnight district nursing service live", -12, -11, -11, True),
                  ("Out-of-hours mental health line with Mind Jersey", -3, -3, -3, True),
                  ("Weekend GP cover agreement renewed", 2, 2, None, True)],
    "JCM-IC-04": [("Outline business case", 5, 5, None, False)],
}  # fmt: skip
SLIPS_AFTER_PROFILING = ("JCM-DG-01", "Shared record live at Family Nursing & Home Care", 4)

# Forecast deviation as a share of tolerance, first month → latest; others (0.1 → 0.25).
TRENDS = {
    "JCM-WF-01": {D.TIME: (0.45, 0.9)},
    "JCM-DG-01": {D.TIME: (0.85, 0.6), D.COST: (0.3, 0.7)},
    "JCM-IC-01": {D.COST: (0.4, 0.74), D.BENEFITS: (0.9, 0.4)},
    "JCM-IC-02": {D.SCOPE_QUALITY: (0.2, 0.5)},
    "JCM-IC-03": {D.RISK: (0.5, 0.85)},
}
RED, LATE, MISSING = ("JCM-IC-01", D.COST, Decimal("7.5")), "JCM-IC-03", "JCM-IC-02"
EXCEPTION = {
    "cause": "Agency nursing rates for the rapid response team rose when the framework was "
    f"re-tendered, and step-up beds closed for refurbishment. {SYNTHETIC}",
    "consequences": "The project forecasts spending 7.5% over its budget this year, beyond the "
    "5% tolerance.",
    "options": "1. Cut the rapid response team's hours. 2. Find savings across the Intermediate "
    "Care workstream. 3. Draw on the pooled fund's contingency.",
    "recommendation": "Draw £90,000 from the pooled fund's contingency this year while the home "
    "care workforce pool (JCM-WF-03) is set up to replace agency staff.",
}
NOTES = {
    D.TIME: "Behind plan; recovery plan agreed with the workstream board.",
    D.COST: "Spend running ahead of profile; savings being identified.",
    D.SCOPE_QUALITY: "Some scope at risk; the senior user is reviewing priorities.",
    D.BENEFITS: "Benefits are being realised more slowly than profiled.",
    D.RISK: "Risk exposure close to appetite; mitigations in hand.",
}
NARRATIVE = {
    "green": "On track to deliver to plan.",
    "amber": "Deliverable, with the recovery actions set out.",
    "red": "Will not deliver within tolerance without a decision by the Programme Board.",
}

# (project, workstream, or None for the programme; category; owner; holders; title; cause; event;
# effect; inherent; history [(months from latest, likelihood, consequence)]; target; response;
# controls). Every score stays within its level's tolerance but one: Mind Jersey's appetite.
RISKS = [
    ("JCM-IC-01", RC.WORKFORCE, "hcs_gmd", ["HCS", "Tutela", "FNHC"], "Not enough home care "
     "staff for step-up care", "Vacancies in home care", "referrals are refused",
     "people stay in hospital", (4, 4), [(-11, 4, 3), (-8, 3, 3), (-5, 3, 4), (-2, 3, 4)], (2, 3),
     RR.REDUCE, "Weekly capacity call; shared rota with Tutela"),
    ("JCM-IC-01", RC.FINANCIAL, "hcs_finance", ["HCS"], "Agency rates push costs over budget",
     "Reliance on agency nurses", "costs exceed budget", "less money for other projects", (4, 3),
     [(-6, 2, 3), (-3, 3, 3), (0, 3, 3)], (2, 2), RR.REDUCE, "Agency spend approved weekly"),
    ("JCM-IC-01", RC.CLINICAL, "provider", ["Tutela", "HCS"], "Deterioration at home missed",
     "Care staff new to step-up care", "deterioration goes unnoticed", "avoidable harm", (3, 4),
     [(-10, 2, 4), (-4, 2, 3)], (1, 3), RR.REDUCE, "NEWS2 training; daily huddle"),
    ("JCM-IC-02", RC.INFORMATION, "voluntary", ["HCS", "Mind"], "Carers' data shared beyond "
     "consent", "One record shared by several partners", "data goes beyond a carer's consent",
     "loss of trust; a breach", (3, 3), [(-9, 2, 2), (-4, 2, 2), (0, 3, 2)], (1, 2), RR.REDUCE,
     "Consent recorded at first contact; access audited monthly"),
    ("JCM-IC-02", RC.PARTNERSHIP, "hospice_ceo", ["JHC", "FNHC", "Mind"], "Partners' offers to "
     "carers diverge", "Each partner funds its own offer", "carers get different offers",
     "the single offer loses meaning", (3, 3), [(-11, 3, 3), (-6, 2, 3)], (1, 3), RR.SHARE,
     "Shared offer reviewed quarterly"),
    ("JCM-IC-03", RC.WORKFORCE, "fnhc_ooh", ["FNHC", "HCS"], "Gaps in the overnight nursing "
     "rota", "Few nurses work nights", "shifts go unfilled", "calls go to the emergency "
     "department", (4, 4), [(-11, 3, 4), (-7, 4, 3), (-3, 3, 3), (0, 3, 4)], (2, 3), RR.REDUCE,
     "Night premium; bank staff from HCS"),
    ("JCM-IC-03", RC.CLINICAL, "fnhc_nursing", ["FNHC", "HCS", "Mind"], "Mental health crises "
     "out of hours", "No psychiatric liaison overnight", "general staff handle a crisis",
     "harm; an emergency admission", (4, 4), [(-10, 2, 4), (-5, 2, 4)], (1, 4), RR.REDUCE,
     "Mind Jersey's out-of-hours line; on-call psychiatrist"),
    ("JCM-DG-01", RC.DELIVERY, "hcs_ccio", ["HCS", "FNHC", "JHC"], "Supplier late with the "
     "record's interfaces", "The supplier's other contracts", "interfaces arrive late",
     "go-live slips at partners", (4, 4), [(-11, 3, 4), (-6, 4, 3), (-2, 3, 4)], (2, 3),
     RR.REDUCE, "Contractual milestones with service credits"),
    ("JCM-DG-01", RC.INFORMATION, "hcs_improvement", ["HCS", "FNHC", "JHC"], "Data-sharing "
     "agreements unsigned", "Each partner's legal review", "agreements are late",
     "partners cannot see the record", (3, 4), [(-9, 2, 4), (-3, 2, 3)], (1, 3), RR.REDUCE,
     "One template agreement"),
    ("JCM-DG-01", RC.FINANCIAL, "hcs_finance", ["HCS"], "Licence costs rise at renewal",
     "Per-user licensing", "costs rise as partners join", "whole-life cost grows", (3, 4),
     [(-8, 3, 3), (-1, 2, 3)], (2, 2), RR.ACCEPT, "Price cap to year 3"),
    ("JCM-WF-01", RC.WORKFORCE, "hcs_hr", ["HCS", "FNHC", "JCF", "Tutela"], "Community nursing "
     "posts cannot be filled", "Housing costs; a UK-wide shortage", "posts stay vacant",
     "community services cannot grow", (5, 4), [(-11, 4, 3), (-7, 4, 3), (-3, 3, 4), (0, 3, 4)],
     (2, 3), RR.REDUCE, "Relocation package; return-to-practice course"),
    ("JCM-WF-01", RC.PARTNERSHIP, "spb_chair", ["JCF", "Tutela", "HCS"], "Providers cannot "
     "release staff for training", "Current care rates", "staff miss shared training",
     "skills gaps persist", (3, 4), [(-10, 3, 3), (-4, 3, 3)], (2, 2), RR.SHARE,
     "Backfill from the pooled fund"),
    ("JCM-WF-02", RC.REPUTATION, "mind_lead", ["Mind", "Listening Lounge"], "Navigators give "
     "inconsistent advice", "Training by different partners", "Islanders are misdirected",
     "loss of confidence", (3, 3), [(-2, 2, 3)], (1, 2), RR.REDUCE, "One curriculum"),
    ("JCM-WF-03", RC.REGULATORY, "provider", ["Tutela", "1:2:1 Care"], "Registration of a "
     "shared workforce pool", "No precedent", "registration takes longer", "the pool cannot "
     "start", (3, 3), [(-2, 2, 3)], (1, 2), RR.REDUCE, "Early talks with the Care Commission"),
    ("Digital", RC.INFORMATION, "hcs_improvement", ["HCS", "FNHC", "Tutela", "JHC"], "Cyber "
     "incident at a connected partner", "More partners connected", "a partner is compromised",
     "records exposed", (3, 5), [(-11, 2, 5), (-5, 2, 5)], (1, 5), RR.REDUCE,
     "Cyber essentials for every connected partner"),
    ("Intermediate Care", RC.PARTNERSHIP, "hcs_gmd", ["HCS", "FNHC", "Tutela", "JHC"],
     "Partners commit unequal staff time", "Sovereign partners staff their own way",
     "commitments fall short", "projects run below capacity", (3, 4), [(-9, 3, 4), (-2, 3, 3)],
     (2, 3), RR.SHARE, "Commitments tracked against the Tranche 1 plan recommendation"),
    (None, RC.DELIVERY, "hcs_dg", ["HCS", "SPPP", "CLS"], "Delays from working with third "
     "parties or other parts of Government", "Dependencies on suppliers and departments (the "
     "oversight board's first finding)", "dependencies are met late", "milestones slip",
     (4, 4), [(-11, 4, 4), (-6, 4, 3), (-1, 3, 4)], (2, 3), RR.REDUCE,
     "Named leads for third-party and cross-Government dependencies"),
    (None, RC.FINANCIAL, "hcs_finance", ["HCS", "CLS"], "Pooled fund contributions "
     "unconfirmed", "Annual budget cycle", "contributions are confirmed late",
     "projects cannot commit spend", (4, 4), [(-8, 3, 4), (-2, 4, 4)], (2, 3), RR.REDUCE,
     "Ask to CLS for early confirmation"),
    (None, RC.REPUTATION, "hcs_comms", ["HCS", "Mind", "FNHC"], "Public confidence falls with "
     "persistent slippage", "Slipping milestones", "reports show repeated delay",
     "less support for the care model", (3, 4), [(-10, 2, 3), (-3, 3, 3)], (2, 2), RR.REDUCE,
     "Path to green for every amber or red item"),
    (None, RC.REGULATORY, "ph_consultant", ["PH", "HCS"], "Data protection limits population "
     "health analysis", "Data protection law", "linked data cannot be analysed",
     "weaker needs assessment", (3, 4), [(-9, 2, 4), (-4, 2, 4)], (1, 4), RR.ACCEPT,
     "Data protection impact assessment"),
]  # fmt: skip
STALE_RISK = "JCM-R20"  # its review date has passed
ISSUES = [  # project, title, owner, raised (months from latest)
    ("JCM-IC-01", "Two step-up beds closed for refurbishment", "hcs_pm_ic", -2),
    ("JCM-DG-01", "Interface test environment unavailable", "hcs_pm_digital", -1),
    ("JCM-WF-01", "Job evaluation of new community roles delayed", "hcs_hr", -3),
]
ASSUMPTIONS = [  # project, text, owner, check by (months from latest)
    ("JCM-IC-01", "Tutela and 1:2:1 Care can provide 400 more home care hours a week", "provider",
     1),
    ("JCM-IC-02", "Carers consent to one shared record held by HCS", "voluntary", 2),
    ("JCM-IC-03", "The GP out-of-hours service keeps covering weekends", "fnhc_ooh", 1),
]  # fmt: skip
# description, giver, receiver, giving and receiving project, needed by and committed by (days
# from today), who confirms; the first was broken by the supplier's delay, the third is due soon
DEPENDENCIES = [
    ("Out-of-hours nurses can view the shared care record", "HCS", "FNHC", "JCM-DG-01",
     "JCM-IC-03", -60, -60, "hcs_pm_digital"),
    ("Community nurses recruited by the Workforce Strategy join the rapid response team", "HCS",
     "HCS", "JCM-WF-01", "JCM-IC-01", 75, 100, "hcs_pm_workforce"),
    ("400 more home care hours a week for step-down care at home", "Tutela", "HCS", None,
     "JCM-IC-01", 14, 14, "provider"),
    ("Carer peer support groups in every parish", "Mind", "HCS", None, "JCM-IC-02", 120, None,
     None),
]  # fmt: skip
ASKS = [  # to, project, what, by when (days from today), answered by, agreed, response
    ("Tutela", "JCM-IC-01", "Confirm the hourly rate for step-down care at home from next "
     "quarter", -5, "provider", True, "Agreed at the framework rate."),
    ("JHC", "JCM-IC-03", "Release a palliative care nurse specialist one night a week for the "
     "out-of-hours rota", -30, "hospice_ceo", False, "Declined: no spare nights on our rota."),
    ("CLS", None, "Confirm the Health Insurance Fund's contribution to the pooled fund for next "
     "year", 30, None, None, ""),
]  # fmt: skip

FUNDING = [  # name, provided by, held by, arrangement
    ("Health Insurance Fund contribution", "CLS", "HCS", F.POOLED),
    ("HCS Jersey Care Model budget", "HCS", "HCS", F.ALIGNED),
    ("Family Nursing & Home Care contribution", "FNHC", "FNHC", F.ALIGNED),
    ("Mind Jersey charitable funds", "Mind", "Mind", F.ALIGNED),
]
SHARES = {  # each project's budget by funding source (index into FUNDING)
    "JCM-WF-01": {1: 1}, "JCM-WF-02": {0: 0.6, 3: 0.4}, "JCM-WF-03": {0: 1},
    "JCM-DG-01": {1: 0.7, 0: 0.3}, "JCM-IC-01": {0: 0.6, 1: 0.4}, "JCM-IC-02": {0: 0.8, 3: 0.2},
    "JCM-IC-03": {2: 0.5, 0: 0.5},
}  # fmt: skip
# (project, description, measure, indicator code, baseline, target, target month, owner,
#  enabling milestone, share of the profile realised)
BENEFITS = [
    ("JCM-IC-01", "Fewer emergency admissions of people aged 65 and over",
     "Emergency admissions aged 65+ per month", "", 420, 360, 12, "hcs_gmd",
     "Step-down care at home service live", 0.9),
    ("JCM-IC-01", "People supported at home by step-up and step-down care",
     "People supported in the month", "", 0, 120, 12, "hcs_pm_ic",
     "Rapid response team at full strength", 0.85),
    ("JCM-IC-03", "More of the emergency department's patients seen within four hours",
     "A&E attendances seen within four hours (%)", "AE-4H-ALL", 78, 90, 9, "fnhc_ceo",
     "Overnight district nursing service live", 0.95),
    ("JCM-IC-02", "Unpaid carers known to and supported by the partnership",
     "Carers registered with the single point of contact", "", 300, 1500, 12, "voluntary",
     "Single point of contact for carers open", 1.0),
    ("JCM-WF-01", "Lower vacancy rate in community nursing", "Community nursing vacancy rate (%)",
     "", 14, 8, 10, "hcs_hr", "Twelve community nurses in post", 0.8),
    ("JCM-DG-01", "Clinicians across partners using one shared record",
     "Monthly users of the shared care record", "", 0, 900, 8, "hcs_ccio",
     "Shared record live at Family Nursing & Home Care", 0.9),
]  # fmt: skip


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after `day`'s."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def latest_month(today: date) -> date:
    """The latest month whose return is at least five days past due."""
    return add_months(today, -1 if today.day >= DUE_DAY + 5 else -2)


def due_on(month: date) -> date:
    return add_months(month, 1).replace(day=DUE_DAY)


def _at(day: date, hour: int = 16, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=JERSEY)


def _username(first: str, last: str) -> str:
    return f"{slugify(first)}.{slugify(last).replace('-', '')}"  # as the governance demo's


class _Loader:
    """One run of the programme demo."""

    def __init__(self):
        self.today = timezone.localdate()
        self.latest = latest_month(self.today)
        self.months = [add_months(self.latest, i - MONTHS + 1) for i in range(MONTHS)]
        self.rng = random.Random(SEED)  # noqa: S311  # nosec B311  # demo figures, not secrets
        self.people, self.workstreams, self.projects, self.milestones = {}, {}, {}, {}

    def on(self, offset: int, day: int = 15) -> date:
        """A day of the month `offset` months from the latest return month."""
        return add_months(self.latest, offset).replace(day=day)

    def user(self, key: str):
        return self.people[key].user

    @staticmethod
    def org(key: str) -> Organisation:
        if key in ORGS:
            return Organisation.objects.get(name=ORGS[key])
        return Organisation.objects.get(**{"short_name" if key.isupper() else "name": key})

    def run(self) -> None:
        self.load_people()
        self.create_programme()
        self.load_tranches()
        self.load_structure()
        self.plan_figures()
        for index, month in enumerate(self.months):
            self.return_round(index, month)
        self.load_risks()
        self.load_raid()
        self.load_finance()
        self.load_benefits()
        self.monthly_report()

    # People, programme, tranches, structure ----------------------------------------------------

    def load_people(self) -> None:
        for username in governance_demo.PERSONAS:
            self.people[username] = Person.objects.get(user__username=username)
        for key, (first, last, *_) in governance_demo.PEOPLE.items():
            self.people[key] = Person.objects.get(user__username=_username(first, last))
        for key, (first, last, organisation, post) in PEOPLE.items():
            username = _username(first, last)
            found = Person.objects.filter(user__username=username).first()
            self.people[key] = found or core_services.create_person(
                username=username, first_name=first, last_name=last, password=None,
                email=f"{username}@{slugify(organisation).replace('-', '')[:24]}.example.je",
                organisation=self.org(organisation), job_title=post, by=self.user("admin"),
            )  # fmt: skip

    def create_programme(self) -> None:
        self.pmo = self.user("pmo")
        self.programme = services.create_programme(
            name=NAME, board=Body.objects.get(short_name="JCMPB"),
            reports_agreed_by=Body.objects.get(short_name="IOB"), by=self.pmo,
            description="Moving care from hospital into the community and the home, delivered "
            "in tranches by partners across Jersey's health and care system.",
        )  # fmt: skip
        for dimension, limit in TOLERANCES.items():
            services.set_tolerance(
                programme=self.programme, dimension=dimension, limit=Decimal(limit), by=self.pmo
            )
        for category, scores in APPETITE.items():
            for level, score in zip(LEVELS, scores, strict=True):
                services.set_appetite(
                    programme=self.programme, category=category, level=level,
                    tolerance_score=score, by=self.pmo,
                )  # fmt: skip
        organisation, category, level, score = OWN_APPETITE
        services.set_appetite(
            programme=self.programme, category=category, level=level, tolerance_score=score,
            organisation=self.org(organisation), by=self.pmo,
        )  # fmt: skip

    def load_tranches(self) -> None:
        name, starts_on, ends_on, targets = TRANCHE_1
        first = services.add_tranche(
            programme=self.programme, number=1, name=name, starts_on=starts_on, ends_on=ends_on,
            by=self.pmo,
        )  # fmt: skip
        for description, measure, value, unit, due, achieved, narrative in targets:
            services.add_tranche_target(
                tranche=first, description=description, measure=measure, unit=unit,
                target_value=Decimal(value), due_on=due, achieved_value=Decimal(achieved),
                narrative=narrative, by=self.pmo,
            )  # fmt: skip
        services.freeze_tranche(tranche=first, on=starts_on, by=self.pmo)
        name, starts_on, targets = TRANCHE_2
        second = services.add_tranche(
            programme=self.programme, number=2, name=name, starts_on=starts_on,
            ends_on=date(self.latest.year + 2, 3, 31), by=self.pmo,
        )  # fmt: skip
        added = [
            services.add_tranche_target(
                tranche=second,
                description=description,
                measure=measure,
                unit=unit,
                target_value=Decimal(value),
                due_on=second.ends_on,
                narrative=SYNTHETIC,
                by=self.pmo,
            )  # fmt: skip
            for description, measure, value, unit in targets
        ]
        services.freeze_tranche(tranche=second, on=starts_on, by=self.pmo)
        services.change_tranche_target(
            target=added[0], target_value=Decimal(100), reason=REBASELINE_REASON, by=self.pmo
        )

    def load_structure(self) -> None:
        for name, board, description in WORKSTREAMS:
            self.workstreams[name] = services.add_workstream(
                programme=self.programme, name=name, board=Body.objects.get(name=board),
                description=description, by=self.pmo,
            )  # fmt: skip
        for row in PROJECTS:
            self.create_project(*row)
        for reference, limits in PROJECT_TOLERANCES.items():
            for dimension, limit in limits.items():
                services.set_tolerance(
                    programme=self.programme, project=self.projects[reference],
                    dimension=dimension, limit=Decimal(limit), by=self.pmo,
                )  # fmt: skip

    def create_project(self, reference, workstream, name, lead, partners, status, budget, start,
                       end, visibility, description, objectives) -> None:  # fmt: skip
        project = services.create_project(
            workstream=self.workstreams[workstream], name=name, reference=reference,
            lead_organisation=self.org(lead), partners=[self.org(p) for p in partners],
            budget=Decimal(budget * 1000), starts_on=self.on(start, 1), ends_on=self.on(end, 28),
            description=f"{description} {SYNTHETIC}", visibility=visibility, synthetic=True,
            by=self.pmo,
        )  # fmt: skip
        self.projects[reference] = project
        for role, key in zip(ROLE_ORDER, ROLES[reference], strict=True):
            services.assign_project_role(
                project=project, role=role, person=self.people[key], by=self.pmo
            )
        for text in objectives:
            services.add_objective(project=project, text=text, by=self.pmo)
        for to in STATUS_PATH[status]:
            services.move_project(project=project, to=to, by=self.pmo)
        for title, baseline, forecast, actual, is_key in MILESTONES.get(reference, []):
            milestone = services.add_milestone(
                project=project, title=title, baseline_on=self.on(baseline),
                forecast_on=self.on(forecast), is_key=is_key, by=self.pmo,
            )  # fmt: skip
            if actual is not None:
                services.update_milestone(
                    milestone=milestone, actual_on=self.on(actual), today=self.today, by=self.pmo
                )
            self.milestones[reference, title] = milestone

    # The monthly returns --------------------------------------------------------------------

    def reporting(self, index: int) -> list[str]:
        """The projects that send a return for the month: those in delivery, and those in
        initiation for the last three months."""
        statuses = {S.DELIVERY, S.INITIATION} if index >= MONTHS - 3 else {S.DELIVERY}
        return [row[0] for row in PROJECTS if row[5] in statuses]

    def limits(self, reference: str) -> dict:
        return {**TOLERANCES, **PROJECT_TOLERANCES.get(reference, {})}

    def deviation(self, reference: str, dimension, index: int) -> Decimal:
        first, last = TRENDS.get(reference, {}).get(dimension, (0.1, 0.25))
        share = first + (last - first) * index / (MONTHS - 1) + self.rng.uniform(-0.08, 0.08)
        share = min(max(share, 0.0), 0.95)
        places = Decimal(1) if dimension == D.TIME else Decimal("0.1")
        return (Decimal(str(share)) * self.limits(reference)[dimension]).quantize(places)

    def plan_figures(self) -> None:
        """Each return's forecasts and each month's money, drawn once in a fixed order."""
        self.forecasts, self.money = {}, {}
        for index in range(MONTHS):
            for reference in self.reporting(index):
                plan = {d: self.deviation(reference, d, index) for d in D}
                if index == MONTHS - 1 and reference == RED[0]:
                    plan[RED[1]] = RED[2]
                self.forecasts[reference, index] = plan
                self.money[reference, index] = self.month_money(reference, plan[D.COST])

    def month_money(self, reference: str, cost_deviation: Decimal) -> dict:
        project = self.projects[reference]
        length = (project.ends_on.year - project.starts_on.year) * 12 + (
            project.ends_on.month - project.starts_on.month + 1
        )
        lines = {}
        for source, share in SHARES[reference].items():
            budget = (project.budget * Decimal(str(share)) / length).quantize(Decimal(1))
            forecast = (budget * (1 + cost_deviation / 100)).quantize(Decimal(1))
            noise = Decimal(str(self.rng.uniform(-0.02, 0.02)))
            lines[source] = (budget, forecast, (forecast * (1 + noise)).quantize(Decimal(1)))
        return lines

    def return_round(self, index: int, month: date) -> None:
        round = services.issue_return_round(
            programme=self.programme, month=month, due_on=due_on(month),
            at=_at(add_months(month, 1), 9), by=self.pmo,
        )  # fmt: skip
        for reference in self.reporting(index):
            if not (index == MONTHS - 1 and reference == MISSING):
                self.file_return(round, reference, index)

    def file_return(self, round, reference: str, index: int) -> None:
        project, plan = self.projects[reference], self.forecasts[reference, index]
        manager, lead, finance = (
            project.roles.get(role=role).person.user
            for role in (R.PROJECT_MANAGER, R.CLINICAL_LEAD, R.FINANCE_REPRESENTATIVE)
        )
        limits = self.limits(reference)
        statuses = {
            d: tolerances.dimension_status(forecast_deviation=v, tolerance=Decimal(limits[d]))
            for d, v in plan.items()
        }
        overall = tolerances.worst(statuses.values()).value
        draft = services.save_return_draft(
            round=round, project=project, by=manager, **self.return_text(reference, index, overall)
        )
        late = index == MONTHS - 1 and reference == LATE
        due = round.due_on
        submitted_at = _at(due + timedelta(days=2), 9, 30) if late else _at(
            due - timedelta(days=self.rng.randint(1, 6))
        )  # fmt: skip
        forecasts = {
            d: {"deviation": v, "commentary": NOTES[d] if statuses[d] != "green" else "Within "
                "tolerance."}
            for d, v in plan.items()
        }  # fmt: skip
        submitted = services.submit_return(
            monthly_return=draft, forecasts=forecasts, at=submitted_at, by=manager,
            exception=EXCEPTION if overall == "red" else None,
        )  # fmt: skip
        services.attest_return(
            monthly_return=submitted, part=AP.QUALITY, by=lead,
            statement="Clinical safety and quality reviewed.", at=submitted_at + timedelta(days=1),
        )  # fmt: skip
        if not late:  # the late return still waits for its finance attestation
            services.attest_return(
                monthly_return=submitted, part=AP.FINANCE, by=finance,
                statement="Spend checked against the ledger.", at=submitted_at + timedelta(days=2),
            )  # fmt: skip

    def return_text(self, reference: str, index: int, overall: str) -> dict:
        offset, month = index - MONTHS + 1, self.months[index]
        project = self.projects[reference]
        spent = [sum(line[2] for line in self.money.get((reference, i), {}).values())
                 for i in range(index + 1)]  # fmt: skip
        this_month, spent = spent[-1], sum(spent)
        rows = MILESTONES.get(reference, [])
        met = [title for title, _, _, actual, _ in rows if actual == offset]
        upcoming = [(self.on(f), title) for title, _, f, actual, _ in rows if actual is None]
        return {
            "confidence": overall,
            "confidence_narrative": f"{NARRATIVE[overall]} {SYNTHETIC}",
            "progress": f"Work continued on “{project.objectives.first().text}”. {SYNTHETIC}",
            "resources_used": f"£{this_month:,} spent in {month:%B %Y}; partner staff time as "
            f"planned. {SYNTHETIC}",
            "spend_to_date": spent,
            "achievements": f"Met: {'; '.join(met)}." if met else "No milestone fell due.",
            "next_milestones": "; ".join(f"{t} ({d:%B %Y})" for d, t in sorted(upcoming)[:2]),
            "decisions_needed": EXCEPTION["recommendation"] if overall == "red" else "",
        }

    # RAID ---------------------------------------------------------------------------------------

    def load_risks(self) -> None:
        for number, row in enumerate(RISKS, start=1):
            self.record_risk(f"JCM-R{number:02d}", *row)

    def record_risk(self, reference, where, category, owner, holders, title, cause, event, effect,
                    inherent, history, target, response, controls) -> None:  # fmt: skip
        project, workstream = self.projects.get(where), self.workstreams.get(where)
        level = LEVELS[0] if project else LEVELS[1] if workstream else LEVELS[2]
        (first, likelihood, consequence), *later = history
        risk = services.record_risk(
            at=_at(self.on(first, 20), 11), programme=self.programme, reference=reference,
            holders=[self.org(h) for h in holders], level=level, project=project,
            workstream=workstream, title=title, cause=f"{cause} {SYNTHETIC}", event=event,
            effect=effect, category=category, owner=self.people[owner],
            inherent_likelihood=inherent[0], inherent_consequence=inherent[1],
            current_likelihood=likelihood, current_consequence=consequence,
            target_likelihood=target[0], target_consequence=target[1],
            target_on=self.on(9, 28), controls=controls, response=response,
            review_on=self.on(-2) if reference == STALE_RISK else self.today + timedelta(days=30),
            visibility=project.visibility if project else "public", synthetic=True, by=self.pmo,
        )  # fmt: skip
        for offset, likelihood, consequence in later:
            services.reassess_risk(
                risk=risk, likelihood=likelihood, consequence=consequence,
                note=f"Reviewed at the {self.on(offset):%B %Y} risk review. {SYNTHETIC}",
                at=_at(self.on(offset, 20), 11), by=self.user(owner),
            )  # fmt: skip

    def load_raid(self) -> None:
        projects, people, days = self.projects, self.people, lambda n: self.today + timedelta(n)
        for reference, title, owner, offset in ISSUES:
            services.raise_issue(
                project=projects[reference], title=title, description=f"{title}. {SYNTHETIC}",
                owner=people[owner], raised_on=self.on(offset), by=self.pmo,
            )  # fmt: skip
        for reference, text, owner, offset in ASSUMPTIONS:
            services.record_assumption(
                project=projects[reference], text=f"{text}. {SYNTHETIC}", owner=people[owner],
                check_by=self.on(offset), by=self.pmo,
            )  # fmt: skip
        for text, giver, receiver, gives, receives, needed, committed, confirmer in DEPENDENCIES:
            dependency = services.record_dependency(
                programme=self.programme, description=f"{text}. {SYNTHETIC}",
                giver=self.org(giver), receiver=self.org(receiver), needed_by=days(needed),
                giving_project=projects.get(gives), receiving_project=projects.get(receives),
                by=self.pmo,
            )  # fmt: skip
            if confirmer:
                services.confirm_dependency(
                    dependency=dependency, committed_by=days(committed), by=self.user(confirmer)
                )
            if needed < 0:
                services.report_dependency_broken(dependency=dependency, by=self.user("fnhc_ooh"))
        for to, reference, what, by_when, answerer, agreed, response in ASKS:
            ask = services.ask_partner(
                programme=self.programme, to_organisation=self.org(to), by_when=days(by_when),
                what=f"{what}. {SYNTHETIC}", project=projects.get(reference), by=self.pmo,
            )  # fmt: skip
            if answerer:
                services.answer_ask(
                    ask=ask, agreed=agreed, response=f"{response} {SYNTHETIC}",
                    on=days(by_when - 3), by=self.user(answerer),
                )  # fmt: skip

    # Finance and benefits -------------------------------------------------------------------

    def load_finance(self) -> None:
        sources = [
            services.add_funding_source(
                programme=self.programme,
                name=name,
                provided_by=self.org(provider),
                held_by=self.org(holder),
                arrangement=arrangement,
                by=self.pmo,
            )  # fmt: skip
            for name, provider, holder, arrangement in FUNDING
        ]
        for (reference, index), lines in self.money.items():
            for source, (budget, forecast, actual) in lines.items():
                services.record_finance(
                    project=self.projects[reference], month=self.months[index],
                    source=sources[source], budget=budget, forecast=forecast, actual=actual,
                    by=self.pmo,
                )  # fmt: skip

    def load_benefits(self) -> None:
        for reference, description, measure, code, baseline, target, due, *rest in BENEFITS:
            owner, enabler, share = rest
            benefit = services.define_benefit(
                project=self.projects[reference], description=description,
                observable_outcome=f"{measure} moves from {baseline} to {target}.",
                attribution=f"Shared with other Jersey Care Model projects; the PMO attributes "
                f"the change to this project by its share of activity. {SYNTHETIC}",
                measure=measure, indicator_code=code, baseline=Decimal(baseline),
                target=Decimal(target), target_on=self.on(due, 28), owner=self.people[owner],
                enabled_by=[self.milestones[reference, enabler]], by=self.pmo,
            )  # fmt: skip
            for index, month in enumerate(self.months):
                planned = baseline + (target - baseline) * (index + 1) / (MONTHS + due)
                forecast = baseline + (planned - baseline) * share
                actual = forecast + (target - baseline) * self.rng.uniform(-0.03, 0.03)
                services.record_benefit_profile(
                    benefit=benefit, month=month, target=Decimal(f"{planned:.1f}"),
                    forecast=Decimal(f"{forecast:.1f}"), actual=Decimal(f"{actual:.1f}"),
                    by=self.pmo,
                )  # fmt: skip
        reference, title, offset = SLIPS_AFTER_PROFILING
        services.update_milestone(
            milestone=self.milestones[reference, title], forecast_on=self.on(offset),
            today=self.today, by=self.user("hcs_pm_digital"),
        )  # fmt: skip

    # The Programme Board, the oversight board and the monthly report -----------------------

    def meeting(self, body, title, day, hour, items, present, by) -> Meeting:
        starts = _at(day, hour)
        meeting = governance.schedule_meeting(
            body=body, title=title, starts_at=starts, ends_at=starts + timedelta(hours=2),
            location=governance_demo.ONLINE, by=by,
        )  # fmt: skip
        for item in items:
            governance.add_agenda_item(
                meeting=meeting, title=item, category=ItemCategory.PROGRAMME_REPORT,
                purpose=ItemPurpose.DECISION, by=by,
            )  # fmt: skip
        governance.move_meeting(
            meeting=meeting, to=MeetingStatus.PAPERS_PUBLISHED, at=starts - timedelta(days=5),
            by=by,
        )  # fmt: skip
        for key in present:
            governance.record_attendance(
                meeting=meeting, person=self.people[key], status=AttendanceStatus.PRESENT, by=by
            )
        return governance.move_meeting(
            meeting=meeting, to=MeetingStatus.HELD, at=starts + timedelta(hours=2), by=by
        )

    def monthly_report(self) -> None:
        due, label = due_on(self.latest), f"{self.latest:%B %Y}"
        board = self.meeting(
            self.programme.board, f"Programme Board, {due:%B %Y}", due + timedelta(days=1), 10,
            ["Standard monthly workstream update", "Exception report: Intermediate Care "
             "Programme"], ["hcs_dg", "hcs_improvement", "hcs_gmd", "hcs_md", "hcs_cn", "pmo",
                            "hcs_finance"], self.pmo,
        )  # fmt: skip
        exception = models.ExceptionReport.objects.get(monthly_return__round__month=self.latest)
        governance.respond_to_escalation(
            escalation=exception.escalation, responded_on=board.starts_at.date(), by=self.pmo,
            response="Agreed: £90,000 from the pooled fund's contingency this year, reviewed "
            f"monthly until the home care workforce pool is in place. {SYNTHETIC}",
        )  # fmt: skip
        challenge = services.challenge_project(
            project=self.projects["JCM-WF-01"], meeting=board, raised_on=board.starts_at.date(),
            text="The Workforce Strategy has reported amber on time for several months: what "
            f"will bring the recruitment milestones back to plan? {SYNTHETIC}", by=self.pmo,
        )  # fmt: skip
        services.reply_to_challenge(
            challenge=challenge, on=board.starts_at.date() + timedelta(days=2),
            by=self.user("hcs_hr"), reply="A relocation package and a return-to-practice "
            f"course start next quarter; four offers have been accepted. {SYNTHETIC}",
        )  # fmt: skip
        report = services.draft_report(
            programme=self.programme, kind=ReportKind.MONTHLY, month=self.latest, by=self.pmo,
            title=f"Jersey Care Model: monthly progress report, {label}",
            asks_of_board="The Independent Oversight Board is asked to agree this report for "
            "publication to the Minister and the Health and Social Security Scrutiny Panel, and "
            "to note the exception report from the Intermediate Care Programme.",
        )  # fmt: skip
        services.move_report(report=report, to=ReportStatus.CONSOLIDATED, by=self.pmo)
        secretary = self.user("secretary")
        oversight = self.meeting(
            self.programme.reports_agreed_by, f"Oversight meeting, {due:%B %Y}",
            due + timedelta(days=3), 14, [f"Monthly progress report, {label}"],
            ["iob_chair", "iob_member_1", "iob_member_2", "secretary"], secretary,
        )  # fmt: skip
        services.move_report(report=report, to=ReportStatus.AGREED, meeting=oversight, by=secretary)
        reports.publish(report=report, at=_at(due + timedelta(days=4), 12), by=self.pmo)


def _counts() -> dict[str, int]:
    counted = [*apps.get_app_config("programme").get_models(), Person, Meeting, Escalation]
    return {model.__name__: model.objects.count() for model in [*counted, AuditEntry]}


@transaction.atomic
def load(logins_file: Path | None = None) -> dict:
    """Load the programme demo (and the core and governance demos if they are missing); running
    it again adds nothing. Returns what was added, by model."""
    if not models.Programme.objects.filter(name=NAME).exists():
        governance_demo.load(logins_file=logins_file)
        before = _counts()
        _Loader().run()
    else:
        before = _counts()
    after = _counts()
    return {name: after[name] - before[name] for name in after}
