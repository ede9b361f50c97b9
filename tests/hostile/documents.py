"""Files a hostile or careless uploader might send, built in memory: good documents to start
from, and the bad ones (renamed executables, zip bombs, documents with macros, oversize)."""

import io
import zipfile

from openpyxl import Workbook

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
DOCX_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
DOCM_TYPES = DOCX_TYPES.replace(
    b"officedocument.wordprocessingml.document.main", b"ms-word.document.macroEnabled.main"
)
BOMB_BYTES = 64 * 1024 * 1024  # zeros that deflate to about 64 KB


def zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def docx() -> bytes:
    return zipped({"[Content_Types].xml": DOCX_TYPES, "word/document.xml": b"<w:document/>"})


def xlsx(rows=(("code", "period", "num", "den"),)) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_parts(document: bytes, parts: dict[str, bytes]) -> bytes:
    """A copy of a ZIP-based document with more parts in it."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(document)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for info in source.infolist():
            archive.writestr(info, source.read(info))
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def zip_bomb(document: bytes, part: str) -> bytes:
    """A real document with one part that expands from kilobytes to BOMB_BYTES."""
    return with_parts(document, {part: bytes(BOMB_BYTES)})


def docm() -> bytes:
    """A Word document with macros, as Word saves it (.docm)."""
    return zipped({
        "[Content_Types].xml": DOCM_TYPES, "word/document.xml": b"<w:document/>",
        "word/vbaProject.bin": b"\xd0\xcf\x11\xe0 VBA project",
    })  # fmt: skip


def docx_with_macros() -> bytes:
    """A .docx whose content types say nothing of macros but which holds a VBA project."""
    return with_parts(docx(), {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 VBA project"})


def xlsm() -> bytes:
    """An Excel workbook with macros (.xlsm)."""
    return with_parts(xlsx(), {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 VBA project"})
