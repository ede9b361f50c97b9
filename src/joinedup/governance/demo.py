"""The Jersey Care Model governance demo: the bodies of the Jersey Care Partnership Framework
(seed 002), the Strategic Partnership Board's four forums (seed 000), three partners' own
committees meeting as committees in common (seed 003), and the first meetings of the Strategic
Jersey Care Partnership Board (SPB) built from the seed's example work plan for Boards 1-3.

What comes from the seeds: the bodies, their kinds, powers and reporting lines, their purpose,
functions, out-of-scope and membership composition, the SPB's cadence ("Monthly / 1.5hrs / +
papers review", online after 6pm), the Programme Board's membership by post, and the SPB work plan
(every cell of the seed's table is one forward-plan item; the programme report the seed puts on
every board is also planned for Board 4, not yet scheduled).

What is synthetic, and labelled "(synthetic demo record)" where it is shown: every person created
here (their names are invented; their organisations and posts follow the seeds), every quorum rule
(no seed sets one), the cadences other than the SPB's, meeting dates, attendance, interests and
declarations, the text of papers, minutes, recommendations, responses, decisions, actions and the
escalation. Boards 1 and 2 of the SPB, the Programme Board meeting, the Independent Oversight
Board meeting and the Scrutiny Panel's hearing (whose recommendation to the Minister still awaits
its response) have fixed dates in 2021 (the seed plans the inaugural meetings for Q1 2021); Board 3
is set on the first Tuesday at least two weeks after the day the demo is loaded, so the demo
always has an upcoming meeting with its papers published.

Everything is written through `joinedup.governance.services` (and `joinedup.core.services` for
people), so every act is in the audit chain. The people created here have unusable passwords.
It assumes the core demo (`joinedup.core.demo.load`) has run; if its personas are missing it runs
it first. Running `load()` again changes nothing: the SPB's existence marks a loaded demo.
"""

import math
import textwrap
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from joinedup.core import demo as core_demo
from joinedup.core import services as core_services
from joinedup.core.models import AuditEntry, Organisation, Person

from . import services
from .choices import (
    AttendanceStatus,
    BodyKind,
    DecisionPower,
    DeclarationConsequence,
    MeetingStatus,
    MembershipRole,
    ReachedBy,
    ResponseStatus,
)
from .choices import InterestKind as IK
from .choices import ItemCategory as C
from .choices import ItemPurpose as P
from .models import (
    Action,
    Addressee,
    AgendaItem,
    Attendance,
    Body,
    Decision,
    Declaration,
    Escalation,
    ForwardPlanItem,
    Interest,
    Meeting,
    Membership,
    Minutes,
    Paper,
    Recommendation,
    Response,
    TermsOfReference,
)

JERSEY = ZoneInfo("Europe/Jersey")
SYNTHETIC = "(synthetic demo record)"
SPB_NAME = "Strategic Jersey Care Partnership Board"
ONLINE = "Online virtual meeting"

GOVERNANCE_MODELS = [
    Body, TermsOfReference, Membership, Meeting, AgendaItem, Paper, Attendance, Interest,
    Declaration, Recommendation, Addressee, Response, Decision, Minutes, Action, Escalation,
    ForwardPlanItem,
]  # fmt: skip

# Synthetic people. key: (first name, last name, organisation short name or name, job title).
# Independent Oversight Board members are independent of every partner, and Scrutiny Panel members
# are States Members, so neither has an organisation.
PEOPLE = {
    "spb_chair": ("Morag", "Le Cornu", "Jersey Care Federation", "Chair"),
    "hcs_improvement": ("Rachel", "Du Feu", "HCS", "Director Improvement & Innovation"),
    "fnhc_ceo": ("Ellen", "Le Maistre", "Family Nursing & Home Care", "Chief executive"),
    "hospice_ceo": ("Helen", "Amy", "Jersey Hospice Care", "Chief executive"),
    "ph_consultant": ("Nadia", "Bisson", "PH", "Consultant in public health"),
    "cls_head": ("Marc", "Perchard", "CLS", "Head of social care support"),
    "dementia_former": ("Ruth", "Hamon", "Dementia Jersey", "Director"),
    "dementia_rep": ("Kieran", "Vautier", "Dementia Jersey", "Head of services"),
    "hcs_dg": ("Jonathan", "Ahier", "HCS", "Director General, Health and Community Services"),
    "hcs_gmd": ("Fiona", "Blampied", "HCS", "Group Managing Director"),
    "hcs_md": ("Sanjay", "Mehta", "HCS", "Medical Director"),
    "hcs_cn": ("Grace", "Pallot", "HCS", "Chief Nurse"),
    "hcs_hr": ("Owen", "Mauger", "HCS", "HR Business Partner"),
    "hcs_finance": ("Lucy", "Syvret", "HCS", "Finance Business Partner"),
    "hcs_comms": ("Ben", "Le Gresley", "HCS", "Communication and Engagement Lead"),
    "minister": ("Elaine", "Carré", "HCS", "Minister for Health and Social Services"),
    "iob_chair": ("Catherine", "Hurst", None, "Chair, Independent Oversight Board"),
    "iob_member_1": ("David", "Okafor", None, "Independent non-executive member"),
    "iob_member_2": ("Siân", "Pritchard", None, "Independent non-executive member"),
    "scrutiny_chair": ("Alan", "Renouf", None, "Deputy, Chair of the Scrutiny Panel"),
    "scrutiny_member_1": ("Louise", "Gallichan", None, "Deputy, member of the Scrutiny Panel"),
    "scrutiny_member_2": ("Terence", "Le Brun", None, "Deputy, member of the Scrutiny Panel"),
}
PERSONAS = ["admin", "pmo", "secretary", "commissioner", "analyst", "voluntary", "provider"]


def _lines(*items: str) -> str:
    return "\n".join(f"- {item}" for item in items)


# The bodies, parents before children. Texts in purpose/functions/out_of_scope/membership are the
# seeds' words; quorum rules are synthetic (no seed sets one).
BODIES = [
    dict(
        key="minister", name="Minister for Health and Social Services", short_name="MIN",
        kind=BodyKind.MINISTERIAL, power=DecisionPower.DECIDES, reports_to=None,
        description=(
            "Sets the policy direction and strategic objectives, and holds the system to account. "
            "The Minister remains Corporate Sole, accountable to the States Assembly through the "
            "Council of Ministers, and decides having considered the Strategic Partnership "
            "Board's recommendations."
        ),
        purpose="Sets the policy direction, strategic objectives. Holds systems to account.",
        functions=_lines(
            "Policy decision making (a Ministerial responsibility, out of the Strategic "
            "Partnership Board's scope).",
            "Ultimately makes decisions regarding health and social care, considering the "
            "recommendations of the Strategic Partnership Board (P.60/2017).",
            "Receives the Independent Oversight Board's reports on the delivery of the Jersey "
            "Care Model (P.114 amendment).",
        ),
        out_of_scope="Day-to-day delivery of the programme, which is for the JCM Programme "
        "Board and its workstream boards.",
        membership_composition="The Minister for Health and Social Services and Ministerial team.",
        quorum_minimum=1, quorum_requires_chair=False,
        quorum_rule="The Minister decides alone; no quorum applies (synthetic demo rule).",
        cadence="As required.",
    ),
    dict(
        key="scrutiny", name="Health and Social Security Scrutiny Panel", short_name="HSSP",
        kind=BodyKind.SCRUTINY, power=DecisionPower.RECOMMENDS, reports_to=None,
        description="Holds the Minister and team to account, and receives the Independent "
        "Oversight Board's reports on the Jersey Care Model.",
        purpose="Holds the Minister & Team to account.",
        functions=_lines(
            "Receives the Independent Oversight Board's reports on the delivery of the Jersey "
            "Care Model (P.114 amendment).",
            "Discusses and agrees with the Independent Oversight Board the further detail of its "
            "independent non-executive scrutiny and challenge.",
        ),
        out_of_scope="Executive and policy decisions, which remain with the Minister.",
        membership_composition="Members of the States Assembly appointed to the Panel.",
        quorum_minimum=3, quorum_requires_chair=False,
        quorum_rule="Three members of the Panel (synthetic demo rule).",
        cadence="As set by the Panel's work programme.",
    ),
    dict(
        key="iob", name="Independent Oversight Board", short_name="IOB",
        kind=BodyKind.INDEPENDENT_OVERSIGHT, power=DecisionPower.ASSURES, reports_to="minister",
        description="Keeps the delivery of the Jersey Care Model under continuous external "
        "review, and reports to the Minister and to the Health and Social Security Scrutiny "
        "Panel. It reports independently on programme management rigour and delivery progress.",
        purpose=_lines(
            "To keep under continuous review the delivery of the Jersey Care Model and report to "
            "the Minister and the Health and Social Security Scrutiny Panel.",
            "To be responsible for agreeing monthly progress reports and the publication at the "
            "end of Tranche 1 of a detailed analysis of progress against set targets and a "
            "detailed look ahead to the delivery of Tranche 2.",
            "To review all components of the governance framework to ensure each part is working "
            "effectively and to their terms of reference.",
        ),
        functions="With independent non-exec scrutiny and challenge/support on programme "
        "management to drive the delivery and highlight issues in delivery and programme "
        "management practice. Further detail needs will be discussed and agreed with Scrutiny "
        "Panel.",
        out_of_scope="Managing the programme or deciding on its delivery: it reviews, challenges "
        "and reports.",
        membership_composition="Independent, non-executive directors / or external company "
        "providing the function.",
        quorum_minimum=2, quorum_requires_chair=True,
        quorum_rule="Two members, including the chair (synthetic demo rule).",
        cadence="Monthly, to agree the monthly progress report (synthetic demo cadence).",
    ),
    dict(
        key="spb", name=SPB_NAME, short_name="SPB",
        kind=BodyKind.STRATEGIC_PARTNERSHIP_BOARD, power=DecisionPower.RECOMMENDS,
        reports_to="minister",
        description=(
            "Provides multi-stakeholder input and oversight of the strategic direction and "
            "delivery of the Care Model. As a strategic body it has no formal decision-making "
            "powers: members make collective, non-binding recommendations, by consensus, to the "
            "sovereign member organisations, who then take decisions in accordance with their own "
            "governance and legally retain the ability to disagree, or revoke decisions."
        ),
        purpose="Provides multi-stakeholder input and oversight of the strategic direction and "
        "delivery of the Care Model.",
        functions=_lines(
            "Brings together delivery partners from across the Jersey health and care sector to "
            "collaborate, innovate and ensure a partnership approach of the care model delivery",
            "Ensures the programme delivers against the objectives & benefits of the Jersey Care "
            "Model",
            "Can request clinical or technical advice and patient/client experience input from "
            "the advisory panels",
            "Enables stakeholders to participate in the design and delivery process for the "
            "programme",
            "Supports the prioritisation of projects & workstreams in line with the objectives",
            "Oversees the progress of the Jersey Care Model, provides input and management of "
            "risks across organisations",
            "Supports the delivery element of the programme through championing JCM change "
            "within their own organisations.",
            "Provides challenge to the programme board on delivery related issues",
            "Provides self-assessment on partnership work effectiveness to the Independent board.",
        ),
        out_of_scope=_lines(
            "Financial fund allocation (negotiations to happen at project and workstream level)",
            "Policy decision making (Ministerial responsibility)",
        ),
        membership_composition=(
            "Membership will be open to all partners. All partners should commit to a supportive "
            "approach, sharing learning and expertise and thereby maximising transformation "
            "resources. Representatives come from the Health & Social Services Department, the "
            "Clinical and Professional Forum, the Voluntary Sector Forum and the Public and "
            "Patient Forum (P.60/2017)."
        ),
        quorum_requires_chair=True,
        quorum_rule="A third of voting members (rounded up), including the chair "
        "(synthetic demo rule).",
        quorum_share=3,
        cadence="Monthly, 1.5 hours plus papers review; online virtual meeting after 6pm.",
    ),
    dict(
        key="pb", name="JCM Programme Board", short_name="JCMPB",
        kind=BodyKind.PROGRAMME_BOARD, power=DecisionPower.DECIDES, reports_to="spb",
        description="The mechanism for programme delivery, controls and progress reporting. "
        "Decides on delivery matters and escalates cross-organisational delivery challenges to "
        "the Strategic Jersey Care Partnership Board.",
        purpose=_lines(
            "Overseeing the delivery and implementation of the strategy across all workstreams "
            "and projects",
            "Reporting on progress of delivery and content of delivery plans for the next phase "
            "to the Strategic Jersey Care Partnership Board and the Independent Board",
        ),
        functions=_lines(
            "Supported by the JCM programme management office (PMO) the programme board will "
            "ensure each workstream provides updates in a standardised format, highlighting "
            "progress made against objectives, resources used, risks, next milestones",
            "Challenges non-delivery and supports with solving barriers to delivery",
            "Ensures strategy is aligned with delivery and escalates any cross-organisational "
            "delivery challenges to the Strategic Jersey Care Partnership Board",
            "Ensures strategic direction and prioritisation as set by the Jersey Care Partnership "
            "Board is implemented through the workstreams",
        ),
        out_of_scope="Setting strategic direction and prioritisation (the Strategic Jersey Care "
        "Partnership Board); policy decisions (the Minister).",
        membership_composition=_lines(
            "Director General Health and Community Services", "Director Improvement & "
            "Innovation, HCS", "Group Managing Director, HCS", "Medical Director", "Chief Nurse",
            "JCM PMO Lead", "HR Business Partner", "Finance Business Partner",
            "Communication and Engagement Lead", "Project Sponsors by invitation",
        ),
        quorum_requires_chair=True,
        quorum_rule="Half of voting members (rounded up), including the chair "
        "(synthetic demo rule).",
        quorum_share=2,
        cadence="Monthly, 2 hours (synthetic demo cadence).",
    ),
    *[
        dict(
            key=key, name=f"{topic} Workstream Board", short_name=short,
            kind=BodyKind.WORKSTREAM_BOARD, power=DecisionPower.DECIDES, reports_to="pb",
            description=f"The delivery board of the {topic} workstream: decides within its own "
            "project(s) and reports to the Programme Board through the PMO.",
            purpose="Delivering and implementing the Jersey Care Model Delivery Plan",
            functions="A set of delivery workstreams that deliver the strategy. Each workstream "
            "has their own delivery board which reports back to the PMO (Programme Management "
            "Office) on progress, resources, milestones, risks etc",
            out_of_scope="Matters beyond the workstream's own projects and budget; "
            "cross-workstream delivery challenges go to the JCM Programme Board.",
            membership_composition=_lines(
                "Each workstream to be structured as a programme/project with dedicated roles "
                "(SRO, senior user etc) and must include a clinical lead",
                "The Board will comprise of the Project Sponsor (the person ultimately "
                "accountable for programme/project success), the Project Manager and relevant "
                "stakeholders associated with the design, build and operational delivery of the "
                "project's outputs.",
                "It shall also have finance representative on the Board",
            ),
            quorum_minimum=3, quorum_requires_chair=True,
            quorum_rule="Three members, including the Project Sponsor as chair "
            "(synthetic demo rule).",
            cadence="Monthly, reporting to the PMO (synthetic demo cadence).",
        )
        for key, topic, short in [
            ("ws_workforce", "Workforce", "WS-WF"),
            ("ws_digital", "Digital", "WS-DIG"),
            ("ws_intermediate", "Intermediate Care", "WS-IC"),
        ]
    ],
    dict(
        key="advisory_cell", name="Technical and Clinical Care Advisory Cell", short_name="TCCAC",
        kind=BodyKind.ADVISORY_GROUP, power=DecisionPower.ADVISES, reports_to="spb",
        description="A source of independent, strategic advice and guidance to the JCM and other "
        "projects (the framework's Professional Advisory Group).",
        purpose="Technical and Clinical Care Advisory Cell will be a source of independent, "
        "strategic advice and guidance to the JCM and other projects. It will assist them to "
        "make the best decisions about healthcare for Jersey.",
        functions="Professional clinical, technical and scientific advisory group that informs "
        "the strategy committee and the delivery workstreams with research, best practice and "
        "international case studies.",
        out_of_scope="Decisions: it advises the bodies that recommend and decide.",
        membership_composition=_lines(
            "A core group of clinical, technical and scientific experts across partners to "
            "identify experts for specific topics to be asked and brought in (from on island and "
            "internationally)",
            "Membership should be multi-professional: commissioners and providers; social care; "
            "physical and mental health; professional, educational and third sector",
            "Based on strategic abilities, credibility and experience",
            "Membership is not intended to be representative by numbers",
            "Facilitates the creation of advisory groups on particular issues / topics",
        ),
        quorum_minimum=3, quorum_requires_chair=True,
        quorum_rule="Three members, including the chair (synthetic demo rule).",
        cadence="As required, convened on particular issues or topics.",
    ),
    dict(
        key="suac", name="Service User Advisory Council", short_name="SUAC",
        kind=BodyKind.ADVISORY_GROUP, power=DecisionPower.ASSURES, reports_to="spb",
        description="Overall challenge and input from a lay person perspective; assures the "
        "Strategic Partnership Board that projects have incorporated patient and carer feedback.",
        purpose="Providing overall challenge and input from a lay person perspective, covering "
        "patient, carer and wider community experiences and views",
        functions=_lines(
            "To source patient/carer experiences to feed into service design and delivery for "
            "each project",
            "Will provide assurance to the Strategic Partnership Board on whether projects have "
            "sufficiently incorporated patient/carer feedback.",
            "It will assist to make the best decisions about healthcare for Jersey.",
        ),
        out_of_scope="Decisions on projects: it gives assurance and advice.",
        membership_composition=(
            "Depending on the option selected: (1) a dedicated group of lay persons appointed "
            "through a public selection process; (2) a core of professional members who are "
            "working with patients/carers/community; (3) an assurance function only; (4) a mix "
            "of the above."
        ),
        quorum_minimum=3, quorum_requires_chair=False,
        quorum_rule="Three members (synthetic demo rule).",
        cadence="Monthly (synthetic demo cadence).",
    ),
    *[
        dict(
            key=key, name=name, short_name=short, kind=BodyKind.FORUM,
            power=DecisionPower.ADVISES, reports_to="spb",
            description=f"One of the four forums whose representatives make up the Strategic "
            f"Partnership Board (P.60/2017): {who}.",
            purpose=f"To give {who} a clear and visible way to participate in and to understand "
            "strategic decisions about health and social care, through representatives on the "
            "Strategic Partnership Board.",
            functions=_lines(
                "Sends representatives to the Strategic Partnership Board.",
                "Advises the Strategic Partnership Board from its members' perspective.",
            ),
            out_of_scope="Decisions: the Minister, and each organisation in its own right, "
            "decide.",
            membership_composition=f"Open to {who}.",
            quorum_minimum=3, quorum_requires_chair=True,
            quorum_rule="Three members, including the chair (synthetic demo rule).",
            cadence="Quarterly (synthetic demo cadence).",
        )
        for key, name, short, who in [
            ("forum_department", "Health and Social Services Department Forum", "DEPT-F",
             "the Health & Social Services Department"),
            ("forum_clinical", "Clinical and Professional Forum", "CPF",
             "care professionals"),
            ("forum_voluntary", "Voluntary Sector Forum", "VSF",
             "the voluntary and community sector"),
            ("forum_public", "Public and Patient Forum", "PPF",
             "Islanders, patients and carers"),
        ]
    ],
    *[
        dict(
            key=key, name=name, short_name=short, kind=BodyKind.PARTNER_COMMITTEE,
            power=DecisionPower.DECIDES, reports_to=None, organisation=org,
            description=f"The governing board of {org}, a sovereign member organisation. It "
            "decides in its own right, including when it meets with other partners' committees "
            "as committees in common to decide the same question at the same time.",
            purpose=f"To take {org}'s own decisions, including on the Strategic Jersey Care "
            "Partnership Board's non-binding recommendations addressed to it.",
            functions=_lines(
                "Records its own response to each recommendation addressed to the organisation: "
                "accept, accept with changes, decline or defer, and later revoke.",
                "Takes the organisation's financial decisions in line with its existing "
                "obligations, governance and responsibilities.",
                "Meets as committees in common with other partners' committees where partners "
                "decide the same question together, each in its own right.",
            ),
            out_of_scope="Decisions for any other organisation.",
            membership_composition=f"As set by {org}'s own constitution.",
            quorum_minimum=3, quorum_requires_chair=False,
            quorum_rule="Three directors or trustees (synthetic demo rule).",
            cadence="As set by the organisation's own constitution.",
        )
        for key, name, short, org in [
            ("hcs_board", "Health and Community Services Board", "HCSB",
             "Health and Community Services"),
            ("fnhc_board", "Family Nursing & Home Care Board", "FNHCB",
             "Family Nursing & Home Care"),
            ("hospice_board", "Jersey Hospice Care Board", "JHCB", "Jersey Hospice Care"),
        ]
    ],
]  # fmt: skip

# The SPB example work plan for Boards 1-3, exactly as seed 002's table: (board, category, title,
# purpose), one forward-plan item per entry of each cell.
_REPORT = [
    ("Progress to plan", P.INFORMATION),
    ("Risks & Issues", P.DISCUSSION),
    ("Financial position", P.INFORMATION),
    ("Escalations for resolution", P.DISCUSSION),
]
WORK_PLAN = [
    (1, C.GOVERNANCE, "TORs Review", P.DISCUSSION),
    (1, C.GOVERNANCE, "Scheduling & format", P.DISCUSSION),
    (1, C.GOVERNANCE, "Appointment of Chair", P.DECISION),
    (1, C.PRIORITISATION, "High Level Plan", P.DISCUSSION),
    (1, C.PRIORITISATION, "Expressions of interest in projects", P.DISCUSSION),
    (1, C.PROJECT_INITIATION, "Workforce strategy", P.DISCUSSION),
    (1, C.PROJECT_INITIATION, "Digital Programme", P.DISCUSSION),
    (1, C.PROJECT_INITIATION, "Intermediate Care Programme", P.DISCUSSION),
    (1, C.SPOTLIGHT, "Out of Hours", P.INFORMATION),
    *[(1, C.PROGRAMME_REPORT, title, purpose) for title, purpose in _REPORT],
    (2, C.GOVERNANCE, "TOR Approval", P.DECISION),
    (2, C.PRIORITISATION, "Tranche 1 plan", P.RECOMMENDATION),
    (2, C.PRIORITISATION, "Project Scope decisions", P.RECOMMENDATION),
    (2, C.PROJECT_INITIATION, "Carer Strategy", P.RECOMMENDATION),
    (2, C.PROJECT_INITIATION, "Digital Project X", P.DISCUSSION),
    (2, C.SPOTLIGHT, "Inflight Digital Project Z", P.INFORMATION),
    *[(2, C.PROGRAMME_REPORT, title, purpose) for title, purpose in _REPORT],
    (3, C.GOVERNANCE, "Report to IOB", P.ASSURANCE),
    (3, C.PRIORITISATION, "Project Plans", P.RECOMMENDATION),
    (3, C.PROJECT_INITIATION, "Intermediate Care", P.DISCUSSION),
    (3, C.PROJECT_INITIATION, "Project Y", P.DISCUSSION),
    (3, C.SPOTLIGHT, "Workforce Strategy", P.INFORMATION),
    *[(3, C.PROGRAMME_REPORT, title, purpose) for title, purpose in _REPORT],
]
# Beyond the seed's example: the programme report it puts on every board, planned for Board 4 (not
# yet scheduled, so the work plan always has an upcoming board).
WORK_PLAN += [(4, C.PROGRAMME_REPORT, title, purpose) for title, purpose in _REPORT]

# (body key, person key, role, voting, starts on)
MEMBERSHIPS = [
    ("minister", "minister", MembershipRole.CHAIR, True, date(2021, 1, 1)),
    ("iob", "iob_chair", MembershipRole.CHAIR, True, date(2021, 5, 1)),
    ("iob", "iob_member_1", MembershipRole.MEMBER, True, date(2021, 5, 1)),
    ("iob", "iob_member_2", MembershipRole.MEMBER, True, date(2021, 5, 1)),
    ("scrutiny", "scrutiny_chair", MembershipRole.CHAIR, True, date(2021, 1, 1)),
    ("scrutiny", "scrutiny_member_1", MembershipRole.MEMBER, True, date(2021, 1, 1)),
    ("scrutiny", "scrutiny_member_2", MembershipRole.MEMBER, True, date(2021, 1, 1)),
    # The chair is appointed at Board 1 (the work plan's "Appointment of Chair").
    ("spb", "spb_chair", MembershipRole.CHAIR, True, date(2021, 3, 23)),
    ("spb", "hcs_improvement", MembershipRole.VICE_CHAIR, True, date(2021, 3, 1)),
    ("spb", "voluntary", MembershipRole.MEMBER, True, date(2021, 3, 1)),
    ("spb", "provider", MembershipRole.MEMBER, True, date(2021, 3, 1)),
    ("spb", "fnhc_ceo", MembershipRole.MEMBER, True, date(2021, 3, 1)),
    ("spb", "hospice_ceo", MembershipRole.MEMBER, True, date(2021, 3, 1)),
    ("spb", "ph_consultant", MembershipRole.MEMBER, True, date(2021, 3, 1)),
    ("spb", "cls_head", MembershipRole.MEMBER, True, date(2021, 3, 1)),
    ("spb", "dementia_rep", MembershipRole.MEMBER, True, date(2021, 4, 1)),
    ("spb", "secretary", MembershipRole.SECRETARY, False, date(2021, 3, 1)),
    ("spb", "commissioner", MembershipRole.OBSERVER, False, date(2021, 3, 1)),
    ("pb", "hcs_dg", MembershipRole.CHAIR, True, date(2021, 2, 1)),
    ("pb", "hcs_improvement", MembershipRole.VICE_CHAIR, True, date(2021, 2, 1)),
    ("pb", "hcs_gmd", MembershipRole.MEMBER, True, date(2021, 2, 1)),
    ("pb", "hcs_md", MembershipRole.MEMBER, True, date(2021, 2, 1)),
    ("pb", "hcs_cn", MembershipRole.MEMBER, True, date(2021, 2, 1)),
    ("pb", "pmo", MembershipRole.MEMBER, True, date(2021, 2, 1)),
    ("pb", "hcs_hr", MembershipRole.MEMBER, True, date(2021, 2, 1)),
    ("pb", "hcs_finance", MembershipRole.MEMBER, True, date(2021, 2, 1)),
    ("pb", "hcs_comms", MembershipRole.MEMBER, True, date(2021, 2, 1)),
    ("pb", "analyst", MembershipRole.ADVISER, False, date(2021, 2, 1)),
    ("ws_workforce", "hcs_hr", MembershipRole.CHAIR, True, date(2021, 4, 13)),
    ("ws_workforce", "hcs_cn", MembershipRole.MEMBER, True, date(2021, 4, 13)),
    ("ws_workforce", "hcs_finance", MembershipRole.MEMBER, True, date(2021, 4, 13)),
    ("ws_digital", "hcs_improvement", MembershipRole.CHAIR, True, date(2021, 4, 13)),
    ("ws_digital", "hcs_md", MembershipRole.MEMBER, True, date(2021, 4, 13)),
    ("ws_digital", "hcs_finance", MembershipRole.MEMBER, True, date(2021, 4, 13)),
    ("ws_intermediate", "hcs_gmd", MembershipRole.CHAIR, True, date(2021, 4, 13)),
    ("ws_intermediate", "hcs_cn", MembershipRole.MEMBER, True, date(2021, 4, 13)),
    ("ws_intermediate", "hcs_finance", MembershipRole.MEMBER, True, date(2021, 4, 13)),
    ("ws_intermediate", "fnhc_ceo", MembershipRole.MEMBER, True, date(2021, 4, 13)),
    ("advisory_cell", "hcs_md", MembershipRole.CHAIR, True, date(2021, 3, 1)),
    ("advisory_cell", "ph_consultant", MembershipRole.MEMBER, True, date(2021, 3, 1)),
    ("forum_department", "hcs_dg", MembershipRole.CHAIR, True, date(2021, 3, 1)),
    ("forum_department", "cls_head", MembershipRole.MEMBER, True, date(2021, 3, 1)),
    ("forum_clinical", "hcs_md", MembershipRole.CHAIR, True, date(2021, 3, 1)),
    ("forum_clinical", "hcs_cn", MembershipRole.MEMBER, True, date(2021, 3, 1)),
    ("forum_voluntary", "voluntary", MembershipRole.CHAIR, True, date(2021, 3, 1)),
    ("forum_voluntary", "hospice_ceo", MembershipRole.MEMBER, True, date(2021, 3, 1)),
    ("forum_voluntary", "dementia_rep", MembershipRole.MEMBER, True, date(2021, 4, 1)),
]

BOARD_1 = datetime(2021, 3, 23, 18, 0, tzinfo=JERSEY)
PROGRAMME_BOARD_1 = datetime(2021, 4, 13, 10, 0, tzinfo=JERSEY)
BOARD_2 = datetime(2021, 4, 27, 18, 0, tzinfo=JERSEY)
IOB_1 = datetime(2021, 6, 15, 14, 0, tzinfo=JERSEY)
SCRUTINY_1 = datetime(2021, 7, 6, 10, 0, tzinfo=JERSEY)


def board_3_start(today: date) -> datetime:
    """The first Tuesday at least two weeks from today, at 6pm in Jersey."""
    day = today + timedelta(days=14)
    day += timedelta(days=(1 - day.weekday()) % 7)
    return datetime(day.year, day.month, day.day, 18, 0, tzinfo=JERSEY)


# ---------------------------------------------------------------------------------------------
# Papers: small, real PDF files built here (no PDF library is installed).


def _published(meeting: Meeting) -> datetime:
    """Papers go out a week before the meeting (or now, for a meeting less than a week away)."""
    return min(timezone.now(), meeting.starts_at - timedelta(days=7))


def _pdf_text(text: str) -> bytes:
    text = text.translate({0x2014: "-", 0x2013: "-", 0x2018: "'", 0x2019: "'", 0x201C: '"',
                           0x201D: '"', 0x2026: "..."})  # fmt: skip
    data = text.encode("cp1252", errors="replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def pdf_document(title: str, lines: Iterable[str]) -> bytes:
    """A valid one-page PDF 1.4 (Helvetica, WinAnsi encoding) with a title and wrapped text."""
    wrapped = []
    for line in lines:
        wrapped.extend(textwrap.wrap(line, 92) or [""])
    ops = [b"BT", b"/F2 15 Tf", b"56 786 Td", b"(" + _pdf_text(title) + b") Tj",
           b"/F1 10 Tf", b"14 TL", b"0 -8 Td"]  # fmt: skip
    ops += [b"T* (" + _pdf_text(line) + b") Tj" for line in wrapped[:50]]
    ops.append(b"ET")
    stream = b"\n".join(ops)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Title (" + _pdf_text(title) + b") /Producer (Joined Up demo) >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, len(objects), xref_at,
    )  # fmt: skip
    return bytes(out)


# ---------------------------------------------------------------------------------------------


class _Loader:
    """One run of the governance demo; each step writes through the services."""

    def __init__(self):
        self.people: dict[str, Person] = {}
        self.bodies: dict[str, Body] = {}
        self.today = timezone.localdate()

    # People and organisations ------------------------------------------------------------------

    @staticmethod
    def organisation(key: str) -> Organisation:
        if key.isupper():
            return Organisation.objects.get(short_name=key)
        return Organisation.objects.get(name=key)

    def load_people(self) -> None:
        User = get_user_model()
        for username in PERSONAS:
            self.people[username] = Person.objects.select_related("user", "organisation").get(
                user__username=username
            )
        admin = self.people["admin"].user
        for key, (first, last, organisation_key, job_title) in PEOPLE.items():
            username = f"{slugify(first)}.{slugify(last).replace('-', '')}"
            existing = User.objects.filter(username=username).first()
            if existing is not None and hasattr(existing, "person"):
                self.people[key] = existing.person
                continue
            organisation = self.organisation(organisation_key) if organisation_key else None
            domain = slugify(organisation.name if organisation else "independent oversight")
            self.people[key] = core_services.create_person(
                username=username, first_name=first, last_name=last,
                email=f"{username}@{domain.replace('-', '')[:24]}.example.je", password=None,
                organisation=organisation, job_title=job_title, by=admin,
            )  # fmt: skip

    def user(self, key: str):
        return self.people[key].user

    # Bodies, terms of reference, memberships ----------------------------------------------------

    def load_bodies(self) -> None:
        by = self.user("secretary")
        for spec in BODIES:
            self.bodies[spec["key"]] = services.create_body(
                name=spec["name"], short_name=spec["short_name"], kind=spec["kind"],
                decision_power=spec["power"],
                reports_to=self.bodies[spec["reports_to"]] if spec["reports_to"] else None,
                organisation=self.organisation(spec["organisation"])
                if spec.get("organisation") else None,
                description=spec["description"], by=by,
            )  # fmt: skip

    def load_memberships(self) -> None:
        by = self.user("secretary")
        for body_key, person_key, role, voting, starts_on in MEMBERSHIPS:
            services.appoint_member(
                body=self.bodies[body_key], person=self.people[person_key], role=role,
                is_voting=voting, starts_on=starts_on, by=by,
            )  # fmt: skip
        # A past member: Dementia Jersey's first representative, replaced from April 2021.
        former = services.appoint_member(
            body=self.bodies["spb"], person=self.people["dementia_former"],
            role=MembershipRole.MEMBER, starts_on=date(2021, 3, 1), by=by,
        )  # fmt: skip
        services.end_membership(membership=former, ends_on=date(2021, 3, 31), by=by)

    def adopt_terms(self, approvals: dict) -> None:
        """Terms of reference v1 of every body; `approvals` maps a body key to the meeting that
        approved them (the others are recorded as the framework's draft, not yet approved)."""
        by = self.user("secretary")
        fields = ["functions", "out_of_scope", "membership_composition", "quorum_rule", "cadence"]
        for spec in BODIES:
            body = self.bodies[spec["key"]]
            minimum = spec.get("quorum_minimum")
            if minimum is None:  # a share of the voting members at the approving meeting
                approving = approvals[spec["key"]]
                voting = Membership.objects.current_on(approving.starts_at.date()).filter(
                    body=body, is_voting=True
                )
                minimum = math.ceil(voting.count() / spec["quorum_share"])
            services.adopt_terms_of_reference(
                body=body, purpose=spec["purpose"], approved_at=approvals.get(spec["key"]),
                quorum_minimum=minimum, quorum_requires_chair=spec["quorum_requires_chair"],
                review_on=date(2022, 4, 30), by=by, **{name: spec[name] for name in fields},
            )  # fmt: skip

    # Meetings -----------------------------------------------------------------------------------

    def paper(self, item, title, lines, by, **confidentiality):
        meeting = item.meeting
        name = slugify(f"{meeting.body.short_name} {meeting.title} {title}")[:80] + ".pdf"
        content = pdf_document(
            title,
            [
                f"{meeting.body.name}: {meeting.title}, "
                f"{timezone.localtime(meeting.starts_at, JERSEY):%A %d %B %Y, %H:%M}",
                f"Agenda item {item.position}: {item.title}",
                SYNTHETIC,
                "",
                *lines,
                "",
                "Joined Up demo paper: the text is synthetic; the body, item and work plan are "
                "those of the Jersey Care Partnership Framework (December 2020).",
            ],
        )
        return services.upload_paper(
            item=item, title=title, by=by,
            uploaded=SimpleUploadedFile(name, content, content_type="application/pdf"),
            **confidentiality,
        )  # fmt: skip

    def attend(self, meeting, present=(), apologies=(), absent=()):
        by = self.user("secretary")
        for keys, status in [
            (present, AttendanceStatus.PRESENT),
            (apologies, AttendanceStatus.APOLOGIES),
            (absent, AttendanceStatus.ABSENT),
        ]:
            for key in keys:
                services.record_attendance(
                    meeting=meeting, person=self.people[key], status=status, by=by
                )

    @staticmethod
    def minutes_text(meeting: Meeting, notes: list[tuple[str, str]]) -> str:
        attendance = Attendance.objects.filter(meeting=meeting).select_related("person__user")
        by_status = {status: [] for status in AttendanceStatus}
        for row in attendance.order_by("person__user__last_name"):
            by_status[row.status].append(row.person.name)
        text = [f"# Minutes of {meeting.body.name}, {meeting.title}", "", SYNTHETIC, ""]
        for status in AttendanceStatus:
            if by_status[status]:
                text.append(f"**{status.label}:** {', '.join(by_status[status])}")
                text.append("")
        for title, note in notes:
            text += [f"## {title}", "", note, ""]
        return "\n".join(text).strip() + "\n"

    @staticmethod
    def item(meeting, title) -> AgendaItem:
        return meeting.items.select_related("meeting__body").get(title=title)

    @staticmethod
    def fresh(*items: AgendaItem) -> list[AgendaItem]:
        """The items again, with their meeting as it now is (after a change of status)."""
        found = AgendaItem.objects.select_related("meeting__body").in_bulk([i.pk for i in items])
        return [found[i.pk] for i in items]

    def respond(self, recommendation, organisation, status, reasons, decided_by, authority,
                decided_on, person_key):  # fmt: skip
        return services.record_response(
            recommendation=recommendation, organisation=organisation, status=status,
            reasons=f"{reasons} {SYNTHETIC}", decided_by=decided_by, authority=authority,
            decided_on=decided_on, by=self.user(person_key),
        )  # fmt: skip

    def run(self) -> None:
        self.load_people()
        self.load_bodies()
        self.load_memberships()
        sec = self.user("secretary")
        spb, pb, iob = self.bodies["spb"], self.bodies["pb"], self.bodies["iob"]

        for board, category, title, purpose in WORK_PLAN:
            services.plan_item(
                body=spb, title=title, category=category, purpose=purpose, board_number=board,
                by=sec,
            )  # fmt: skip
        board_3 = board_3_start(self.today)
        b1, b2, b3 = (
            services.schedule_meeting_from_plan(
                body=spb,
                board_number=number,
                title=f"Board {number}",
                starts_at=start,
                ends_at=start + timedelta(minutes=90),
                location=ONLINE,
                by=sec,
            )  # fmt: skip
            for number, start in [(1, BOARD_1), (2, BOARD_2), (3, board_3)]
        )
        pb1 = services.schedule_meeting(
            body=pb, title="Programme Board, April 2021", starts_at=PROGRAMME_BOARD_1,
            ends_at=PROGRAMME_BOARD_1 + timedelta(hours=2), location=ONLINE, by=self.user("pmo"),
        )  # fmt: skip
        iob1 = services.schedule_meeting(
            body=iob, title="Oversight meeting, June 2021", starts_at=IOB_1,
            ends_at=IOB_1 + timedelta(hours=2), location=ONLINE, by=sec,
        )  # fmt: skip
        hearing = services.schedule_meeting(
            body=self.bodies["scrutiny"], title="Public hearing: the Jersey Care Model, July 2021",
            starts_at=SCRUTINY_1, ends_at=SCRUTINY_1 + timedelta(hours=2),
            location="States Building, Blampied Room", by=sec,
        )  # fmt: skip
        self.adopt_terms(
            {"spb": b2, "pb": b2, "ws_workforce": pb1, "ws_digital": pb1, "ws_intermediate": pb1}
        )
        self.board_1(b1)
        escalation = self.programme_board(pb1)
        self.board_2(b2, b1, escalation, board_3.date())
        self.oversight(iob1)
        self.scrutiny(hearing)
        self.board_3(b3)

    # SPB Board 1 --------------------------------------------------------------------------------

    def board_1(self, meeting: Meeting) -> None:
        sec, pmo = self.user("secretary"), self.user("pmo")
        self.paper(
            self.item(meeting, "TORs Review"), "Draft terms of reference for review",
            ["The draft terms of reference of the Strategic Jersey Care Partnership Board, the "
             "JCM Programme Board and the workstream boards, from the partner sessions of 4 and "
             "8 December 2020 and the survey that followed."], sec,
        )  # fmt: skip
        self.paper(
            self.item(meeting, "High Level Plan"), "Jersey Care Model high level plan",
            ["Workstreams, projects and tranches of the Jersey Care Model, for members to "
             "express interest in the projects they wish to take part in."], pmo,
        )  # fmt: skip
        self.paper(
            self.item(meeting, "Progress to plan"), "Programme report, March 2021",
            ["Progress to plan, risks and issues, financial position and escalations for "
             "resolution, in the PMO's standard format."], pmo,
        )  # fmt: skip
        meeting = services.move_meeting(
            meeting=meeting, to=MeetingStatus.PAPERS_PUBLISHED, by=sec, at=_published(meeting)
        )
        self.attend(
            meeting,
            present=["spb_chair", "hcs_improvement", "voluntary", "provider", "fnhc_ceo",
                     "hospice_ceo", "dementia_former", "secretary", "commissioner"],
            apologies=["ph_consultant"], absent=["cls_head"],
        )  # fmt: skip
        services.assign_action(
            meeting=meeting, item=self.item(meeting, "TORs Review"), owner=self.people["secretary"],
            title="Circulate the revised draft terms of reference to member organisations for "
            f"comment before Board 2 {SYNTHETIC}", due_on=date(2021, 4, 6), by=sec,
        )  # fmt: skip
        meeting = services.move_meeting(
            meeting=meeting, to=MeetingStatus.HELD, by=sec, at=meeting.ends_at
        )
        services.draft_minutes(
            meeting=meeting, by=sec,
            text=self.minutes_text(meeting, [
                ("TORs Review", "Members reviewed the draft terms of reference and asked for "
                 "the quorum and the route for recommendations to member organisations to be "
                 "made explicit. Revised terms to come to Board 2 for approval."),
                ("Appointment of Chair", "Members agreed by consensus that Morag Le Cornu "
                 "(Jersey Care Federation) chair the Board."),
                ("Expressions of interest in projects", "Members to tell the PMO which projects "
                 "they wish to take part in."),
                ("Programme report", "Noted."),
            ]),
        )  # fmt: skip
        action = Action.objects.get(meeting=meeting)
        services.complete_action(action=action, completed_on=date(2021, 4, 1), by=sec)

    # Programme Board ----------------------------------------------------------------------------

    def programme_board(self, meeting: Meeting) -> Escalation:
        pmo = self.user("pmo")
        add = services.add_agenda_item
        terms = add(
            meeting=meeting, title="Workstream board terms of reference",
            category=C.GOVERNANCE, purpose=P.DECISION, presenter=self.people["pmo"], by=pmo,
        )  # fmt: skip
        updates = add(
            meeting=meeting, title="Standard monthly workstream update",
            category=C.PROGRAMME_REPORT, purpose=P.DECISION, presenter=self.people["pmo"], by=pmo,
        )  # fmt: skip
        delays = add(
            meeting=meeting, title="Delivery delays: third parties and other parts of Government",
            category=C.PROGRAMME_REPORT, purpose=P.DISCUSSION,
            presenter=self.people["hcs_improvement"], by=pmo,
        )  # fmt: skip
        terms_paper = self.paper(
            terms, "Workforce, Digital and Intermediate Care workstream boards: terms of "
            "reference", ["Each workstream is structured as a programme with a sponsor, a "
            "project manager, a clinical lead and a finance representative."], pmo,
        )  # fmt: skip
        template = self.paper(
            updates, "Standard monthly workstream update template",
            ["Overall and per-dimension RAG (scope, schedule, cost, benefits, risk); progress "
             "against objectives; resources used; achievements; next milestones; decisions "
             "needed."], pmo,
        )  # fmt: skip
        meeting = services.move_meeting(
            meeting=meeting, to=MeetingStatus.PAPERS_PUBLISHED, by=pmo, at=_published(meeting)
        )
        terms, updates, delays = self.fresh(terms, updates, delays)
        self.attend(
            meeting,
            present=["hcs_dg", "hcs_improvement", "hcs_md", "hcs_cn", "pmo", "hcs_hr",
                     "hcs_finance", "analyst"],
            apologies=["hcs_gmd"], absent=["hcs_comms"],
        )  # fmt: skip
        services.record_decision(
            body=meeting.body, item=terms, decided_on=meeting.starts_at.date(), by=pmo,
            title="Approve the terms of reference of the three workstream boards",
            text=f"The terms of reference of the Workforce, Digital and Intermediate Care "
            f"workstream boards are approved. {SYNTHETIC}",
            basis="Paper: workstream boards' terms of reference; the framework's requirement "
            "that each workstream has a sponsor, a clinical lead and a finance representative.",
            papers=[terms_paper],
        )  # fmt: skip
        services.record_decision(
            body=meeting.body, item=updates, decided_on=meeting.starts_at.date(), by=pmo,
            title="Adopt the standard monthly workstream update",
            text="From May 2021 every workstream reports to the PMO each month in the standard "
            f"format; the PMO reports late or missing updates to this Board. {SYNTHETIC}",
            basis="Paper: standard monthly workstream update template (PMO); the Programme "
            "Board's function to ensure each workstream provides updates in a standardised "
            "format (Jersey Care Partnership Framework).",
            papers=[template],
        )  # fmt: skip
        escalation = services.raise_escalation(
            from_body=meeting.body, meeting=meeting, item=delays,
            raised_on=meeting.starts_at.date(),
            due_by=date(2021, 4, 27), by=pmo,
            subject="Delays from working with third parties or other parts of Government",
            detail="The Digital Programme and Intermediate Care projects are waiting on a "
            "supplier and on other Government departments for data-sharing agreements and "
            "estates decisions; milestones for May and June 2021 are at risk and no single "
            f"partner can resolve this. {SYNTHETIC}",
            decision_requested="That the Strategic Partnership Board ask member organisations "
            "and the departments concerned to agree one way of managing these dependencies, "
            "with named leads.",
        )  # fmt: skip
        services.assign_action(
            meeting=meeting, item=delays, owner=self.people["hcs_improvement"],
            title=f"List every third-party and cross-Government dependency, with an owner "
            f"{SYNTHETIC}", due_on=date(2021, 4, 23), by=pmo,
        )  # fmt: skip
        meeting = services.move_meeting(
            meeting=meeting, to=MeetingStatus.HELD, by=pmo, at=meeting.ends_at
        )
        services.complete_action(
            action=Action.objects.get(meeting=meeting), completed_on=date(2021, 4, 22), by=pmo
        )
        return escalation

    # SPB Board 2 --------------------------------------------------------------------------------

    def board_2(
        self, meeting: Meeting, board_1: Meeting, escalation: Escalation, board_3_day: date
    ) -> None:
        sec, pmo = self.user("secretary"), self.user("pmo")
        org = self.organisation
        hcs, fnhc = org("HCS"), org("Family Nursing & Home Care")
        hospice, mind, tutela = org("Jersey Hospice Care"), org("Mind Jersey"), org("Tutela")
        services.add_agenda_item(
            meeting=meeting, title="Minutes of Board 1", category=C.GOVERNANCE,
            purpose=P.DECISION, presenter=self.people["spb_chair"], by=sec,
        )  # fmt: skip
        part_b = services.add_agenda_item(
            meeting=meeting, title="Digital Project X: supplier negotiations",
            category=C.PROJECT_INITIATION, purpose=P.DISCUSSION,
            presenter=self.people["hcs_improvement"], is_confidential=True,
            exemption_reason="Commercially sensitive: a supplier's pricing and the "
            f"partnership's negotiating position {SYNTHETIC}", by=sec,
        )  # fmt: skip
        tor, tranche = self.item(meeting, "TOR Approval"), self.item(meeting, "Tranche 1 plan")
        scope, carers = (
            self.item(meeting, "Project Scope decisions"),
            self.item(meeting, "Carer Strategy"),
        )
        digital = self.item(meeting, "Digital Project X")
        self.paper(tor, "Terms of reference for approval",
                   ["Revised after Board 1: quorum, the chair, and how recommendations go to "
                    "member organisations, which decide in their own right."], sec)  # fmt: skip
        self.paper(tranche, "Tranche 1 plan",
                   ["The projects of Tranche 1, their sequence and each partner's part in "
                    "them."], pmo)  # fmt: skip
        self.paper(scope, "Intermediate Care project scope",
                   ["Options for the scope of the Intermediate Care project: step-up and "
                    "step-down care at home, and who might deliver it."], pmo)  # fmt: skip
        self.paper(carers, "Carer Strategy: paper for the committees in common",
                   ["A single offer of support for unpaid carers, for HCS, Family Nursing & "
                    "Home Care and Jersey Hospice Care to decide together, each in its own "
                    "right."], pmo)  # fmt: skip
        self.paper(digital, "Digital Project X: outline proposal",
                   ["Scope, benefits and timeline of Digital Project X."], pmo)  # fmt: skip
        self.paper(
            digital, "Digital Project X: commercial annex",
            ["Estimated costs by supplier option. Confidential until the contract was awarded; "
             "released on 27 April 2022."], pmo, is_confidential=True,
            exemption_reason="Commercially sensitive until contract award",
            release_on=date(2022, 4, 27),
        )  # fmt: skip
        self.paper(
            part_b, "Digital Project X: supplier terms and staff consultation",
            ["The supplier's proposed terms, and the names of staff affected by the change."],
            pmo, exemption_reason="Commercially sensitive, and personal information about "
            "named staff",
        )  # fmt: skip
        self.paper(self.item(meeting, "Progress to plan"), "Programme report, April 2021",
                   ["Progress to plan, risks and issues, financial position; one escalation "
                    "from the Programme Board for resolution."], pmo)  # fmt: skip
        meeting = services.move_meeting(
            meeting=meeting, to=MeetingStatus.PAPERS_PUBLISHED, by=sec, at=_published(meeting)
        )
        tranche, scope, carers = self.fresh(tranche, scope, carers)
        self.attend(
            meeting,
            present=["spb_chair", "hcs_improvement", "voluntary", "provider", "fnhc_ceo",
                     "hospice_ceo", "dementia_rep", "secretary", "commissioner"],
            apologies=["ph_consultant"], absent=["cls_head"],
        )  # fmt: skip

        # Minutes of Board 1, approved as an item of Board 2.
        services.approve_minutes(minutes=board_1.minutes, at_meeting=meeting, by=sec)

        # A provider's representative withdraws from the project-scope item.
        interest = services.register_interest(
            person=self.people["provider"], kind=IK.FINANCIAL, starts_on=date(2019, 1, 1),
            description=f"Registered manager of Tutela, a home care provider that may bid to "
            f"deliver intermediate care at home {SYNTHETIC}", by=self.user("provider"),
        )  # fmt: skip
        services.register_interest(
            person=self.people["voluntary"], kind=IK.NON_FINANCIAL, starts_on=date(2018, 6, 1),
            description=f"Chief executive of Mind Jersey, which receives Government of Jersey "
            f"grant funding {SYNTHETIC}", by=self.user("voluntary"),
        )  # fmt: skip
        services.declare_interest(
            item=scope, person=self.people["provider"], interest=interest,
            consequence=DeclarationConsequence.WITHDREW, by=sec,
            description="Tutela may bid to deliver the intermediate care in scope; the member "
            "left the meeting for this item.",
        )  # fmt: skip
        scope_rec = services.issue_recommendation(
            issued_at=scope.meeting.ends_at, item=scope, reached_by=ReachedBy.CONSENSUS,
            addressed_to=[hcs],
            response_due=date(2021, 5, 31), by=sec,
            title="Scope of the Intermediate Care project",
            text="The Board recommends that the Intermediate Care project cover step-up and "
            "step-down care at home for adults, with the procurement route decided by HCS. "
            f"{SYNTHETIC}",
        )  # fmt: skip

        # The Tranche 1 plan: one recommendation, five sovereign partners, five answers.
        tranche_rec = services.issue_recommendation(
            issued_at=tranche.meeting.ends_at, item=tranche, reached_by=ReachedBy.CONSENSUS,
            addressed_to=[hcs, fnhc, hospice, mind, tutela], response_due=date(2021, 6, 30),
            by=sec, title="Adopt the Tranche 1 plan and each partner's part in it",
            text="The Board recommends, by consensus, that each member organisation adopt the "
            "Tranche 1 plan and commit the staff time it sets out for its part in the Tranche 1 "
            f"projects. {SYNTHETIC}",
        )  # fmt: skip

        # Committees in common: three partners' committees decide the same question together.
        committee_keys = ("hcs_board", "fnhc_board", "hospice_board")
        committees = [self.bodies[key] for key in committee_keys]
        carers_rec = services.issue_recommendation(
            issued_at=carers.meeting.ends_at, item=carers, reached_by=ReachedBy.CONSENSUS,
            committees_in_common=True,
            addressed_to=[c.organisation for c in committees], response_due=date(2021, 4, 27),
            by=sec, title="Carer Strategy: one offer of support for unpaid carers",
            text="Meeting as committees in common, the boards of Health and Community Services, "
            "Family Nursing & Home Care and Jersey Hospice Care are asked each to adopt one "
            "shared offer of support for unpaid carers, with a single point of contact. "
            f"{SYNTHETIC}",
        )  # fmt: skip
        resolutions = {
            "hcs_board": (ResponseStatus.ACCEPTED, "hcs_improvement",
                          "Adopted as proposed; HCS hosts the single point of contact."),
            "fnhc_board": (ResponseStatus.ACCEPTED, "fnhc_ceo",
                           "Adopted; district nurses will refer carers to the single point of "
                           "contact."),
            "hospice_board": (ResponseStatus.ACCEPTED_WITH_CHANGES, "hospice_ceo",
                              "Adopted, with bereaved carers included in the offer."),
        }  # fmt: skip
        for key, committee in zip(committee_keys, committees, strict=True):
            status, person_key, reasons = resolutions[key]
            self.respond(
                carers_rec, committee.organisation, status, reasons, committee.name,
                f"Resolution of the {committee.name}, meeting as committees in common at the "
                "Strategic Jersey Care Partnership Board", meeting.starts_at.date(), person_key,
            )  # fmt: skip
            services.record_decision(
                body=committee, decided_on=meeting.starts_at.date(), by=self.user(person_key),
                recommendation=carers_rec, title="Carer Strategy: one offer of support",
                text=f"{reasons} {SYNTHETIC}",
                basis=f"Recommendation {carers_rec.reference}; paper 'Carer Strategy: paper for "
                "the committees in common'.",
            )  # fmt: skip

        # The escalation from the Programme Board, answered under "Escalations for resolution".
        services.respond_to_escalation(
            escalation=escalation, by=sec, responded_on=meeting.starts_at.date(),
            response="Considered at Board 2 (27 April 2021). Members agreed that HCS and the "
            "Strategic Policy, Planning and Performance department name one lead each for "
            "third-party and cross-Government dependencies, and that the Programme Board report "
            f"them monthly. {SYNTHETIC}",
        )  # fmt: skip

        services.assign_action(
            meeting=meeting, item=tranche, owner=self.people["pmo"], due_on=date(2021, 5, 11),
            title=f"Send the Tranche 1 plan and recommendation {tranche_rec.reference} to each "
            f"member organisation's board {SYNTHETIC}", by=sec,
        )  # fmt: skip
        services.assign_action(
            meeting=meeting, item=self.item(meeting, "Risks & Issues"),
            owner=self.people["voluntary"], due_on=date(2021, 6, 30), by=sec,
            title="Prepare the partnership's self-assessment of its effectiveness for the "
            f"Independent Oversight Board {SYNTHETIC}",
        )  # fmt: skip
        services.assign_action(
            meeting=meeting, item=scope, owner=self.people["hcs_gmd"], due_on=board_3_day,
            title=f"Present the Intermediate Care project plan at Board 3 {SYNTHETIC}", by=sec,
        )  # fmt: skip
        meeting = services.move_meeting(
            meeting=meeting, to=MeetingStatus.HELD, by=sec, at=meeting.ends_at
        )
        services.draft_minutes(
            meeting=meeting, by=sec,
            text=self.minutes_text(meeting, [
                ("Minutes of Board 1", "Approved as a true record."),
                ("TOR Approval", "The Board approved its terms of reference (version 1) and "
                 "those of the JCM Programme Board."),
                ("Tranche 1 plan", f"Recommendation {tranche_rec.reference} agreed by "
                 "consensus, addressed to five member organisations."),
                ("Project Scope decisions", "Pat Querée (Tutela) declared an interest and left "
                 f"the meeting for this item. Recommendation {scope_rec.reference} agreed."),
                ("Carer Strategy", "Taken as committees in common: the boards of HCS, Family "
                 "Nursing & Home Care and Jersey Hospice Care each resolved in their own right "
                 f"(recommendation {carers_rec.reference})."),
                ("Escalations for resolution", "The Programme Board's escalation on delays "
                 "from third parties and other parts of Government was answered."),
                ("Digital Project X: supplier negotiations (Part B)", "Minuted separately."),
            ]),
        )  # fmt: skip
        services.complete_action(
            action=Action.objects.get(meeting=meeting, item=tranche),
            completed_on=date(2021, 5, 7), by=pmo,
        )  # fmt: skip

        # Each partner answers in its own right, later.
        self.respond(scope_rec, hcs, ResponseStatus.ACCEPTED,
                     "Agreed; HCS will run the procurement.", "Health and Community Services "
                     "Board", "HCS scheme of delegation", date(2021, 5, 18),
                     "hcs_improvement")  # fmt: skip
        self.respond(tranche_rec, hcs, ResponseStatus.ACCEPTED,
                     "Adopted; staff time committed as set out.", "Health and Community "
                     "Services Board", "HCS scheme of delegation", date(2021, 5, 18),
                     "hcs_improvement")  # fmt: skip
        self.respond(tranche_rec, fnhc, ResponseStatus.ACCEPTED_WITH_CHANGES,
                     "Adopted, with the district nursing changes moved to the last quarter of "
                     "2021 to follow the winter plan.", "Family Nursing & Home Care Board",
                     "Articles of association", date(2021, 5, 20), "fnhc_ceo")  # fmt: skip
        self.respond(tranche_rec, tutela, ResponseStatus.DECLINED,
                     "Declined: Tutela cannot release care staff for the Tranche 1 pilots at "
                     "current rates.", "Tutela directors", "Directors' resolution",
                     date(2021, 5, 12), "provider")  # fmt: skip
        self.respond(tranche_rec, hospice, ResponseStatus.ACCEPTED,
                     "Adopted, including the hospice-at-home extension.", "Jersey Hospice Care "
                     "Board", "Articles of association", date(2021, 5, 25),
                     "hospice_ceo")  # fmt: skip
        self.respond(tranche_rec, hospice, ResponseStatus.REVOKED,
                     "Acceptance revoked: the funding for the hospice-at-home extension was not "
                     "secured, so the Board cannot commit the staff time.", "Jersey Hospice "
                     "Care Board", "Articles of association", date(2021, 9, 14),
                     "hospice_ceo")  # fmt: skip
        # Mind Jersey has not yet responded: the 'voluntary' persona can record its answer.

    # Independent Oversight Board ----------------------------------------------------------------

    def oversight(self, meeting: Meeting) -> None:
        sec = self.user("secretary")
        review = services.add_agenda_item(
            meeting=meeting, title="Monthly progress reporting: review and recommendation",
            category=C.PROGRAMME_REPORT, purpose=P.RECOMMENDATION,
            presenter=self.people["iob_chair"], by=sec,
        )  # fmt: skip
        paper = self.paper(
            review, "Review of Jersey Care Model progress reporting",
            ["The Board's review of the programme's reporting since January 2021, against its "
             "duty to agree monthly progress reports (P.114 amendment)."], sec,
        )  # fmt: skip
        meeting = services.move_meeting(
            meeting=meeting, to=MeetingStatus.PAPERS_PUBLISHED, by=sec, at=_published(meeting)
        )
        self.attend(meeting, present=["iob_chair", "iob_member_1", "iob_member_2", "secretary"])
        (review,) = self.fresh(review)
        hcs = self.organisation("HCS")
        recommendation = services.issue_recommendation(
            issued_at=review.meeting.ends_at, item=review, reached_by=ReachedBy.CONSENSUS,
            addressed_to=[hcs],
            response_due=date(2021, 7, 31), by=sec,
            title="Publish a monthly Jersey Care Model progress report",
            text="The Independent Oversight Board recommends that the Minister publish each "
            "month the programme's progress against plan, its top risks and its financial "
            f"position, in one standard report. {SYNTHETIC}",
        )  # fmt: skip
        meeting = services.move_meeting(
            meeting=meeting, to=MeetingStatus.HELD, by=sec, at=meeting.ends_at
        )
        decided_on = date(2021, 7, 20)
        self.respond(
            recommendation, hcs, ResponseStatus.ACCEPTED_WITH_CHANGES,
            "Accepted: the report will be published monthly from September 2021, with the "
            "financial position quarterly.", "Minister for Health and Social Services",
            "Ministerial decision", decided_on, "secretary",
        )  # fmt: skip
        services.record_decision(
            body=self.bodies["minister"], decided_on=decided_on, by=sec,
            recommendation=recommendation,
            title="Publish the Jersey Care Model progress report monthly",
            text="The JCM progress report is published monthly from September 2021, with the "
            f"financial position quarterly. {SYNTHETIC}",
            basis=f"Independent Oversight Board recommendation {recommendation.reference}; "
            "paper 'Review of Jersey Care Model progress reporting'.",
            papers=[paper],
        )  # fmt: skip

    # Scrutiny Panel -----------------------------------------------------------------------------

    def scrutiny(self, meeting: Meeting) -> None:
        """A public hearing whose recommendation to the Minister still awaits the executive's
        response, past its deadline."""
        sec = self.user("secretary")
        hearing = services.add_agenda_item(
            meeting=meeting, title="Jersey Care Model: Tranche 1 reporting",
            category=C.PROGRAMME_REPORT, purpose=P.RECOMMENDATION,
            presenter=self.people["scrutiny_chair"], by=sec,
        )  # fmt: skip
        meeting = services.move_meeting(
            meeting=meeting, to=MeetingStatus.PAPERS_PUBLISHED, by=sec, at=_published(meeting)
        )
        self.attend(meeting, present=["scrutiny_chair", "scrutiny_member_1", "scrutiny_member_2"])
        (hearing,) = self.fresh(hearing)
        services.issue_recommendation(
            issued_at=hearing.meeting.ends_at, item=hearing, reached_by=ReachedBy.CONSENSUS,
            addressed_to=[self.organisation("HCS")], response_due=date(2021, 9, 6), by=sec,
            title="Publish the end-of-Tranche 1 analysis with the targets it was measured against",
            text="The Panel recommends that the Minister publish, at the end of Tranche 1, the "
            "detailed analysis of progress against the targets set for it, with each target "
            f"alongside the result. {SYNTHETIC}",
        )  # fmt: skip
        services.move_meeting(meeting=meeting, to=MeetingStatus.HELD, by=sec, at=meeting.ends_at)

    # SPB Board 3 (upcoming) ---------------------------------------------------------------------

    def board_3(self, meeting: Meeting) -> None:
        sec, pmo = self.user("secretary"), self.user("pmo")
        services.add_agenda_item(
            meeting=meeting, title="Minutes of Board 2", category=C.GOVERNANCE,
            purpose=P.DECISION, presenter=self.people["spb_chair"], by=sec,
        )  # fmt: skip
        self.paper(self.item(meeting, "Report to IOB"),
                   "The partnership's report to the Independent Oversight Board",
                   ["The Board's self-assessment of partnership working, for the Independent "
                    "Oversight Board."], sec)  # fmt: skip
        self.paper(self.item(meeting, "Project Plans"), "Tranche 1 project plans",
                   ["The plans of the Tranche 1 projects, for the Board's recommendation to "
                    "member organisations."], pmo)  # fmt: skip
        self.paper(self.item(meeting, "Progress to plan"), "Programme report",
                   ["Progress to plan, risks and issues, financial position and escalations "
                    "for resolution."], pmo)  # fmt: skip
        services.move_meeting(
            meeting=meeting, to=MeetingStatus.PAPERS_PUBLISHED, by=sec, at=_published(meeting)
        )


def _counts() -> dict[str, int]:
    counts = {model.__name__: model.objects.count() for model in GOVERNANCE_MODELS}
    counts["Person"] = Person.objects.count()
    counts["AuditEntry"] = AuditEntry.objects.count()
    return counts


@transaction.atomic
def load(logins_file: Path | None = None) -> dict:
    """Load the governance demo; running it again changes nothing.

    `logins_file` is passed to the core demo loader if the core personas are missing (the
    governance demo needs them); the people created here have no usable password."""
    before = _counts()
    if not Body.objects.filter(name=SPB_NAME).exists():
        if Person.objects.filter(user__username__in=PERSONAS).count() != len(PERSONAS):
            core_demo.load(logins_file=logins_file)
            before = _counts()
        _Loader().run()
    after = _counts()
    added = {name: after[name] - before[name] for name in after}
    return {
        "bodies": added["Body"],
        "memberships": added["Membership"],
        "meetings": added["Meeting"],
        "agenda_items": added["AgendaItem"],
        "papers": added["Paper"],
        "recommendations": added["Recommendation"],
        "responses": added["Response"],
        "decisions": added["Decision"],
        "actions": added["Action"],
        "escalations": added["Escalation"],
        "people": added["Person"],
        "audit_entries": added["AuditEntry"],
    }
