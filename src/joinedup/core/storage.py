"""The local file storage for uploads: Django's, except that a write that fails part way (the
disk filling up) leaves no partial file behind, so a refused upload keeps nothing."""

from django.core.files.storage import FileSystemStorage


class CleanFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        # Only a file that this write created may be removed, never another upload's.
        existed = self.exists(name)
        try:
            return super()._save(name, content)
        except OSError as error:
            if not existed and not isinstance(error, FileExistsError) and self.exists(name):
                self.delete(name)
            raise
