"""Collaboration networks over HTTP: the same views as ``kg network``, for the UI to embed.

``GET /network`` gives the interactive page (offline: no CDN; vis-network and the page's
script are files of this service, ``/assets/vendor/vis-network/`` and
``/static/js/network.js``, so the default Content-Security-Policy applies), a PNG, or the
metrics as JSON or CSV; ``GET /network/diff`` the change between two dates or council terms.
Tooltips link to the entity pages of this service.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request, Response

from api.deps import SettingsDep, StoreDep
from api.pages import chrome
from api.params import IsoDate
from api.responses import media, problems
from api.urls import public_root
from kg.entity import Site
from kg.network.report import View, network_diff_view, network_view

router = APIRouter(tags=["network"])

Network = Annotated[
    Literal["organisation", "organisation-event", "organisation-theme", "dual-role"],
    Query(
        description="The organisation network (an event of n organisations adds 1/(n-1) "
        "to each of its pairs), the two-mode organisation–event network, the two-mode "
        "organisation–theme network, or the dual-role bridges."
    ),
]
County = Annotated[
    str | None,
    Query(
        max_length=3,
        pattern=r"^\d{1,3}$",
        description="Organiser code (01–21, or 90 for Helsinki; also its municipality code 091).",
    ),
]
Theme = Annotated[
    str | None,
    Query(max_length=40, pattern=r"^[a-z0-9-]+$", description="Theme code, e.g. hyte."),
]
Relation = Annotated[
    list[Literal["agreement", "negotiation", "forum", "interface", "dual-role"]] | None,
    Query(description="Keep only these relations (repeatable)."),
]
Term = Annotated[
    str | None,
    Query(
        max_length=200,
        description="A council term: IRI, its last part (e.g. county-2025-2029) or label.",
    ),
]


def _answer(make: Callable[[], View]) -> Response:
    try:
        view = make()
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from None
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
    return Response(view.body, media_type=view.media_type)


@router.get(
    "/network",
    response_class=Response,
    responses={
        **media(
            "text/html",
            "image/png",
            "application/json",
            "text/csv",
            description="The view or its metrics",
        ),
        **problems(400, 404),
    },
)
def network(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    network: Network = "organisation",
    county: County = None,
    theme: Theme = None,
    relation: Relation = None,
    as_of: Annotated[IsoDate | None, Query(description="What was valid on this day.")] = None,
    term: Term = None,
    metric: Annotated[
        Literal["betweenness", "eigenvector", "degree", "weighted_degree", "brokerage"],
        Query(description="Node size by this metric."),
    ] = "betweenness",
    lang: Annotated[Literal["fi", "sv", "en"], Query()] = "fi",
    format: Annotated[
        Literal["html", "png", "json", "csv"],
        Query(description="html (interactive), png, or the metrics as json or csv."),
    ] = "html",
) -> Response:
    """The collaboration network with its filters, nodes sized by a centrality."""
    site = Site(settings.base_iri, public_root(request))
    return _answer(
        lambda: network_view(
            store,
            fmt=format,
            network=network,
            county=county,
            theme=theme,
            relations=relation,
            as_of=as_of,
            term=term,
            metric=metric,
            lang=lang,
            href=site.href,
            chrome=chrome(request, lang, "network", store) if format == "html" else None,
        )
    )


@router.get(
    "/network/diff",
    response_class=Response,
    responses={**media("application/json", "text/csv"), **problems(400, 404)},
)
def network_diff(
    store: StoreDep,
    before: Annotated[str, Query(max_length=200, description="A date YYYY-MM-DD or a term.")],
    after: Annotated[str, Query(max_length=200, description="A date YYYY-MM-DD or a term.")],
    network: Network = "organisation",
    county: County = None,
    theme: Theme = None,
    relation: Relation = None,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
    table: Annotated[
        Literal["nodes", "edges"], Query(description="For CSV: a row per node or per edge.")
    ] = "nodes",
) -> Response:
    """How the network changed between two dates or council terms, per node and edge."""
    return _answer(
        lambda: network_diff_view(
            store,
            before,
            after,
            fmt=format,
            table=table,
            network=network,
            county=county,
            theme=theme,
            relations=relation,
        )
    )
