"""What the routes document in the OpenAPI schema besides their 200: error bodies and the
media types of answers that are not JSON."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from kg.sparql import GRAPH_FORMATS, RESULT_FORMATS


class Problem(BaseModel):
    """An error: ``detail`` says what was wrong, naming the parameter; a 404 for a name may
    carry ``{"message": …, "suggestions": […]}`` instead of a string."""

    detail: str | dict[str, Any] | list[Any]


_WHY = {
    400: "Malformed request (the detail names the parameter or the problem)",
    404: "Nothing by that name or code (a name gets up to five suggestions)",
    406: "None of the media types in Accept can be given",
    413: "The request body is larger than the limit (YP_MAX_BODY_BYTES)",
    429: "This client has as many queries running or waiting as it may (Retry-After)",
    503: "The query reached the time limit (waiting and running) and was stopped, or all "
    "query workers are busy and the queue is full (Retry-After)",
}


def problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for the given error status codes."""
    return {code: {"model": Problem, "description": _WHY[code]} for code in codes}


def media(*types: str, description: str = "The answer") -> dict[int | str, dict[str, Any]]:
    """An OpenAPI ``200`` entry listing the media types an answer may be given in."""
    return {200: {"description": description, "content": {t: {} for t in types}}}


SPARQL_MEDIA = media(*RESULT_FORMATS, *GRAPH_FORMATS, description="Results, or a graph")
