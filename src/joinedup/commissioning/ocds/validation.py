"""Validating packages against the OCDS 1.1.5 JSON Schemas (Draft 4), with no network.

`schema_dir` holds the standard's files: `extended-release-package-schema.json` (the release
package schema with the release schema and our extensions inlined), `record-package-schema.json`
and `versioned-release-validation-schema.json`. Their `$ref`s to the standard's URLs resolve to
these local files; the record package's compiled releases are checked against the extended
release schema, so extension fields are checked there too.

`jsonschema` and `referencing` are imported here only, when validation is asked for: they are
test dependencies, and nothing at run time needs this module.
"""

import json
from functools import cache
from pathlib import Path

BASE = "https://standard.open-contracting.org/schema/1__1__5/"


@cache
def _validators(schema_dir: str):
    from jsonschema import Draft4Validator, FormatChecker
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    directory = Path(schema_dir)

    def load(name):
        return json.loads((directory / name).read_text(encoding="utf-8"))

    extended_package = load("extended-release-package-schema.json")
    extended_release = extended_package["properties"]["releases"]["items"]
    record_package = load("record-package-schema.json")
    versioned = load("versioned-release-validation-schema.json")
    registry = Registry().with_resources(
        [
            (BASE + "release-schema.json", Resource(extended_release, specification=DRAFT4)),
            (BASE + "versioned-release-validation-schema.json", Resource(versioned, DRAFT4)),
            (BASE + "record-package-schema.json", Resource(record_package, DRAFT4)),
        ]
    )
    checker = FormatChecker()
    return {
        "release": Draft4Validator(extended_package, registry=registry, format_checker=checker),
        "record": Draft4Validator(record_package, registry=registry, format_checker=checker),
    }


def _errors(validator, package: dict) -> list[str]:
    return [
        f"/{'/'.join(str(part) for part in error.absolute_path)}: {error.message}"
        for error in sorted(validator.iter_errors(package), key=lambda e: list(map(str, e.path)))
    ]


def validate_release_package(package: dict, *, schema_dir: Path | str) -> list[str]:
    """Schema errors in a release package, each as "<JSON Pointer>: <message>"."""
    return _errors(_validators(str(schema_dir))["release"], package)


def validate_record_package(package: dict, *, schema_dir: Path | str) -> list[str]:
    return _errors(_validators(str(schema_dir))["record"], package)
