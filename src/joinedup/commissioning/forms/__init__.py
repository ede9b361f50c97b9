"""Commissioning's forms, one module per stage of the cycle."""
