"""Commissioning pages: procurement."""
