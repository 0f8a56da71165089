"""Bind values into SPARQL without pasting user input into query text.

Values are turned into RDF terms by the engine's own term constructors (which reject a
malformed IRI), serialised by the engine, and joined to the query's outermost group as a
``VALUES`` block: the same semantics as SEP-0007 substitution for the variables named,
without pyoxigraph 0.5's restriction that substituted variables must be projected.
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
    return query[: at + 1] + block + query[at + 1 :]


def _checked(name: str, value: object) -> Term:
    if isinstance(value, BlankNode) or not isinstance(value, (NamedNode, Literal)):
        raise TypeError(f"binding for ?{name} must be a NamedNode or Literal, got {value!r}")
    return value


def _where_brace(query: str) -> int:
    """Index of the first '{' outside comments, strings and IRIs: the WHERE group's brace."""
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c == "#":
            j = query.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if c in "\"'":
            quote = query[i : i + 3] if query[i : i + 3] in ('"""', "'''") else c
            i += len(quote)
            while i < n and not query.startswith(quote, i):
                i += 2 if query[i] == "\\" else 1
            i += len(quote)
            continue
        if c == "<" and re.match(r"<[^\s<>\"{}|^`\\]*>", query[i:]):
            i = query.index(">", i) + 1
            continue
        if c == "{":
            return i
        i += 1
    raise ValueError("query has no group pattern '{ … }' to bind values into")
