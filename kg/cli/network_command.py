"""``kg network`` and ``kg network-diff``: collaboration networks as files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kg.cli.common import AsOfOption, StoreOption, app, err, open_store, settings_for

if TYPE_CHECKING:
    from kg.network.report import View

NetworkOption = Annotated[
    str,
    typer.Option(
        help="organisation (weighted: an event of n organisations adds 1/(n-1) to each "
        "pair), organisation-event (two-mode: organisations and the agreements, "
        "negotiations, forums, interfaces and dual roles they take part in), "
        "organisation-theme (two-mode) or dual-role."
    ),
]
CountyOption = Annotated[
    str | None,
    typer.Option(
        help="Only this organiser (01–21, or 90 for Helsinki, also by its code 091) and its area."
    ),
]
ThemeOption = Annotated[str | None, typer.Option(help="Only this theme (e.g. hyte).")]
RelationOption = Annotated[
    list[str] | None,
    typer.Option(
        "--relation",
        help="Keep only this relation (repeatable): agreement, negotiation, forum, "
        "interface, dual-role.",
    ),
]


def _write(view: View, output: Path | None) -> None:
    if output is None:
        sys.stdout.buffer.write(view.body)
        return
    try:
        output.write_bytes(view.body)
    except OSError as exc:
        err.print(f"[red]error:[/red] cannot write {output}: {exc.strerror}")
        raise typer.Exit(2) from exc
    err.print(f"wrote {output} ({len(view.body):,} bytes)", highlight=False)


@app.command("network")
def network_command(
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Output file; its suffix sets the format: .html (interactive, offline), "
            ".png (static image), .json or .csv (the metrics). Default: HTML to stdout.",
        ),
    ] = None,
    network: NetworkOption = "organisation",
    county: CountyOption = None,
    theme: ThemeOption = None,
    relation: RelationOption = None,
    as_of: AsOfOption = None,
    term: Annotated[
        str | None,
        typer.Option(
            help="What was valid in this council term (IRI, its last part such as "
            "county-2025-2029, or label)."
        ),
    ] = None,
    metric: Annotated[
        # the names of kg.network.report.METRICS (a test holds them equal)
        str,
        typer.Option(
            help="Node size by: betweenness, eigenvector, degree, weighted_degree, brokerage."
        ),
    ] = "betweenness",
    lang: Annotated[str, typer.Option("--lang", help="fi, sv or en.")] = "fi",
    store: StoreOption = None,
) -> None:
    """Draw or measure the collaboration network.

    Organisations joined by the agreements, negotiations, forums, interfaces with owners
    on both sides and dual roles they share, each event of n organisations adding 1/(n-1)
    to each of its pairs (Newman's collaboration weight); or, with --network
    organisation-event, the organisations and those events themselves. Filtered by county,
    theme, relation and date or council term; with degree, weighted degree, betweenness,
    eigenvector centrality, Louvain communities, brokerage and brokers, theme isolates and
    density per county. Exit code 2 on an unknown value.
    """
    from kg.network.report import FORMATS, network_view

    fmt = "html" if output is None else output.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        err.print(f"[red]error:[/red] -o {output}: the suffix must be one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    if as_of is not None and term is not None:
        err.print("[red]error:[/red] give --as-of or --term, not both")
        raise typer.Exit(2)
    db = open_store(settings_for(store))
    try:
        view = network_view(
            db,
            fmt=fmt,
            network=network,
            county=county,
            theme=theme,
            relations=relation,
            as_of=as_of.date() if as_of is not None else None,
            term=term,
            metric=metric,
            lang=lang,
        )
    except (LookupError, ValueError) as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    _write(view, output)


@app.command("network-diff")
def network_diff_command(
    before: Annotated[str, typer.Argument(help="First period: a date YYYY-MM-DD or a term.")],
    after: Annotated[str, typer.Argument(help="Second period: a date or a council term.")],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Output file, .json or .csv (default JSON to stdout)."),
    ] = None,
    table: Annotated[
        str, typer.Option(help="For CSV: one row per node (nodes) or per edge (edges).")
    ] = "nodes",
    network: NetworkOption = "organisation",
    county: CountyOption = None,
    theme: ThemeOption = None,
    relation: RelationOption = None,
    store: StoreOption = None,
) -> None:
    """How the collaboration network changed between two dates or council terms.

    Per node the change of each metric (degree, weighted degree, betweenness, eigenvector,
    community peers, broker status), per edge the relations and evidence gained and lost,
    and the nodes and edges added and removed. Exit code 2 on an unknown value.
    """
    from kg.network.report import network_diff_view

    fmt = "json" if output is None else output.suffix.lower().lstrip(".")
    db = open_store(settings_for(store))
    try:
        view = network_diff_view(
            db,
            before,
            after,
            fmt=fmt,
            table=table,
            network=network,
            county=county,
            theme=theme,
            relations=relation,
        )
    except (LookupError, ValueError) as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    _write(view, output)
