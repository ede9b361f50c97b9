"""Charts, shared by every app: a Vega-Lite spec built on the server becomes what
`partials/_chart.html` shows — the spec, which vega-embed draws in the page, and the same chart
rendered to SVG by vl-convert, which the page shows without JavaScript and a PDF prints."""

import base64
import json
from functools import lru_cache

import vl_convert

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"


@lru_cache(maxsize=512)
def _svg_of(spec_json: str) -> str:
    return vl_convert.vegalite_to_svg(json.loads(spec_json))


def svg(spec: dict) -> str:
    """The chart as SVG markup (its text escaped by the renderer), rendered once per spec."""
    return _svg_of(json.dumps(spec, sort_keys=True))


def data_uri(spec: dict) -> str:
    """The chart as an image address: an SVG shown through <img> cannot run anything."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg(spec).encode()).decode()


def for_page(spec: dict) -> dict | None:
    """The chart as `partials/_chart.html` takes it; None for a chart of nothing (which would
    be drawn infinitely large): the page says so instead."""
    if not spec["data"]["values"]:
        return None
    return {"spec": spec, "image": data_uri(spec)}
