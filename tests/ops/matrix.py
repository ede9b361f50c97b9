"""The operations routes' rows of the permission matrix: health checks answer anyone; metrics
are off in the tests (see test_metrics.py for who may read them when on)."""

from tests.matrix import everyone

MATRIX = [
    ("core:healthz", "", "get", lambda r: "/healthz", everyone(200)),
    ("core:readyz", "", "get", lambda r: "/readyz", everyone(200)),
    ("core:metrics", "metrics off", "get", lambda r: "/metrics", everyone(404)),
]
