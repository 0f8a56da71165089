"""The whole graph as files: written beside each built store, served at ``/dumps/``.

``yhdyspinta.ttl``, ``.nt`` and ``.jsonld`` hold the merged default graph (every distinct
triple once); ``yhdyspinta.nq`` holds the named graphs as N-Quads, so each triple keeps the
graph (and with it the source and provenance) it came from. A build writes them into the
new store directory before it swaps the store link, so the dumps always match the store
being served. The Turtle, N-Triples and N-Quads files start with comment lines naming the
sources the graph was built from and their terms (``kg.sources``: the merged graph keeps no
per-graph provenance, so the notice travels with the file); JSON-LD has no comments, and
the VoID description names them for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import QueryBoolean, QuerySolutions, RdfFormat, Triple, serialize

from kg.namespaces import PREFIXES
from kg.sources import NATIONAL, Source
from kg.store import Store

DUMP_DIR = "dumps"


@dataclass(frozen=True)
class Dump:
    name: str
    media_type: str
    format: RdfFormat
    label: str  # the format's name, as in http://www.w3.org/ns/formats/
    quads: bool = False  # the named graphs (N-Quads) rather than the merged default graph
    comments: bool = True  # the format has comment lines (``#``)


DUMPS: dict[str, Dump] = {
    d.name: d
    for d in (
        Dump("yhdyspinta.ttl", "text/turtle", RdfFormat.TURTLE, "Turtle"),
        Dump("yhdyspinta.nt", "application/n-triples", RdfFormat.N_TRIPLES, "N-Triples"),
        Dump(
            "yhdyspinta.jsonld", "application/ld+json", RdfFormat.JSON_LD, "JSON-LD", comments=False
        ),
        Dump("yhdyspinta.nq", "application/n-quads", RdfFormat.N_QUADS, "N-Quads", quads=True),
    )
}


def default_graph(store: Store) -> Iterator[Triple]:
    """Every triple of the merged default graph (each distinct triple once), in the
    store's index order: grouped by subject."""
    result = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert not isinstance(result, QuerySolutions | QueryBoolean)
    return iter(result)


def write_dumps(
    store: Store, store_dir: Path, sources: tuple[Source, ...] = NATIONAL
) -> dict[str, int]:
    """Write every dump of ``store`` into ``store_dir/dumps/``, naming ``sources`` where
    the format allows; returns name → bytes."""
    directory = store_dir / DUMP_DIR
    directory.mkdir(parents=True, exist_ok=True)
    notice = source_notice(sources).encode("utf-8")
    sizes: dict[str, int] = {}
    for dump in DUMPS.values():
        path = directory / dump.name
        with path.open("wb") as f:
            if dump.comments:
                f.write(notice)
            if dump.quads:
                serialize(store.quads(), f, format=dump.format)
            else:
                # read again for each dump rather than held: a large graph's triples
                # as objects take more memory than the store itself
                serialize(default_graph(store), f, format=dump.format, prefixes=PREFIXES)
        sizes[dump.name] = path.stat().st_size
    return sizes


def source_notice(sources: tuple[Source, ...]) -> str:
    """Comment lines naming each source with its licence or terms and its address."""
    lines = ["# Sources of this data and their terms (the registry, kg.sources):"]
    for source in sources:
        terms = "; ".join(t for t in (source.license, source.rights) if t) or "no terms stated"
        where = f" <{source.url}>" if source.url else ""
        lines.append(f"# - {source.title}{where}: {terms}")
    return "".join(" ".join(line.splitlines()) + "\n" for line in lines)


def dump_path(store: Store, name: str) -> Path | None:
    """The file of dump ``name`` of a built store, or ``None`` if there is none."""
    if name not in DUMPS or store.path is None:
        return None
    path = store.path / DUMP_DIR / name
    return path if path.is_file() else None
