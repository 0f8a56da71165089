"""Every targeted shape against a conforming and a non-conforming fixture, on both engines.

The fixtures are ``tests/fixtures/shapes/<ShapeLocalName>/{conforming,nonconforming}.ttl``.
The first line of each names, with full IRIs, the focus nodes the shape must report on it:
``# expect: <iri> <iri> …`` (nothing after the colon for a conforming fixture). Only the
shape's own results count: a fixture may well break other shapes on the way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from kg.store import Store
from kg.validation.engine import Result, keys, validate, validate_pyshacl
from kg.validation.shapes import load_shapes_graph

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "shapes"
AS_OF = dt.date(2026, 11, 23)
FIXTURE_GRAPH = "urn:x-yhdyspinta:test:shape-fixture"
CASES = ("conforming", "nonconforming")
EXPECT = re.compile(r"# expect:((?:\s+<[^<>\s]+>)*)\s*$")
SHAPES = load_shapes_graph()


@dataclass(frozen=True)
class Shape:
    """A targeted node shape: what it reports under, and what it targets."""

    iri: str
    own: frozenset[str]  # itself and its sh:property shapes (IRIs or blank-node ids)
    targets: str  # a SPARQL pattern binding ?x to its focus nodes

    @property
    def name(self) -> str:
        return self.iri.rsplit("#", 1)[1]

    def owns(self, result: Result) -> bool:
        """Whether a result comes from this shape. The fast engine labels a blank property
        shape "<node shape IRI> <path>"; pySHACL names it by its blank node."""
        return result.shape in self.own or result.shape.startswith(self.iri + " ")


def targeted_shapes(graph: Graph) -> dict[str, Shape]:
    """The active node shapes with sh:targetClass or sh:targetSubjectsOf, by local name."""
    shapes = {}
    for node in set(graph.subjects(RDF.type, SH.NodeShape)):
        classes = list(graph.objects(node, SH.targetClass))
        subjects_of = list(graph.objects(node, SH.targetSubjectsOf))
        if not (classes or subjects_of) or graph.value(node, SH.deactivated) == Literal(True):
            continue
        assert isinstance(node, URIRef)
        targets = [f"{{ ?x a <{c}> }}" for c in classes]
        targets += [f"{{ ?x <{p}> ?_ }}" for p in subjects_of]
        own = {str(node)} | {str(p) for p in graph.objects(node, SH.property)}
        shape = Shape(str(node), frozenset(own), " UNION ".join(targets))
        shapes[shape.name] = shape
    return shapes


NODE_SHAPES = targeted_shapes(SHAPES)


def run_fixture(
    path: Path, run: Callable[..., list[Result]]
) -> tuple[set[str], Store, list[Result]]:
    """The focus nodes a fixture expects, the fixture as one named graph of an in-memory
    store, and what the engine ``run`` reports on it as of ``AS_OF``."""
    first = path.read_text("utf-8").splitlines()[0]
    match = EXPECT.fullmatch(first)
    assert match, f"{path}: the first line must be '# expect: <iri> …', not {first!r}"
    expected = set(re.findall(r"<([^<>\s]+)>", match.group(1)))
    graph = Graph().parse(path, format="turtle")
    store = Store()
    store.load_ntriples(graph.serialize(format="nt", encoding="utf-8"), FIXTURE_GRAPH)
    return expected, store, run(store, as_of=AS_OF)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("name", sorted(NODE_SHAPES))
def test_shape_fixture_reports_exactly_the_expected_focus_nodes(name: str, case: str) -> None:
    """The fast engine reports exactly the fixture's expected focus nodes for this shape (none
    on the conforming fixture, some on the non-conforming one, whose shape has targets there),
    and pySHACL gives the same (focus, path, component, severity) results for the shape."""
    shape = NODE_SHAPES[name]
    expected, store, fast = run_fixture(FIXTURES / name / f"{case}.ttl", validate)
    assert bool(expected) == (case == "nonconforming")
    assert store.select(f"SELECT ?x WHERE {{ {shape.targets} }}"), "the shape targets nothing"
    ours = [r for r in fast if shape.owns(r)]
    assert {r.focus for r in ours} == expected

    # pySHACL must read the very shapes graph indexed above, so blank-node ids match.
    reference = [r for r in validate_pyshacl(store, as_of=AS_OF, shapes=SHAPES) if shape.owns(r)]
    assert keys(reference) == keys(ours)


def test_shape_fixtures_cover_every_targeted_shape() -> None:
    """Each targeted node shape has a fixture folder holding both cases, and every fixture
    folder is named after a shape: a new shape without fixtures fails here."""
    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir()}
    assert folders == set(NODE_SHAPES)
    for name in folders:
        assert {p.name for p in (FIXTURES / name).glob("*.ttl")} == {f"{c}.ttl" for c in CASES}
