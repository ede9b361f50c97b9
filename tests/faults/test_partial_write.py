"""A file whose write fails part way, as when the disk fills up mid-upload, leaves nothing."""

import errno

import pytest
from django.core.files.base import ContentFile, File

from joinedup.core.storage import CleanFileSystemStorage


class FillsTheDisk(File):
    """An upload whose second chunk cannot be written: the disk is full by then."""

    def __init__(self):
        super().__init__(None, name="paper.pdf")
        self.size = 2 * 64 * 1024

    def chunks(self, chunk_size=None):
        yield b"%PDF-1.7\n" + b"0" * 1024
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_write_that_fills_the_disk_leaves_no_partial_file(tmp_path):
    storage = CleanFileSystemStorage(location=tmp_path)

    with pytest.raises(OSError, match="No space left"):
        storage.save("papers/2026/11/paper.pdf", FillsTheDisk())

    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_a_failed_write_never_removes_another_file(tmp_path):
    storage = CleanFileSystemStorage(location=tmp_path)
    kept = storage.save("papers/paper.pdf", ContentFile(b"%PDF-1.7 kept", name="paper.pdf"))

    with pytest.raises(OSError):
        storage.save("papers/paper.pdf", FillsTheDisk())

    assert storage.exists(kept)
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == ["paper.pdf"]
