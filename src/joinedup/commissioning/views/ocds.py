"""Commissioning pages: ocds."""
