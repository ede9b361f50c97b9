"""The product's settings, serving the product's URLs plus the benchmark's baseline view."""

from joinedup.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
