"""The commissioning demo: contracts."""


def load() -> dict:
    return {}
