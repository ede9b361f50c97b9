"""Outcomes test data, built through the service functions."""

import csv
import io
import itertools
from pathlib import Path

from joinedup.core.choices import Visibility
from joinedup.outcomes import services
from joinedup.outcomes.choices import Frequency, Polarity, SubjectKind, ValueType

_numbers = itertools.count(1)


def subject(code=None, *, name=None, kind=SubjectKind.PLACE, parent=None, **fields):
    number = next(_numbers)
    code = code or f"S{number:04d}"
    return services.create_subject(
        code=code, name=name or f"Subject {code}", kind=kind, parent=parent, **fields
    )


def indicator(
    code=None,
    *,
    value_type=ValueType.PROPORTION,
    polarity=Polarity.HIGHER_IS_BETTER,
    multiplier=None,
    visibility=Visibility.PUBLIC,
    **fields,
):
    number = next(_numbers)
    code = code or f"IND-{number:04d}"
    if multiplier is None:
        multiplier = 100.0 if value_type == ValueType.PROPORTION else 1.0
    return services.create_indicator(
        code=code,
        name=fields.pop("name", f"Indicator {code}"),
        definition=fields.pop("definition", f"What {code} measures."),
        value_type=value_type,
        polarity=polarity,
        frequency=fields.pop("frequency", Frequency.MONTHLY),
        multiplier=multiplier,
        visibility=visibility,
        **fields,
    )


def mapping(name="test-mapping", **spec):
    """A mapping of columns `code`, `period`, `num`, `den` to indicator IND by default; a key
    given as None is left out."""
    full = {
        "subject": "code",
        "period": {"column": "period", "type": "month"},
        "indicator": "IND",
        "numerator": "num",
        "denominator": "den",
        **spec,
    }
    full = {key: value for key, value in full.items() if value is not None}
    return services.save_import_mapping(name=name, spec=full)


def csv_bytes(rows, header=("code", "period", "num", "den")) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def csv_file(tmp_path: Path, rows, header=("code", "period", "num", "den"), name="figures.csv"):
    path = tmp_path / name
    path.write_bytes(csv_bytes(rows, header))
    return path


def xlsx_file(tmp_path: Path, rows, header=("code", "period", "num", "den"), name="figures.xlsx"):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Figures"
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    path = tmp_path / name
    workbook.save(path)
    return path
