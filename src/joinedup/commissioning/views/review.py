"""Commissioning pages: review — the commissioning dashboard (contracts by model, value and
care setting; KPI performance; expiries ahead; the strategy's partnership measures and the value
commissioned through each model over time)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from joinedup.charts import SCHEMA, for_page
from joinedup.core.access import request_viewer

from ..choices import CommissioningModel
from ..queries import plans as queries

FONT = {"font": "Arial, Helvetica, sans-serif", "labelFontSize": 12, "titleFontSize": 13}
# One colour and one bar pattern per model, in the order of Appendix 1 (siloed → integrated).
MODEL_COLOURS = ["#505a5f", "#1d70b8", "#00703c"]


def value_by_model(rows: list[dict]) -> dict:
    """Stacked bars: the value of contracts starting each year, by commissioning model. The
    table beside it on the page carries the same figures for screen readers."""
    return {
        "$schema": SCHEMA,
        "padding": 8,
        "width": 560,
        "height": 220,
        "config": {
            "axis": FONT,
            "legend": {
                **FONT,
                "orient": "bottom",
                "direction": "vertical",
                "titleLimit": 400,
                "labelLimit": 400,
            },
            "view": {"stroke": None},
        },  # fmt: skip
        "data": {"values": rows},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "x": {
                "field": "year",
                "type": "ordinal",
                "title": "Year the contracts start",
                "axis": {"labelAngle": 0},
            },  # fmt: skip
            "y": {
                "field": "value",
                "type": "quantitative",
                "title": "Value commissioned (£)",
                "axis": {"format": "~s"},
            },  # fmt: skip
            "color": {
                "field": "model",
                "type": "nominal",
                "title": "Commissioning model",
                "scale": {"domain": CommissioningModel.labels, "range": MODEL_COLOURS},
            },  # fmt: skip
            "order": {"field": "model"},
        },
    }


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    board = queries.dashboard(viewer, today=timezone.localdate())
    context = {
        "board": board,
        "measures": board.measures,
        "chart": for_page(value_by_model(board.value_over_time)),
        "may_commission": queries.may_commission(viewer),
    }
    return render(request, "commissioning/review/dashboard.html", context)
