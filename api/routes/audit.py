"""The legal-obligation audit over HTTP: the same function and JSON as ``kg audit``.

``GET /api/v1/audit?as_of=YYYY-MM-DD&county=CODE&obligation=ID&lang=fi`` answers with
:func:`kg.audit.render.to_dict`, documented by :class:`api.schemas.AuditReport`: the counts
per status first (for one organiser its own; for the country the total and each
organiser's), then one object per duty × bearer (× counterparty) × period, each citing its
law section (citation, ELI and Finlex link).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query

from api import schemas
from api.deps import StoreDep
from api.params import IsoDate
from api.responses import problems
from kg.audit.evaluate import audit as run_audit
from kg.audit.render import to_dict

router = APIRouter(prefix="/api/v1", tags=["audit"])


@router.get("/audit", response_model=schemas.AuditReport, responses=problems(400, 404))
def get_audit(
    store: StoreDep,
    as_of: Annotated[
        IsoDate | None, Query(description="Date the duties are judged on (default today).")
    ] = None,
    county: Annotated[
        str | None,
        Query(
            max_length=10,
            description="Organiser code: a county 01–21, or the City of Helsinki as 90 (or by "
            "its municipality code 091).",
        ),
    ] = None,
    obligation: Annotated[
        str | None, Query(description="Duty id (as in data/obligations/obligations.csv).")
    ] = None,
    lang: Annotated[
        Literal["fi", "sv", "en"], Query(description="Language of the names, duties and words.")
    ] = "fi",
) -> dict[str, Any]:
    """Every duty × bearer (× counterparty) × period started by ``as_of``: fulfilled (with
    its evidence), open (with its deadline), no evidence recorded (deadline passed, nothing
    recorded either way), missed (deadline passed, the records show it), or not applicable
    (with the reason).
    A plain ``def``: it runs in the thread pool (pyoxigraph releases the GIL)."""
    try:
        result = run_audit(
            store,
            as_of=as_of or dt.date.today(),
            county=county,
            obligation=obligation,
        )
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from None
    except ValueError as exc:  # a date the data cannot judge
        raise HTTPException(400, str(exc)) from None
    return to_dict(result, lang=lang)
