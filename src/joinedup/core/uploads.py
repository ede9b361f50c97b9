"""Checks that every app makes on an uploaded document before it keeps or opens it.

DOCX and XLSX files are ZIP archives. Before one is opened, the sizes its directory declares
are checked, so that a small file that would expand to gigabytes (a "zip bomb") is refused
unread, and a document holding macros (a VBA project) is refused too. Python's `zipfile`,
which openpyxl reads through, stops each member at its declared size and checks its CRC, so a
directory that understates a member's size gives a damaged file, never a larger one.
"""

import re
import zipfile

from django.core.exceptions import ValidationError

ZIP_SIGNATURE = b"PK\x03\x04"
MAX_EXPANDED_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 100
# Below this a file's expansion cannot hurt, whatever its ratio: small XML compresses well.
RATIO_FLOOR_BYTES = 16 * 1024 * 1024
MAX_MEMBERS = 10_000
CONTENT_TYPES = "[Content_Types].xml"
MACRO_MARKS = (b"macroEnabled", b"vbaProject")


def zip_names(handle, *, max_expanded: int = MAX_EXPANDED_BYTES) -> list[str]:
    """The names of the members of a ZIP-based document, read from a seekable binary file, or
    [] if it is not a readable ZIP archive. Raise ValidationError if it would expand too far
    or holds macros. The file is left at its start."""
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            members = archive.infolist()
            _check_expansion(members, max_expanded)
            _check_macros(archive, members)
            return [member.filename for member in members]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError):
        return []
    finally:
        handle.seek(0)


def _check_expansion(members, max_expanded: int) -> None:
    if len(members) > MAX_MEMBERS:
        raise ValidationError(
            f"The file holds {len(members):,} parts, more than a document has: it is refused.",
            code="zip_bomb",
        )
    expanded = sum(member.file_size for member in members)
    packed = max(1, sum(member.compress_size for member in members))
    ratio = expanded / packed
    if expanded > max_expanded or (expanded > RATIO_FLOOR_BYTES and ratio > MAX_RATIO):
        raise ValidationError(
            f"The file would expand to {expanded / 1024 / 1024:,.0f} MB when opened, "
            f"{ratio:,.0f} times its size: it is refused as a possible zip bomb.",
            code="zip_bomb",
        )


def _check_macros(archive: zipfile.ZipFile, members) -> None:
    if any(member.filename.lower().endswith("vbaproject.bin") for member in members):
        _refuse_macros()
    declared = next((m for m in members if m.filename == CONTENT_TYPES), None)
    if declared is not None and declared.file_size <= 1024 * 1024:
        content_types = archive.read(declared)
        if any(mark in content_types for mark in MACRO_MARKS):
            _refuse_macros()


def _refuse_macros():
    raise ValidationError(
        "Documents with macros are not accepted: save it as .docx or .xlsx without macros.",
        code="macros",
    )


def safe_file_name(name: str, *, limit: int) -> str:
    """An uploaded file's own name, fit to show and to offer on download: without any folder
    (after either kind of slash), control characters or surrounding dots and spaces, and no
    longer than `limit`, keeping its extension."""
    base = re.split(r"[/\\]", name or "")[-1]
    base = "".join(char for char in base if char.isprintable()).strip(" .")
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    extension = extension[:16]
    stem = stem[: limit - len(extension) - len(dot)].rstrip(" .")
    return f"{stem}{dot}{extension}" if stem else "document"
