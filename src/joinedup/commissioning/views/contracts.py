"""Commissioning pages: contracts."""
