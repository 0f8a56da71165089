"""What a query may be before the engine sees it: local, and no deeper than it can take.

* **No federation.** ``SERVICE`` makes the engine send the query to another host. It is
  refused when the query's tokens, read as the engine reads them (:mod:`kg.sparql_lexer`),
  hold the keyword, however it is spelt: any case, after a comment ended by CR, glued to
  what precedes it (the engine matches keywords without a word boundary: ``trueSERVICE``
  is ``true`` then ``SERVICE``), or as a prefixed name that starts one (``SERVICEex:a``).
  A variable, string, IRI or prefixed name that merely contains the word is no keyword.
  This is the first wall; the second is that query workers cannot open network
  connections at all (:mod:`kg.sparql_sandbox`).
* **Nesting.** The engine parses and evaluates recursively, and its stack is finite:
  3,000 nested ``{`` kill the process. Brackets ``{ ( [`` may nest at most
  ``max_depth`` deep (their number also costs the parser time that grows faster than
  their depth: 200 nested ``[`` take it 30 s).
* **Chains.** A group's elements and an expression's operators become nested operators
  too (2,600 ``OPTIONAL`` side by side overflow an 8 MB stack), so the longest chain of
  nested and sibling elements is measured as well: per bracket, the tokens it holds (per
  argument in an expression; a VALUES block's terms not at all) plus the longest chain
  inside it. It may be at most ``max_chain`` long.

Both are counted on the tokens, in one linear pass, before anything is parsed.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.sparql_lexer import DATA, EXPR, LIST, PNAME, PUNCT, WORD, Token, tokens

DEFAULT_MAX_DEPTH = 64
DEFAULT_MAX_CHAIN = 10_000
_CLOSE = frozenset(")]}")


class UnsupportedQuery(ValueError):
    """The query is valid SPARQL but this read-only, local-only service will not run it."""


class QueryTooComplex(UnsupportedQuery):
    """The query nests deeper, or chains longer, than the engine can safely take."""


@dataclass(frozen=True)
class QueryLimits:
    """How deep brackets may nest and how long a chain of elements may be."""

    max_depth: int = DEFAULT_MAX_DEPTH
    max_chain: int = DEFAULT_MAX_CHAIN


class _Frame:
    """An open bracket: the tokens in its current argument, the longest so far, and the
    longest chain inside one of its brackets."""

    __slots__ = ("counted", "items", "longest", "inner", "split_on_comma")

    def __init__(self, holds: str) -> None:
        self.counted = holds != DATA
        self.split_on_comma = holds in (EXPR, LIST)
        self.items = 0
        self.longest = 0
        self.inner = 0

    def chain(self) -> int:
        own = max(self.longest, self.items) if self.counted else 0
        return own + self.inner


def check_query(query: str, limits: QueryLimits | None = None) -> None:
    """Refuse ``query`` if it is federated, nests too deep or chains too long.

    Raises :class:`UnsupportedQuery` for ``SERVICE`` and :class:`QueryTooComplex` for
    nesting and chains, each naming the line and column where it was found.
    """
    limits = limits or QueryLimits()
    frames = [_Frame("")]
    for token in tokens(query):
        if _is_service(token):
            raise UnsupportedQuery(
                "SERVICE (federated query) is not allowed: this endpoint makes no requests "
                f"to other hosts ({token.text!r} at {_where(query, token.start)})"
            )
        top = frames[-1]
        if token.kind == PUNCT and token.holds:
            top.items += 1
            frames.append(_Frame(token.holds))
            if len(frames) - 1 > limits.max_depth:
                raise QueryTooComplex(
                    f"the query nests brackets more than {limits.max_depth} deep (at "
                    f"{_where(query, token.start)}); this endpoint allows at most "
                    f"{limits.max_depth}"
                )
        elif token.kind == PUNCT and token.text in _CLOSE and len(frames) > 1:
            frames.pop()
            _end(top, frames[-1], query, token, limits)
        elif token.kind == PUNCT and token.text == "," and top.split_on_comma:
            top.longest, top.items = max(top.longest, top.items), 0
        else:
            top.items += 1
    while len(frames) > 1:  # brackets left open: the engine will say so; count them
        top = frames.pop()
        _end(top, frames[-1], query, None, limits)
    _end(frames[0], None, query, None, limits)


def _end(
    frame: _Frame, parent: _Frame | None, query: str, at: Token | None, limits: QueryLimits
) -> None:
    chain = frame.chain()
    if chain > limits.max_chain:
        where = f" (the bracket closed at {_where(query, at.start)})" if at else ""
        raise QueryTooComplex(
            f"the query chains {chain} patterns, operators and terms one inside or beside "
            f"another{where}; this endpoint allows at most {limits.max_chain}: split the "
            "query, or give long lists of values in a VALUES block"
        )
    if parent is not None:
        parent.inner = max(parent.inner, chain)


def _is_service(token: Token) -> bool:
    if token.kind == WORD:
        return "service" in token.text.lower()
    if token.kind == PNAME:  # `SERVICEex:a` is SERVICE ex:a, `service:x` may be SERVICE :x
        return "service" in token.text.partition(":")[0].lower()
    return False


def _where(query: str, offset: int) -> str:
    line = query.count("\n", 0, offset) + 1
    column = offset - (query.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"
