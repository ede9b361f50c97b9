"""Commissioning pages: review — the commissioning dashboard."""

from django.shortcuts import render


def dashboard(request):
    return render(request, "commissioning/dashboard.html", {})
