"""The whole graph as files (``/dumps/yhdyspinta.ttl|.nt|.jsonld|.nq``) and its VoID/DCAT
description (``/void``, also at ``/.well-known/void``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import FileResponse

from api import schemas
from api.deps import SettingsDep, StoreDep
from api.negotiation import negotiate
from api.responses import media, problems
from api.urls import public_root, public_url_for
from kg.dumps import DUMPS, dump_path
from kg.void import void_document

router = APIRouter(tags=["dumps"])


VOID_OFFERS = ["text/turtle", "application/ld+json", "application/n-triples"]
JSON_MEANS_JSON_LD = {"application/json": "application/ld+json"}


@router.get("/dumps")
def list_dumps(request: Request, store: StoreDep) -> list[schemas.Dump]:
    """The dumps of the current store: name, URL, media type, size and what they hold."""
    out = []
    for dump in DUMPS.values():
        path = dump_path(store, dump.name)
        if path is not None:
            out.append(
                schemas.Dump.model_validate(
                    {
                        "name": dump.name,
                        "url": public_url_for(request, "dump", name=dump.name),
                        "media_type": dump.media_type,
                        "bytes": path.stat().st_size,
                        "content": "named graphs" if dump.quads else "default graph",
                    }
                )
            )
    return out


@router.get(
    "/dumps/{name}",
    name="dump",
    response_class=Response,
    responses={
        **media(*(d.media_type for d in DUMPS.values()), description="The dump as a file"),
        304: {"description": "Not modified (If-None-Match names the current ETag)"},
        **problems(404),
    },
)
def dump(name: str, request: Request, store: StoreDep) -> Response:
    """One dump as a file, with its ETag and Last-Modified (``If-None-Match`` gives 304)."""
    if name not in DUMPS:
        raise HTTPException(404, f"no dump {name!r}; there are {sorted(DUMPS)}")
    path = dump_path(store, name)
    if path is None:
        raise HTTPException(404, f"the current store has no dump {name!r}; run `kg build`")
    response = FileResponse(
        path, media_type=DUMPS[name].media_type, filename=name, stat_result=path.stat()
    )
    etag = response.headers["etag"]
    wanted = {t.strip() for t in request.headers.get("if-none-match", "").split(",")}
    if etag in wanted or "*" in wanted:
        headers = {k: response.headers[k] for k in ("etag", "last-modified")}
        return Response(status_code=304, headers=headers)
    return response


router.add_api_route(  # HEAD: the size and ETag without the body
    "/dumps/{name}", dump, methods=["HEAD"], name="dump_head", include_in_schema=False
)


def _void(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    wanted = negotiate(request.headers.get("accept"), VOID_OFFERS, aliases=JSON_MEANS_JSON_LD)
    if not wanted:
        raise HTTPException(406, f"the description is given as {VOID_OFFERS}")
    body = void_document(store, settings.base_iri, public_root(request), wanted[0])
    return Response(body, media_type=wanted[0], headers={"Vary": "Accept"})


VOID_ROUTE: dict[str, Any] = {
    "response_class": Response,
    "responses": {**media(*VOID_OFFERS, description="The VoID/DCAT description"), **problems(406)},
}


@router.get("/void", summary="VoID and DCAT description of the graph", **VOID_ROUTE)
def void(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    """Counts, partitions, named graphs with their sources and terms, endpoint and dumps."""
    return _void(request, store, settings)


@router.get("/.well-known/void", summary="VoID description (well-known location)", **VOID_ROUTE)
def well_known_void(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    """The same description as ``/void`` (RFC 5785 location named by the VoID guide)."""
    return _void(request, store, settings)
