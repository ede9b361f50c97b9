"""Hostile uploads: wrong types by name and by content, zip bombs disguised as documents,
documents with macros and oversize files are each refused beside the file field, and leave no
record and no file behind, at every place the product takes a file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from joinedup.governance.services import PAPER_MAX_BYTES
from tests.hostile import documents
from tests.hostile.conftest import DOCUMENT_TARGETS, files_in

pytestmark = pytest.mark.django_db

# (what it is, file name, content, words of the message shown beside the field)
BAD_DOCUMENTS = [
    ("an executable", "setup.exe", documents.EXE, "must be a PDF, DOCX or XLSX"),
    ("an executable renamed .pdf", "minutes.pdf", documents.EXE, "not a PDF"),
    ("a PDF renamed .docx", "paper.docx", documents.PDF, "not a DOCX"),
    (
        "a ZIP archive renamed .xlsx",
        "figures.xlsx",
        documents.zipped({"a.txt": b"a"}),
        "not a XLSX",
    ),
    ("a zip bomb disguised as .docx", "paper.docx", None, "zip bomb"),
    ("a zip bomb disguised as .xlsx", "figures.xlsx", None, "zip bomb"),
    (
        "a macro-enabled Word document",
        "paper.docm",
        documents.docm(),
        "must be a PDF, DOCX or XLSX",
    ),
    ("a .docm renamed .docx", "paper.docx", documents.docm(), "macros"),
    ("a .docx holding a VBA project", "paper.docx", documents.docx_with_macros(), "macros"),
    ("an .xlsm renamed .xlsx", "figures.xlsx", documents.xlsm(), "macros"),
    ("a file with no extension", "paper", documents.PDF, "must be a PDF, DOCX or XLSX"),
    ("an empty PDF", "empty.pdf", b"", ""),
]


def _content(name: str, content: bytes | None) -> bytes:
    if content is not None:
        return content
    if name.endswith(".docx"):
        return documents.zip_bomb(documents.docx(), "word/media/image1.bmp")
    return documents.zip_bomb(documents.xlsx(), "xl/worksheets/sheet2.xml")


def _error_beside_file(target, response) -> str:
    """The message shown beside the file field, checked to be in the page."""
    errors = response.context[target.form].errors.get("file")
    assert errors, f"no error beside the file field of the {target.name}"
    page = response.content.decode()
    assert 'file-error"' in page
    return " ".join(errors)


@pytest.mark.parametrize("target_fixture", DOCUMENT_TARGETS)
@pytest.mark.parametrize(("what", "name", "content", "says"), BAD_DOCUMENTS, ids=lambda v: v)
def test_a_bad_document_is_refused_beside_the_field_and_nothing_is_stored(
    request, media, target_fixture, what, name, content, says
):
    target = request.getfixturevalue(target_fixture)
    before = target.stored()
    response = target.post(SimpleUploadedFile(name, _content(name, content)))
    assert response.status_code == 400, what
    assert says in _error_beside_file(target, response)
    assert target.stored() == before
    assert files_in(media) == []


@pytest.mark.parametrize("target_fixture", DOCUMENT_TARGETS)
def test_a_document_over_the_size_limit_is_refused_and_nothing_is_stored(
    request, media, target_fixture
):
    target = request.getfixturevalue(target_fixture)
    oversize = documents.PDF + b"0" * (PAPER_MAX_BYTES + 1 - len(documents.PDF))
    response = target.post(SimpleUploadedFile("big.pdf", oversize))
    assert response.status_code == 400
    assert "smaller than 20 MB" in _error_beside_file(target, response)
    assert target.stored() == 0
    assert files_in(media) == []


@pytest.mark.parametrize("target_fixture", DOCUMENT_TARGETS)
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("paper.pdf", documents.PDF),
        ("paper.docx", documents.docx()),
        ("book.xlsx", documents.xlsx()),
    ],
)
def test_a_good_document_of_each_kind_is_still_accepted(
    request, media, target_fixture, name, content
):
    target = request.getfixturevalue(target_fixture)
    response = target.post(SimpleUploadedFile(name, content))
    assert response.status_code == 302
    assert target.stored() == 1
    [stored] = files_in(media)
    assert stored.read_bytes() == content


# The figures import takes CSV and XLSX, told from the content -----------------------------------

BAD_IMPORTS = [
    ("an executable renamed .csv", "figures.csv", documents.EXE, "not text"),
    ("a PDF renamed .xlsx", "figures.xlsx", documents.PDF, "neither CSV nor XLSX"),
    ("a Word document renamed .xlsx", "figures.xlsx", documents.docx(), "ZIP archive"),
    (
        "an old Excel workbook",
        "figures.xls",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
        ".xls",
    ),
    (
        "Latin-1 text",
        "figures.csv",
        "code,period,num,den\nA,Avr 2022,1,2\né".encode("latin-1"),
        "UTF-8",
    ),
    ("a zip bomb disguised as .xlsx", "figures.xlsx", None, "zip bomb"),
    ("an .xlsm renamed .xlsx", "figures.xlsx", documents.xlsm(), "macros"),
    ("an empty file", "figures.csv", b"", ""),
]


@pytest.mark.parametrize(("what", "name", "content", "says"), BAD_IMPORTS, ids=lambda v: v)
def test_a_bad_import_file_is_refused_beside_the_field_and_nothing_is_stored(
    import_target, media, what, name, content, says
):
    response = import_target.post(SimpleUploadedFile(name, _content(name, content)))
    assert response.status_code == 400, what
    assert says in _error_beside_file(import_target, response)
    assert import_target.stored() == 0
    assert files_in(media) == []


def test_an_import_file_over_the_limit_is_refused_before_it_is_read(import_target, settings):
    settings.JOINEDUP_IMPORT_MAX_BYTES = 1024
    rows = b"code,period,num,den\n" + b"A,Apr 2022,1,2\n" * 100
    response = import_target.post(SimpleUploadedFile("figures.csv", rows))
    assert response.status_code == 400
    assert "over the limit of" in _error_beside_file(import_target, response)
    assert import_target.stored() == 0
