from django.urls import path

from .views import contracts, ocds, plans, procurement, review

app_name = "commissioning"

urlpatterns = [
    # Review: the commissioning dashboard and the partnership measures.
    path("commissioning/", review.dashboard, name="home"),
    # Analyse and plan: needs, intentions, service areas, route decisions, specifications.
    path("commissioning/needs/", plans.chapter_list, name="chapter_list"),
    path("commissioning/needs/new/", plans.chapter_create, name="chapter_create"),
    path("commissioning/needs/<slug:slug>/", plans.chapter_detail, name="chapter_detail"),
    path("commissioning/needs/<slug:slug>/evidence/new/", plans.evidence_add, name="evidence_add"),
    path(
        "commissioning/evidence/<uuid:evidence_id>/file/",
        plans.evidence_file,
        name="evidence_file",
    ),
    path("commissioning/intentions/", plans.intention_list, name="intention_list"),
    path("commissioning/intentions/<slug:slug>/", plans.intention_detail, name="intention_detail"),
    path("commissioning/intentions/<slug:slug>/route/", plans.route_decide, name="route_decide"),
    path("commissioning/service-areas/", plans.service_area_list, name="service_area_list"),
    path(
        "commissioning/service-areas/<slug:slug>/",
        plans.service_area_detail,
        name="service_area_detail",
    ),
    path(
        "commissioning/service-areas/<slug:slug>/model/",
        plans.service_area_model,
        name="service_area_model",
    ),
    path("commissioning/specifications/", plans.specification_list, name="specification_list"),
    path(
        "commissioning/specifications/new/",
        plans.specification_create,
        name="specification_create",
    ),
    path(
        "commissioning/specifications/<slug:slug>/",
        plans.specification_detail,
        name="specification_detail",
    ),
    path(
        "commissioning/specifications/<slug:slug>/versions/new/",
        plans.specification_version_add,
        name="specification_version_add",
    ),
    # Do: notices, questions, bids, evaluation, award.
    path("tenders/", procurement.notice_list, name="notice_list"),
    path("tenders/new/", procurement.notice_create, name="notice_create"),
    path("tenders/<slug:slug>/", procurement.notice_detail, name="notice_detail"),
    path("tenders/<slug:slug>/manage/", procurement.notice_manage, name="notice_manage"),
    path("tenders/<slug:slug>/publish/", procurement.notice_publish, name="notice_publish"),
    path("tenders/<slug:slug>/documents/", procurement.document_add, name="document_add"),
    path(
        "tenders/<slug:slug>/documents/<uuid:document_id>/",
        procurement.document_download,
        name="document_download",
    ),
    path("tenders/<slug:slug>/timetable/", procurement.timetable_amend, name="timetable_amend"),
    path("tenders/<slug:slug>/questions/new/", procurement.question_ask, name="question_ask"),
    path(
        "tenders/<slug:slug>/questions/<uuid:question_id>/answer/",
        procurement.question_answer,
        name="question_answer",
    ),
    path("tenders/<slug:slug>/bids/new/", procurement.bid_create, name="bid_create"),
    path("tenders/<slug:slug>/bids/open/", procurement.bids_open, name="bids_open"),
    path("tenders/<slug:slug>/bids/<uuid:bid_id>/", procurement.bid_detail, name="bid_detail"),
    path(
        "tenders/<slug:slug>/bids/<uuid:bid_id>/withdraw/",
        procurement.bid_withdraw,
        name="bid_withdraw",
    ),
    path(
        "tenders/<slug:slug>/evaluators/", procurement.evaluator_appoint, name="evaluator_appoint"
    ),
    path("tenders/<slug:slug>/evaluation/", procurement.evaluation, name="evaluation"),
    path("tenders/<slug:slug>/evaluation/<uuid:bid_id>/", procurement.bid_score, name="bid_score"),
    path(
        "tenders/<slug:slug>/moderation/<uuid:bid_id>/",
        procurement.bid_moderate,
        name="bid_moderate",
    ),
    path("tenders/<slug:slug>/lots/<uuid:lot_id>/award/", procurement.lot_award, name="lot_award"),
    path(
        "tenders/<slug:slug>/awards/<uuid:award_id>/confirm/",
        procurement.award_confirm,
        name="award_confirm",
    ),
    # Contracts: the register, KPI returns, variations, extensions, reminders.
    path(
        "tenders/<slug:slug>/awards/<uuid:award_id>/contract/",
        contracts.contract_from_award,
        name="contract_from_award",
    ),
    path("contracts/", contracts.contract_list, name="contract_list"),
    path("your-contracts/", contracts.contract_mine, name="contract_mine"),
    path("contracts/<slug:slug>/", contracts.contract_detail, name="contract_detail"),
    path(
        "contracts/<slug:slug>/kpi-returns/new/",
        contracts.kpi_return_create,
        name="kpi_return_create",
    ),
    path(
        "contracts/<slug:slug>/variations/new/",
        contracts.variation_create,
        name="variation_create",
    ),
    path(
        "contracts/<slug:slug>/options/<int:number>/",
        contracts.option_decide,
        name="option_decide",
    ),
    path("contracts/<slug:slug>/members/new/", contracts.member_add, name="member_add"),
    path(
        "contracts/<slug:slug>/members/<uuid:party_id>/opt-out/",
        contracts.member_opt_out,
        name="member_opt_out",
    ),
    path("kpi-returns/<uuid:return_id>/", contracts.kpi_return_review, name="kpi_return_review"),
    # Open Contracting: releases and records for download.
    path("open-contracting/", ocds.ocds_index, name="ocds_index"),
    path("open-contracting/<str:ocid>/", ocds.ocds_process, name="ocds_process"),
]
