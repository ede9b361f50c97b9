"""Commissioning pages: plans."""
