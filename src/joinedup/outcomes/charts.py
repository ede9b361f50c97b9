"""The outcomes pages' charts as Vega-Lite specs, built from what `analysis` returns, and drawn
to SVG on the server (vl-convert) so that a page without JavaScript, and a PDF, show the same
chart. Each chart sits beside a table of its figures for screen readers; colour is never the
only carrier of meaning (points also change shape, lines have legends or words)."""

from __future__ import annotations

from joinedup.charts import SCHEMA

FONT = {"font": "Arial, Helvetica, sans-serif", "labelFontSize": 12, "titleFontSize": 13}
BLUE, BLACK, GREY, RED, GREEN, ORANGE = (
    "#1d70b8", "#0b0c0c", "#505a5f", "#d4351c", "#00703c", "#f47738",
)  # fmt: skip
COMPARISON_SCALE = {
    "domain": ["better", "similar", "worse", "best", "worst", "higher", "lower", "not compared"],
    "range": [GREEN, "#ffdd00", RED, "#005a30", "#942514", BLUE, "#5694ca", "#b1b4b6"],
}


def _spec(**parts) -> dict:
    return {
        "$schema": SCHEMA,
        "padding": 8,
        "config": {
            "axis": FONT,
            "legend": {**FONT, "orient": "bottom", "titleLimit": 400},
            "view": {"stroke": None},
        },
        **parts,
    }


def _unit_title(indicator) -> str:
    return f"{indicator.name} ({indicator.unit})" if indicator.unit else indicator.name


def xmr(series) -> dict:
    """The indicator's XmR chart for one subject: the values joined by a line, the mean and
    the process limits, the target and the plan where there are any; points of special-cause
    variation drawn larger, as diamonds, in orange."""
    target = series.indicator.target
    values = [
        {
            "period": result.period.start.isoformat(),
            "label": result.period.label,
            "value": result.value,
            "point": "special cause" if signal else "common cause",
            "plan": planned,
        }
        for result, signal, planned in zip(
            series.results,
            series.signals,
            series.plan or [None] * len(series.results),
            strict=True,
        )  # fmt: skip
    ]
    x = {"field": "period", "type": "temporal", "title": None}
    y_title = _unit_title(series.indicator)
    lines = [("Mean", series.mean, BLACK, []), ("Upper process limit", series.upper_limit, GREY,
             [4, 4]), ("Lower process limit", series.lower_limit, GREY, [4, 4])]  # fmt: skip
    if target is not None:
        lines.append(("Target", target, RED, [8, 3]))
    rules = [
        {
            "data": {"values": [{"y": level, "line": name}]},
            "mark": {"type": "rule", "strokeDash": dash, "color": colour, "strokeWidth": 1.5},
            "encoding": {"y": {"field": "y", "type": "quantitative"}},
        }
        for name, level, colour, dash in lines
        if level is not None
    ]
    labels = [
        {
            "data": {"values": [{"y": level, "line": name}]},
            "mark": {
                "type": "text",
                "align": "left",
                "dx": 4,
                "x": "width",
                "fontSize": 11,
                "color": colour,
            },
            "encoding": {"y": {"field": "y", "type": "quantitative"}, "text": {"field": "line"}},
        }  # fmt: skip
        for name, level, colour, _ in lines
        if level is not None
    ]
    layers = [
        *rules,
        {"mark": {"type": "line", "color": BLUE}, "encoding": {"x": x, "y": _y(y_title)}},
    ]
    if any(v["plan"] is not None for v in values):
        layers.append(
            {
                "mark": {"type": "line", "color": GREEN, "strokeDash": [2, 2]},
                "encoding": {"x": x, "y": {"field": "plan", "type": "quantitative"}},
            }
        )
    layers.append(
        {
            "mark": {"type": "point", "filled": True, "opacity": 1},
            "encoding": {
                "x": x,
                "y": {"field": "value", "type": "quantitative"},
                "shape": {
                    "field": "point",
                    "type": "nominal",
                    "title": "Variation",
                    "scale": {
                        "domain": ["common cause", "special cause"],
                        "range": ["circle", "diamond"],
                    },
                },
                "color": {
                    "field": "point",
                    "type": "nominal",
                    "title": "Variation",
                    "scale": {"domain": ["common cause", "special cause"], "range": [BLUE, ORANGE]},
                },
                "size": {
                    "field": "point",
                    "type": "nominal",
                    "legend": None,
                    "scale": {"domain": ["common cause", "special cause"], "range": [30, 90]},
                },
                "tooltip": [
                    {"field": "label", "title": "Period"},
                    {"field": "value", "title": "Value", "format": ".1f"},
                ],
            },
        }  # fmt: skip
    )
    return _spec(
        data={"values": values}, width=640, height=280, layer=[*layers, *labels],
        resolve={"scale": {"y": "shared"}},
    )  # fmt: skip


def _y(title: str) -> dict:
    return {"field": "value", "type": "quantitative", "title": title, "scale": {"zero": False}}


def caterpillar(indicator, results) -> dict:
    """Every subject's figure for one period, ranked best first, with its 95% interval as a
    bar through the point, and the benchmark and the target as lines. Points are coloured and
    shaped by the comparison with the benchmark, or with the target if there is no benchmark."""
    against = "benchmark" if indicator.benchmark is not None else "target"
    values = [
        {
            "subject": result.subject.name,
            "value": result.value,
            "lower": result.lower,
            "upper": result.upper,
            "comparison": _compared(result, against),
        }
        for result in results
        if result.value is not None
    ]
    many = len(values) > 40  # then the names are in the table, and each row a thin band
    y = {"field": "subject", "type": "nominal", "title": None, "sort": None,
         "axis": None if many else {"labelLimit": 240}}  # fmt: skip
    x_title = _unit_title(indicator)
    layers = [
        {
            "mark": {"type": "rule", "color": GREY},
            "encoding": {
                "y": y,
                "x": {
                    "field": "lower",
                    "type": "quantitative",
                    "title": x_title,
                    "scale": {"zero": False},
                },
                "x2": {"field": "upper"},
            },
        },  # fmt: skip
        {
            "mark": {"type": "point", "filled": True, "size": 50, "opacity": 1},
            "encoding": {
                "y": y,
                "x": {"field": "value", "type": "quantitative"},
                "color": {
                    "field": "comparison",
                    "type": "nominal",
                    "scale": COMPARISON_SCALE,
                    "title": f"Compared with the {against}",
                },
                "shape": {
                    "field": "comparison",
                    "type": "nominal",
                    "title": f"Compared with the {against}",
                },
            },
        },  # fmt: skip
    ]
    for name, level, colour in (
        ("Benchmark", indicator.benchmark, BLACK),
        ("Target", indicator.target, RED),
    ):
        if level is not None:
            layers.append(
                {
                    "data": {"values": [{"x": level, "line": name}]},
                    "mark": {"type": "rule", "color": colour, "strokeDash": [6, 3]},
                    "encoding": {"x": {"field": "x", "type": "quantitative"}},
                }
            )
    height = max(60, (4 if many else 16) * len(values))
    return _spec(data={"values": values}, width=480, height=height, layer=layers)


def _compared(result, against: str) -> str:
    comparison = getattr(result, against)
    return "not compared" if comparison == "not_compared" else str(comparison)


def sparkline(values: list[float | None], label: str) -> dict:
    """A small line of a dashboard row's recent values, with the latest point marked."""
    points = [{"n": n, "value": v, "label": label} for n, v in enumerate(values)]
    x = {"field": "n", "type": "quantitative", "axis": None}
    y = {"field": "value", "type": "quantitative", "axis": None, "scale": {"zero": False}}
    return _spec(
        data={"values": points},
        width=120,
        height=32,
        padding=2,
        layer=[
            {"mark": {"type": "line", "color": BLUE}, "encoding": {"x": x, "y": y}},
            {
                "transform": [{"filter": f"datum.n == {len(values) - 1}"}],
                "mark": {"type": "point", "filled": True, "color": BLACK, "size": 20},
                "encoding": {"x": x, "y": y},
            },
        ],
    )
