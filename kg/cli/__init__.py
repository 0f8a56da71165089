"""The ``kg`` command line: thin commands over the library.

Data goes to stdout, logs and progress to stderr. Exit codes: 0 ok, 1 findings,
2 usage or runtime error (bad data, bad query, no store).
"""

from __future__ import annotations

from kg.cli import (  # noqa: F401  (the commands register themselves)
    account_commands,
    backup_commands,
    data_commands,
    network_command,
    query_command,
    report_commands,
)
from kg.cli.common import app

__all__ = ["app", "main"]


def main() -> None:
    app()
