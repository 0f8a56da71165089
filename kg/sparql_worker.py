"""The SPARQL worker process: opens the store read-only and answers one query at a time.

:mod:`kg.query_pool` starts these processes and schedules queries onto them; this module
is what runs inside one. A request is a dict of :func:`kg.sparql.answer`'s arguments; the
reply is ``("ok", body, media_type, truncated, row_cap)`` or ``(error kind, message)``.
"""

from __future__ import annotations

from multiprocessing.connection import Connection
from pathlib import Path

from kg.sparql import UnsupportedQuery, answer


def serve(conn: Connection, store_dir: str) -> None:  # runs in the worker process
    from kg.store import Store

    store = Store(Path(store_dir), read_only=True)
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):  # the service went away
            return
        if request is None:
            return
        try:
            result = answer(store, **request)
            conn.send(("ok", result.body, result.media_type, result.truncated, result.row_cap))
        except SyntaxError as exc:
            conn.send(("syntax", str(exc)))
        except UnsupportedQuery as exc:
            conn.send(("unsupported", str(exc)))
        except LookupError as exc:
            conn.send(("lookup", str(exc)))
        except ValueError as exc:
            conn.send(("value", str(exc)))
        except Exception as exc:  # noqa: BLE001 - reported to the caller, worker lives on
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
