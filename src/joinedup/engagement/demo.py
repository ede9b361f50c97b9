"""The engagement demo."""


def load() -> dict:
    return {}
