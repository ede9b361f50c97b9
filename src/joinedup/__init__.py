"""Joined Up: run an integrated health-and-care partnership in the open."""

__version__ = "0.1.0"
