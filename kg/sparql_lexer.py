"""The tokens of a SPARQL query as the engine (Oxigraph 0.5) reads them.

What a query *does* is decided by how its text splits into tokens: a ``#`` comment ends at
a line feed **or a carriage return**; strings and IRIs carry their own escapes
(``\\uXXXX`` is expanded only inside them: Oxigraph 0.5 does not expand codepoint escapes
over the whole query, so ``\\u0053ERVICE`` is no keyword); keywords are case-insensitive;
prefixed names may hold ``\\``-escapes and one run of dots. The terminals here follow
Oxigraph 0.5's grammar (``spargebra``'s parser), not a looser reading of the spec, because
it is that engine which runs the query.

One thing no context-free tokenizer can decide alone is ``<``: an IRI's opening bracket,
or the less-than operator? The engine's grammar decides by context (after an operand,
inside an expression, it is the operator: ``FILTER(?a<?b)`` has no IRI). The lexer keeps
a small stack of what each open bracket holds (an expression, a group of patterns, a
collection or property list, a VALUES block, an IN list) and reads ``<`` as the engine
does. Where it cannot tell whether a ``(`` opens an expression it assumes one, so that an
IRI is read as code (the safe side for :mod:`kg.sparql_guard`, which looks for keywords).

Every character of the query belongs to a token or to white space or a comment: what the
lexer does not know (SPARQL 1.2 additions, invalid text) becomes one-character tokens, so
nothing can hide behind it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Oxigraph 0.5's PN_CHARS_BASE (no supplementary planes), PN_CHARS_U and PN_CHARS
_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
)
_CHARS_U = _BASE + "_"
_CHARS = _CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_ECHAR = r"\\[tbnrf\"'\\]"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
# possessive, as the engine's PEG never gives back what a loop took
_PN_PREFIX = f"[{_BASE}][{_CHARS}]*+(?:\\.+[{_CHARS}]++)*+"
# Oxigraph 0.5: first char, then name chars, then at most one run of dots and more chars
_PN_LOCAL = f"(?:[{_CHARS_U}:0-9]|{_PLX})(?:[{_CHARS}:]|{_PLX})*+(?:\\.+(?:[{_CHARS}:]|{_PLX})++)?"
_VARNAME = f"[{_CHARS_U}0-9][{_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"

_SPACE = re.compile(r"(?:[ \t\r\n]+|#[^\r\n]*)+")
_IRIREF = re.compile(f'<(?:[^\\x00-\\x20<>"{{}}|^`\\\\]|{_UCHAR})*+>')
# a string's opening and content, without its closing quote(s): where the content ends
# tells whether the string closes there, and, if not, that no string opened by the same
# quote inside what was read can close either (every such quote was escaped), so a run of
# `"\` is read once, not again from every quote
_STRING_BODY = {
    "'''": re.compile(f"'''(?:[^'\\\\]|{_ECHAR}|{_UCHAR}|'{{1,2}}(?=[^']))*+"),
    '"""': re.compile(f'"""(?:[^"\\\\]|{_ECHAR}|{_UCHAR}|"{{1,2}}(?=[^"]))*+'),
    "'": re.compile(f"'(?:[^'\\\\\\n\\r]|{_ECHAR}|{_UCHAR})*+"),
    '"': re.compile(f'"(?:[^"\\\\\\n\\r]|{_ECHAR}|{_UCHAR})*+'),
}
_VAR = re.compile(f"[?$]{_VARNAME}")
_BNODE = re.compile(f"_:[{_CHARS_U}0-9][{_CHARS}]*(?:\\.+[{_CHARS}]+)*")
_PNAME = re.compile(f"(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?")
_PREFIX_RUN = re.compile(_PN_PREFIX)
_LANGTAG = re.compile(r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*(?:--[a-zA-Z]+)?")
_NUMBER = re.compile(r"(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+|[0-9]*\.[0-9]+|[0-9]+")
_WORD = re.compile(r"[^\W\d]\w*")

# token kinds
IRI = "iri"
PNAME = "pname"
VAR = "var"
BNODE = "bnode"
STRING = "string"
LANGTAG = "langtag"
NUMBER = "number"
WORD = "word"  # keywords, built-in function names, true/false, `a`
PUNCT = "punct"  # one character: brackets, operators, separators, anything unknown

_OPERAND_END = frozenset({IRI, PNAME, VAR, BNODE, STRING, LANGTAG, NUMBER})
_CLAUSE_WORDS = frozenset({"select", "group", "order", "having", "limit", "offset"})
_OPEN = {"{": "}", "(": ")", "[": "]"}
_CLOSE = frozenset(_OPEN.values())

# what an open bracket holds
EXPR = "expr"  # an expression: `<` after an operand is the less-than operator
PATTERNS = "patterns"  # a group of graph patterns (or a template, or the query's top)
CLAUSES = "clauses"  # SELECT, GROUP BY, ORDER BY, HAVING: parentheses hold expressions
TERMS = "terms"  # a collection, a blank-node property list or a path: `<` opens an IRI
DATA = "data"  # a VALUES block: terms only
LIST = "list"  # an IN list: expressions side by side, not a chain of operators


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its kind, its text as written, and where it starts (0-based offset)."""

    kind: str
    text: str
    start: int
    # for an opening bracket, what it holds (EXPR, LIST, PATTERNS, TERMS, DATA); else ""
    holds: str = ""


def tokens(query: str) -> Iterator[Token]:
    """The tokens of ``query`` in order; white space and comments are skipped.

    Opening brackets carry what they hold (:attr:`Token.holds`). Linear in the length of
    the query: every pattern is anchored and none backtracks over what it matched.
    """
    frames: list[str] = [CLAUSES]  # the query's top level: prologue, clauses, modifiers
    prev: Token | None = None
    before_prev: Token | None = None
    values_block = False  # after VALUES, until its block opens
    # a run of name characters and dots read once and not followed by `:` holds no
    # prefixed name: its end, so that `a.a.a…` is not read again from every `a`
    no_colon = [0]
    unclosed = dict.fromkeys(_STRING_BODY, 0)  # per opening: where a failed read ended
    pos, end = 0, len(query)
    while True:
        space = _SPACE.match(query, pos)
        if space:
            pos = space.end()
        if pos >= end:
            return
        char = query[pos]
        if char in "\"'":
            token = _string(query, pos, char, unclosed)
        else:
            token = _next(query, pos, char, frames[-1], prev, no_colon)
        text = token.text
        if token.kind == PUNCT and text in _OPEN:
            if values_block and text in "({":
                holds = DATA
                values_block = text == "("  # `VALUES (?a ?b) {` : the block follows
            else:
                holds = _holds(text, frames[-1], prev, before_prev)
            token = Token(PUNCT, text, pos, holds)
            frames.append(holds)
        elif token.kind == PUNCT and text in _CLOSE:
            if len(frames) > 1:
                frames.pop()
        elif token.kind == WORD:
            word = text.lower()
            if word == "values":
                values_block = True
            elif word in _CLAUSE_WORDS and frames[-1] == PATTERNS:
                frames[-1] = CLAUSES  # a subquery's clauses
        yield token
        before_prev, prev = prev, token
        pos += len(text)


def _next(
    query: str, pos: int, char: str, frame: str, prev: Token | None, no_colon: list[int]
) -> Token:
    """The token starting at ``pos`` (after any white space)."""
    pattern: re.Pattern[str] | None
    if char == "<":
        # in an expression, `<` after an operand is the less-than operator
        operator = frame in (EXPR, LIST) and _ends_operand(prev)
        pattern, kind = (None, PUNCT) if operator else (_IRIREF, IRI)
    elif char in "?$":
        pattern, kind = _VAR, VAR
    elif char == "@":
        pattern, kind = _LANGTAG, LANGTAG
    elif "0" <= char <= "9" or (char == "." and "0" <= query[pos + 1 : pos + 2] <= "9"):
        pattern, kind = _NUMBER, NUMBER
    elif query.startswith("_:", pos):
        pattern, kind = _BNODE, BNODE
    else:
        if char == ":" or pos >= no_colon[0]:
            run = _PREFIX_RUN.match(query, pos)
            end = run.end() if run else pos
            if query.startswith(":", end):
                match = _PNAME.match(query, pos)
                if match:
                    return Token(PNAME, match.group(), pos)
            else:
                no_colon[0] = end
        pattern, kind = _WORD, WORD
    match = pattern.match(query, pos) if pattern is not None else None
    if match is None:  # unknown or invalid here: one character, so nothing hides in it
        return Token(PUNCT, char, pos)
    return Token(kind, match.group(), pos)


def _string(query: str, pos: int, quote: str, unclosed: dict[str, int]) -> Token:
    """The string starting at ``pos`` (long before short, as the engine tries them), or
    the quote alone as a one-character token when none closes."""
    for opening in (quote * 3, quote):
        if not query.startswith(opening, pos) or pos < unclosed[opening]:
            continue
        body = _STRING_BODY[opening].match(query, pos)
        end = body.end() if body else pos
        if body and query.startswith(opening[-1] * len(opening), end):
            return Token(STRING, query[pos : end + len(opening)], pos)
        unclosed[opening] = end
    return Token(PUNCT, quote, pos)


def _ends_operand(prev: Token | None) -> bool:
    """Whether ``prev`` can end an operand, so that a ``<`` after it is an operator."""
    if prev is None:
        return False
    if prev.kind in _OPERAND_END or prev.text in (")", "]"):
        return True
    # the engine matches keywords without a word boundary: `trueX` starts with `true`
    return prev.kind == WORD and prev.text.lower().startswith(("true", "false"))


def _holds(bracket: str, frame: str, prev: Token | None, before_prev: Token | None) -> str:
    """What a bracket opened in ``frame`` after ``prev`` holds."""
    if bracket == "{":
        return PATTERNS  # a group, EXISTS { }, a template, an annotation block {| |}
    if bracket == "[":
        return TERMS  # a blank-node property list
    if frame in (EXPR, LIST, CLAUSES):
        if prev is not None and prev.kind == WORD and prev.text.lower() == "in":
            return LIST  # `?x IN (…)`, `NOT IN (…)`
        return EXPR
    if frame in (TERMS, DATA):
        return frame
    # in a group of patterns: FILTER (…), BIND (…), FILTER regex(…), FILTER <f>(…) open
    # expressions; after a term, `(` opens a collection or a path
    if prev is not None and prev.kind == WORD:
        return EXPR
    if (
        prev is not None
        and prev.kind in (IRI, PNAME)
        and before_prev is not None
        and before_prev.kind == WORD
        and before_prev.text.lower() == "filter"
    ):
        return EXPR
    return TERMS
