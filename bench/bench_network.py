"""Build and render the national collaboration network views (aim: under 3 s each).

Stages timed on the built national store (with the example region): projecting the
two-mode organisation-event network, projecting the organisation network (the two-mode
network and NetworkX's collaboration-weighted projection with its exact per-relation
weights), computing the metrics, writing the interactive HTML page (layout included) and
the PNG, for both networks. Baselines in the same run:

* the projection step alone by a hand-written Newman clique (each event's pairs from
  ``itertools.combinations`` with ``1/(n-1)`` added in floats), against NetworkX's
  ``bipartite.collaboration_weighted_projected_graph`` on the same two-mode graph, so the
  ratio shows what the library call costs;
* pyvis's own page for the same graph (``Network.from_nx`` + ``generate_html``, which
  leaves the layout to the browser's physics and loads its scripts from a CDN), so the
  ratio shows what the precomputed, self-contained page costs over the stock one.
"""

from __future__ import annotations

import os
import time
from itertools import combinations

import networkx as nx
from networkx.algorithms import bipartite
from pyvis.network import Network

from bench.timing import built_store, median_seconds
from kg.network import compute_metrics, organisation_event_network, organisation_network
from kg.network.png import render_png
from kg.network.report import network_view
from kg.network.view import render_html


def _stock_pyvis(graph: nx.Graph) -> str:
    net = Network(cdn_resources="remote")
    net.from_nx(graph)
    return net.generate_html()


def _hand_clique(two_mode: nx.Graph) -> dict[tuple[str, str], float]:
    weights: dict[tuple[str, str], float] = {}
    for event, side in two_mode.nodes(data="bipartite"):
        if side != 1 or two_mode.degree(event) < 2:
            continue
        share = 1 / (two_mode.degree(event) - 1)
        for pair in combinations(sorted(two_mode[event]), 2):
            weights[pair] = weights.get(pair, 0.0) + share
    return weights


def main() -> None:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average before (1, 5, 15 min): {load} on {os.cpu_count()} cores")
    with built_store() as (_settings, store):
        two_mode = organisation_event_network(store)
        graph = organisation_network(store)
        orgs = [n for n, side in two_mode.nodes(data="bipartite") if side == 0]
        print(
            f"national organisation-event network: {two_mode.number_of_nodes()} nodes "
            f"({len(orgs)} organisations), {two_mode.number_of_edges()} edges; "
            f"organisation network: {graph.number_of_nodes()} nodes, "
            f"{graph.number_of_edges()} edges"
        )
        for name, g in (("organisation-event", two_mode), ("organisation", graph)):
            metrics = compute_metrics(g)
            sizes = {n.iri: n.betweenness for n in metrics.nodes}
            stages = {
                "project": (
                    (lambda: organisation_event_network(store))
                    if name == "organisation-event"
                    else (lambda: organisation_network(store))
                ),
                "metrics": lambda g=g: compute_metrics(g),
                "html page (layout, inlined vis-network)": lambda g=g, s=sizes: render_html(
                    g, sizes=s
                ),
                "png": lambda g=g, s=sizes: render_png(g, sizes=s),
            }
            print(f"{name}:")
            for stage, fn in stages.items():
                print(f"  {stage}: median {median_seconds(fn, repeat=5) * 1000:.0f} ms")
            start = time.perf_counter()
            network_view(store, fmt="html", network=name)
            whole = time.perf_counter() - start
            print(
                f"  build and render the national view (kg network --network {name} "
                f"-o FILE.html): {whole:.2f} s (aim: under 3 s)"
            )
        library = median_seconds(
            lambda: bipartite.collaboration_weighted_projected_graph(two_mode, orgs), repeat=9
        )
        hand = median_seconds(lambda: _hand_clique(two_mode), repeat=9)
        print(
            f"projection step: NetworkX collaboration_weighted_projected_graph median "
            f"{library * 1000:.1f} ms, hand-written clique median {hand * 1000:.1f} ms "
            f"(library / hand = {library / hand:.1f}x)"
        )
        stock = median_seconds(lambda: _stock_pyvis(graph), repeat=5)
        ours = median_seconds(lambda: render_html(graph), repeat=5)
        print(
            f"baseline, pyvis's stock page for the organisation network (CDN scripts, "
            f"browser layout): median {stock * 1000:.0f} ms; ours / stock = {ours / stock:.1f}x"
        )


if __name__ == "__main__":
    main()
