"""What an upload would change, shown before anything is written.

The candidate graph is the serving store with the scope folder's named graphs swapped for
the upload's, inferences made again (``kg.importing.staged_store.candidate``): exactly what
publishing writes, so the validation and the audit run over it give what a full run over
the published data gives (a test compares them). Shown against the serving store:

- the per-entity changes (``kg.importing.changes``) and the statements added and removed;
- the validation results the upload makes appear and those it resolves, and the counts
  of each severity before and after;
- the audit rows of the upload's county whose status it changes (or that it adds or
  removes).

The serving store's own validation and audit are computed once per store and day and
kept (the store only changes when a build or publish swaps it).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg.audit.evaluate import AuditRow, audit
from kg.store import Store
from kg.validation.compile import Check
from kg.validation.engine import Result, default_checks, validate

SHOWN = 300  # results and rows listed at most (counts are whole)
_LANGS = ("fi", "sv", "en")
_checks: list[Check] = []
_validated: dict[tuple[Path | None, dt.date], list[Result]] = {}
_audited: dict[tuple[Path | None, dt.date, str], list[AuditRow]] = {}
_lock = threading.Lock()


def checks_of(
    store: Store, county: str, as_of: dt.date, *, cache: bool
) -> tuple[list[Result], list[AuditRow]]:
    """The validation results and the county's audit rows of ``store`` as of ``as_of``.
    With ``cache`` (the serving store, which never changes in place) they are kept per
    store; without, the store is validated in place (a candidate in memory, thrown away
    after)."""
    with _lock:
        if not _checks:
            _checks.extend(default_checks())
    if not cache:
        fresh = audit(store, as_of=as_of, county=county).rows
        return validate(store, as_of=as_of, checks=_checks, copy=False), fresh
    with _lock:
        if len(_validated) > 8:
            _validated.clear()
            _audited.clear()
        results = _validated.get((store.path, as_of))
        if results is None:
            results = _validated[(store.path, as_of)] = validate(store, as_of=as_of, checks=_checks)
        rows = _audited.get((store.path, as_of, county))
        if rows is None:
            rows = _audited[(store.path, as_of, county)] = audit(
                store, as_of=as_of, county=county
            ).rows
    return results, rows


def validation_delta(before: list[Result], after: list[Result]) -> dict[str, Any]:
    old = {r.key: r for r in before}
    new = {r.key: r for r in after}
    appeared = [new[k] for k in sorted(new.keys() - old.keys(), key=_key_order)]
    resolved = [old[k] for k in sorted(old.keys() - new.keys(), key=_key_order)]
    return {
        "before": dict(Counter(r.severity for r in before)),
        "after": dict(Counter(r.severity for r in after)),
        "appeared": [_result(r) for r in appeared[:SHOWN]],
        "resolved": [_result(r) for r in resolved[:SHOWN]],
        "appeared_count": len(appeared),
        "resolved_count": len(resolved),
    }


def audit_delta(before: Iterable[AuditRow], after: Iterable[AuditRow]) -> list[dict[str, Any]]:
    """The audit rows whose status the upload changes, adds or removes."""
    old = {_row_key(r): r for r in before}
    new = {_row_key(r): r for r in after}
    out = []
    for key in sorted(old.keys() | new.keys(), key=lambda k: tuple(x or "" for x in k)):
        a, b = old.get(key), new.get(key)
        if a is not None and b is not None and a.status == b.status:
            continue
        row = b or a
        assert row is not None
        out.append(
            {
                "obligation": row.obligation.id,
                "statute": f"{row.obligation.statute} {row.obligation.section}",
                "statement": row.obligation.statement,
                "bearer": {"code": row.bearer.code, "names": row.bearer.names},
                "counterparty": (
                    {"code": row.counterparty.code, "names": row.counterparty.names}
                    if row.counterparty
                    else None
                ),
                "period": {lang: row.period.label(lang) for lang in _LANGS} if row.period else None,
                "before": a.status if a else None,
                "after": b.status if b else None,
            }
        )
    return out


def _row_key(r: AuditRow) -> tuple[str | None, ...]:
    return (
        r.obligation.id,
        r.bearer.iri,
        r.counterparty.iri if r.counterparty else None,
        r.period.key if r.period else None,
    )


def _key_order(key: tuple[str, str | None, str, str]) -> tuple[str, ...]:
    return tuple(x or "" for x in key)


def _result(r: Result) -> dict[str, Any]:
    return {
        "severity": r.severity,
        "focus": r.focus,
        "path": r.path,
        "shape": r.shape,
        "component": r.component,
        "value": r.value,
        "messages": r.messages,
    }
