from django.urls import path

from .views import contracts, ocds, plans, procurement, review

app_name = "commissioning"

urlpatterns = [
    # Review: the commissioning dashboard and the partnership measures.
    path("commissioning/", review.dashboard, name="home"),
    # Analyse and plan: needs, intentions, service areas, route decisions, specifications.
    # Do: notices, questions, bids, evaluation, award.
    # Contracts: the register, KPI returns, variations, extensions, reminders.
    # Open Contracting: releases and records for download.
]
