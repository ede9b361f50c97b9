"""The report's charts as Vega-Lite specs, built from the report's content, and rendered to SVG
on the server (vl-convert) for the page and the PDF alike. Each chart sits beside a table of the
same figures for screen readers."""

from joinedup.charts import SCHEMA, for_page

RAG_SCALE = {
    "domain": ["green", "amber", "red", "no return"],
    "range": ["#00703c", "#f47738", "#d4351c", "#b1b4b6"],
}
GRADE_SCALE = {
    "domain": ["low", "moderate", "high", "extreme"],
    "range": ["#a8d5ba", "#fff2a8", "#f9c08f", "#ef8d83"],
}
FONT = {"font": "Arial, Helvetica, sans-serif", "labelFontSize": 12, "titleFontSize": 13}
AXIS = {**FONT, "labelLimit": 320}


def _spec(**parts) -> dict:
    return {"$schema": SCHEMA, "padding": 8, "config": {"axis": AXIS, "legend": FONT}, **parts}


def status_trend(content: dict) -> dict:
    """Each project's overall status over the last six months, grouped by workstream."""
    values = [
        {
            "workstream": workstream["name"],
            "project": project["reference"],
            "month": point["month"][:7],
            "status": point["overall"] or "no return",
        }
        for workstream in content["workstreams"]
        for project in workstream["projects"]
        for point in project["trend"]
    ]
    return _spec(
        data={"values": values},
        mark={"type": "rect", "stroke": "white", "strokeWidth": 2},
        width=72 * len(content["trend_months"]),
        encoding={
            "x": {"field": "month", "type": "ordinal", "title": "Month", "axis": {"labelAngle": 0}},
            "y": {"field": "project", "type": "nominal", "title": "Project", "sort": None},
            "color": {"field": "status", "type": "nominal", "scale": RAG_SCALE, "title": "Status"},
        },
    )


def heat_map(rows: list[list[dict]]) -> dict:
    """The 5 × 5 matrix with the number of open risks in each cell."""
    values = [cell for row in rows for cell in row]
    base = {
        "x": {"field": "consequence", "type": "ordinal", "title": "Consequence"},
        "y": {
            "field": "likelihood",
            "type": "ordinal",
            "title": "Likelihood",
            "sort": "descending",
        },
    }
    return _spec(
        data={"values": values},
        width=250,
        height=250,
        layer=[
            {
                "mark": {"type": "rect", "stroke": "white"},
                "encoding": {
                    **base,
                    "color": {
                        "field": "grade",
                        "type": "nominal",
                        "scale": GRADE_SCALE,
                        "title": "Grade",
                    },
                },
            },
            {
                "mark": {"type": "text", "fontSize": 14, "fontWeight": "bold"},
                "encoding": {**base, "text": {"field": "count", "type": "quantitative"}},
            },
        ],
    )


def finance(content: dict) -> dict:
    """Each project's budget and forecast for the year to date."""
    values = [
        {"project": row["project"], "measure": measure, "amount": float(row[f"year_{key}"])}
        for row in content["finance"]["projects"]
        for measure, key in (("Budget", "budget"), ("Forecast", "forecast"))
    ]
    return _spec(
        data={"values": values},
        mark="bar",
        width=360,
        encoding={
            "y": {"field": "project", "type": "nominal", "title": None},
            "yOffset": {"field": "measure"},
            "x": {"field": "amount", "type": "quantitative", "title": "£ this year"},
            "color": {
                "field": "measure",
                "type": "nominal",
                "scale": {"range": ["#1d70b8", "#f47738"]},
                "title": None,
            },
        },
    )


def for_report(content: dict) -> dict:
    """The monthly report's charts, each as its spec and its image."""
    if content.get("kind") != "monthly":
        return {}
    specs = {
        "status_trend": status_trend(content),
        "heat_map": heat_map(content["risks"]["heat_map"]),
        "finance": finance(content),
    }
    charts = {name: for_page(spec) for name, spec in specs.items()}
    return {name: chart for name, chart in charts.items() if chart is not None}
