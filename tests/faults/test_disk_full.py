"""A full disk on upload: the person sees "the server's disk is full; nothing was saved" beside
the file field, and no record and no file is kept, wherever the product takes a file.

The disk fills up in the file storage (its write raises ENOSPC, as the operating system would)
for documents, and in the database for a figures import (whose file is never stored).
"""

import errno

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection

from tests.hostile import documents
from tests.hostile.conftest import DOCUMENT_TARGETS, files_in
from tests.outcomes.factories import csv_bytes

pytestmark = pytest.mark.django_db

DISK_FULL = "The server's disk is full; nothing was saved."


@pytest.fixture
def full_disk(monkeypatch):
    def no_space(storage, name, content):
        raise OSError(errno.ENOSPC, "No space left on device", name)

    monkeypatch.setattr(FileSystemStorage, "_save", no_space)


def _error_beside_file(response, form: str) -> str:
    errors = response.context[form].errors.get("file")
    assert errors, "no error beside the file field"
    assert 'file-error"' in response.content.decode()
    return " ".join(errors)


@pytest.mark.parametrize("target_fixture", DOCUMENT_TARGETS)
def test_a_document_uploaded_to_a_full_disk_is_a_clear_error_and_nothing_is_kept(
    request, media, full_disk, target_fixture
):
    target = request.getfixturevalue(target_fixture)
    before = target.stored()

    response = target.post(SimpleUploadedFile("paper.pdf", documents.PDF))

    assert response.status_code == 400
    assert DISK_FULL in _error_beside_file(response, target.form)
    assert target.stored() == before
    assert files_in(media) == []


@pytest.mark.parametrize("target_fixture", DOCUMENT_TARGETS)
def test_the_same_document_is_kept_once_the_disk_has_room(request, media, target_fixture):
    target = request.getfixturevalue(target_fixture)
    before = target.stored()

    response = target.post(SimpleUploadedFile("paper.pdf", documents.PDF))

    assert response.status_code == 302
    assert target.stored() == before + 1
    assert len(files_in(media)) == 1


def _database_disk_full(execute, sql, params, many, context):
    if sql.startswith('INSERT INTO "outcomes_importbatch"'):
        # What PostgreSQL says when it cannot grow a table's file.
        raise OperationalError('could not extend file "base/1/2": No space left on device')
    return execute(sql, params, many, context)


def test_an_import_into_a_full_database_disk_is_a_clear_error_and_nothing_is_kept(
    import_target, media
):
    rows = csv_bytes([("A", "2022-04", 5, 10), ("B", "2022-04", 6, 10)])

    with connection.execute_wrapper(_database_disk_full):
        response = import_target.post(SimpleUploadedFile("figures.csv", rows))

    assert response.status_code == 400
    assert DISK_FULL in _error_beside_file(response, import_target.form)
    assert import_target.stored() == 0
    assert import_target.post(SimpleUploadedFile("figures.csv", rows)).status_code == 302
    assert import_target.stored() == 1 + 2
