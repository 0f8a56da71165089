"""The ontology's namespace IRI is written once, in kg/namespaces.py (``YP_IRI``; ``YP`` is
its rdflib Namespace); every other module takes it from there."""

from __future__ import annotations

from kg.config import REPO_ROOT
from kg.namespaces import YP, YP_IRI

# kg/importing/convert.py is changed by another part of issue 15 (the import flowing one
# way); it still writes its own copy until that lands
NOT_YET = {"kg/importing/convert.py"}


def test_the_ontology_iri_is_written_in_one_module() -> None:
    assert str(YP) == YP_IRI
    writing = {
        str(path.relative_to(REPO_ROOT))
        for folder in ("kg", "api")
        for path in (REPO_ROOT / folder).rglob("*.py")
        if YP_IRI in path.read_text("utf-8")
    }
    assert writing - NOT_YET == {"kg/namespaces.py"}
