"""Bind values into SPARQL without pasting user input into query text.

Values are turned into RDF terms by the engine's own term constructors (which reject a
malformed IRI), serialised by the engine, and joined to the query's outermost group as a
``VALUES`` block: the same semantics as SEP-0007 substitution for the variables named,
without pyoxigraph 0.5's restriction that substituted variables must be projected.

Where the WHERE group starts is read from the query's tokens (:mod:`kg.sparql_lexer`,
loaded on the first binding: a SPARQL worker that imports this module pays nothing for it
until it binds), so a CONSTRUCT template, an ``EXISTS { … }`` in a projection or a brace
in a string, IRI or comment is never taken for it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pyoxigraph import BlankNode, Literal, NamedNode

Term = NamedNode | Literal
_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def bind_values(query: str, bindings: Mapping[str, Term | list[Term]]) -> str:
    """Return ``query`` with a VALUES block for ``bindings`` at the start of its WHERE group.

    A list binds one variable to several values (a disjunction). Only engine term objects
    are accepted, never strings, so nothing a user typed reaches the query text unescaped.
    """
    if not bindings:
        return query
    names = list(bindings)
    rows: list[list[Term]] = []
    for name in names:
        if not _VAR.match(name):
            raise ValueError(f"invalid SPARQL variable name: {name!r}")
    # a list of values for one variable becomes one row per value; several variables
    # with single values become one row
    multi = [n for n in names if isinstance(bindings[n], list)]
    if len(multi) > 1:
        raise ValueError("only one variable may be bound to a list of values")
    values_per_row: list[Term] = []
    for name in names:
        value = bindings[name]
        if not isinstance(value, list):
            values_per_row.append(_checked(name, value))
    if multi:
        for item in bindings[multi[0]]:  # type: ignore[union-attr]
            row = list(values_per_row)
            row.insert(names.index(multi[0]), _checked(multi[0], item))
            rows.append(row)
    else:
        rows.append(values_per_row)
    head = " ".join(f"?{n}" for n in names)
    body = " ".join("(" + " ".join(str(t) for t in row) + ")" for row in rows)
    block = f" VALUES ({head}) {{ {body} }} "
    at = _where_brace(query)
    if at is None:  # `CONSTRUCT WHERE { … }` holds triples only: bind after the query
        return query + "\n" + block
    return query[: at + 1] + block + query[at + 1 :]


def _checked(name: str, value: object) -> Term:
    if isinstance(value, BlankNode) or not isinstance(value, (NamedNode, Literal)):
        raise TypeError(f"binding for ?{name} must be a NamedNode or Literal, got {value!r}")
    return value


def _where_brace(query: str) -> int | None:
    """Index of the '{' that opens the query's WHERE group, or None for the short form
    ``CONSTRUCT WHERE { … }`` (whose group may hold triples only, no VALUES).

    The WHERE group is the first '{' outside brackets, after a CONSTRUCT template.
    """
    from kg.sparql_lexer import PUNCT, WORD, tokens

    depth = 0
    before_template = False  # after CONSTRUCT, until its template or WHERE
    short_form = False
    for token in tokens(query):
        if token.kind == PUNCT and token.text in "({[":
            if depth == 0 and token.text == "{" and not before_template:
                if short_form:
                    _refuse_trailing_values(query, token.start)
                    return None
                return token.start
            before_template = False
            depth += 1
        elif token.kind == PUNCT and token.text in ")}]":
            depth -= 1
        elif depth == 0 and token.kind == WORD:
            word = token.text.lower()
            if word == "construct":
                before_template = True
            elif word == "where" and before_template:
                before_template, short_form = False, True
    raise ValueError("query has no group pattern '{ … }' to bind values into")


def _refuse_trailing_values(query: str, group: int) -> None:
    """Refuse a short-form CONSTRUCT that already ends with a VALUES clause."""
    from kg.sparql_lexer import WORD, tokens

    depth = 0
    for token in tokens(query[group:]):
        if token.text in "({[":
            depth += 1
        elif token.text in ")}]":
            depth -= 1
        elif depth == 0 and token.kind == WORD and token.text.lower() == "values":
            raise ValueError(
                "CONSTRUCT WHERE { … } with its own VALUES clause cannot take bindings; "
                "write the template: CONSTRUCT { … } WHERE { … }"
            )
