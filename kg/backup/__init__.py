"""Backing up and restoring what the service needs: ``kg backup`` and ``kg restore``.

- :mod:`kg.backup.archive`: the archive's layout and manifest, and reading an archive
  only when every member matches it (path traversal refused);
- :mod:`kg.backup.create`: writing the archive under the store's write lock;
- :mod:`kg.backup.restoring`: putting each part back whole, the store last.
"""

from __future__ import annotations

from kg.backup.archive import BackupError, Manifest, verify
from kg.backup.create import BackupReport, backup
from kg.backup.restoring import RestoreReport, restore

__all__ = [
    "BackupError",
    "BackupReport",
    "Manifest",
    "RestoreReport",
    "backup",
    "restore",
    "verify",
]
