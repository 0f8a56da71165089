"""``kg query``: run a SPARQL query or a named query on the store."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kg.cli.common import (
    OutputFormat,
    StoreOption,
    app,
    emit_rows,
    err,
    open_store,
    read_text,
    settings_for,
)

if TYPE_CHECKING:
    from kg.store import Store


@app.command()
def query(
    file: Annotated[Path | None, typer.Argument(help="A .rq file with one SPARQL query.")] = None,
    query_text: Annotated[str | None, typer.Option("--query", "-q", help="Query text.")] = None,
    named: Annotated[
        str | None, typer.Option("--named", "-n", help="Id of a query in queries/ to run.")
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="NAME=VALUE for a named query's parameter."),
    ] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    store: StoreOption = None,
) -> None:
    """Run a SPARQL query (a file, --query TEXT, or --named ID with --param) on the store.

    Named queries bind their typed parameters into the query; nothing is pasted as text.
    Queries are held to the endpoint's rules: no SERVICE, brackets nested at most
    YP_QUERY_MAX_DEPTH deep, chains at most YP_QUERY_MAX_CHAIN long (exit 2).
    """
    from kg.named_queries import load_named_queries
    from kg.sparql_guard import QueryLimits, UnsupportedQuery, check_query
    from kg.sparql_sandbox import call_on_large_stack

    bindings = {}
    if named is not None:
        if file is not None or query_text is not None:
            err.print("[red]error:[/red] give --named alone, not with a FILE or --query")
            raise typer.Exit(2)
        queries = load_named_queries()
        if named not in queries:
            err.print(f"[red]error:[/red] no named query {named!r}; known: {sorted(queries)}")
            raise typer.Exit(2)
        values = dict(p.partition("=")[::2] for p in param or [])
        try:
            bindings = queries[named].bindings(values)
        except ValueError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from exc
        text = queries[named].text
    elif (file is None) == (query_text is None):
        err.print("[red]error:[/red] give a query FILE, --query TEXT or --named ID")
        raise typer.Exit(2)
    else:
        text = query_text if query_text is not None else read_text(file)  # type: ignore[arg-type]
    settings = settings_for(store)
    db = open_store(settings)
    try:
        check_query(text, QueryLimits(settings.query_max_depth, settings.query_max_chain))
        # the engine parses and evaluates recursively: run it on a large stack
        call_on_large_stack(_run, db, text, bindings, fmt)
    except (SyntaxError, UnsupportedQuery) as exc:
        err.print(f"[red]query error:[/red] {exc}")
        raise typer.Exit(2) from exc


def _run(db: Store, text: str, bindings: dict, fmt: OutputFormat) -> None:
    from pyoxigraph import QueryBoolean, QuerySolutions

    from kg.store import to_python

    result = db.query(text, bindings=bindings or None)
    if isinstance(result, QueryBoolean):
        emit_rows([{"result": bool(result)}], ["result"], fmt)
    elif isinstance(result, QuerySolutions):
        names = [v.value for v in result.variables]
        emit_rows([{n: to_python(row[n]) for n in names} for row in result], names, fmt)
    else:
        sys.stdout.write("".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in result))
