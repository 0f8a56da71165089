"""The lexer reads a query as Oxigraph 0.5 does; where it matters, the engine is asked too."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import Store

from kg.sparql_lexer import (
    _STRING_BODY,
    DATA,
    EXPR,
    IRI,
    LIST,
    PATTERNS,
    PNAME,
    PUNCT,
    STRING,
    TERMS,
    WORD,
    _string,
    tokens,
)


def _texts(query: str) -> list[str]:
    return [t.text for t in tokens(query)]


@pytest.mark.parametrize("end", ["\n", "\r", "\r\n"])
def test_tokens_comment_ends_at_lf_or_cr_as_in_the_engine(end: str) -> None:
    query = f"ASK {{ # a comment{end}FILTER(false) }}"
    assert "FILTER" in _texts(query)
    assert bool(Store().query(query)) is False  # the engine ran the FILTER too


def test_tokens_comment_without_line_end_hides_the_rest() -> None:
    query = "ASK { # a comment FILTER(false) }"
    assert _texts(query) == ["ASK", "{"]


def test_tokens_less_than_after_an_operand_in_an_expression_is_an_operator() -> None:
    query = "ASK { BIND(1 AS ?a) BIND(2 AS ?b) FILTER(?a<?b)#>\nFILTER(false) }"
    found = list(tokens(query))
    assert [t.text for t in found if t.kind == PUNCT and t.text == "<"] == ["<"]
    assert not [t for t in found if t.kind == IRI]
    assert [t.text for t in found].count("FILTER") == 2
    assert bool(Store().query(query)) is False  # the engine read the second FILTER as well


def test_tokens_less_than_in_a_triple_pattern_opens_an_iri() -> None:
    found = list(tokens("SELECT * WHERE { ?s <http://x/p> ?o FILTER(?o = <http://x/o>) }"))
    assert [t.text for t in found if t.kind == IRI] == ["<http://x/p>", "<http://x/o>"]


def test_tokens_strings_keep_their_escapes_and_inner_quotes() -> None:
    query = """ASK { ?s ?p "a \\" # b", 'c', '''d ' '' e''', \"\"\"f " "" g\"\"\" }"""
    assert [t.text for t in tokens(query) if t.kind == STRING] == [
        '"a \\" # b"',
        "'c'",
        "'''d ' '' e'''",
        '"""f " "" g"""',
    ]


def test_tokens_codepoint_escapes_count_only_inside_iris_and_strings() -> None:
    assert _texts("ASK { <http\\u003A//x/> ?p '\\u0053' }")[2:5] == [
        "<http\\u003A//x/>",
        "?p",
        "'\\u0053'",
    ]
    # outside them the engine does not expand it: `\u0041SK` is no ASK
    assert _texts("\\u0041SK {}")[:2] == ["\\", "u0041SK"]
    with pytest.raises(SyntaxError):
        Store().query("\\u0041SK {}")


def test_tokens_local_names_take_one_run_of_dots_as_the_engine_does() -> None:
    query = "PREFIX ex: <http://x/> SELECT * WHERE { ?s ?p ex:a.b.c }"
    found = list(tokens(query))
    assert [t.text for t in found if t.kind == PNAME] == ["ex:", "ex:a.b"]
    assert found[-3].text == "." and found[-2].text == "c"
    with pytest.raises(SyntaxError):  # the engine reads `c` as a new subject
        Store().query(query)
    escaped = "PREFIX ex: <http://x/> ASK { ?s ?p ex:a\\.b\\.c }"
    assert [t.text for t in tokens(escaped) if t.kind == PNAME] == ["ex:", "ex:a\\.b\\.c"]


def test_tokens_keywords_glued_to_what_precedes_them() -> None:
    assert _texts("ASK{?s ?p true}")[-2:] == ["true", "}"]
    assert _texts("ASK {{}SERVICE<x>{}}")[3:5] == ["}", "SERVICE"]
    assert _texts("ASK { ?s ?p 1SERVICE }")[-3:-1] == ["1", "SERVICE"]


def test_tokens_brackets_say_what_they_hold() -> None:
    query = (
        "SELECT (COUNT(?x) AS ?n) WHERE { VALUES (?a) { (1) } ?s ?p (1 2) "
        "FILTER(?s IN (<a>, <b>)) ?s ?p [ ?q ?r ] { SELECT ?s (1 AS ?one) WHERE { } } }"
    )
    holds = [t.holds for t in tokens(query) if t.holds]
    assert holds == [
        EXPR,  # SELECT (
        EXPR,  # COUNT(
        PATTERNS,  # WHERE {
        DATA,  # VALUES (?a)
        DATA,  # { (1) }
        DATA,  # (1)
        TERMS,  # a collection
        EXPR,  # FILTER(
        LIST,  # IN (
        TERMS,  # [ … ]
        PATTERNS,  # { SELECT
        EXPR,  # a subquery's (1 AS ?one)
        PATTERNS,  # its WHERE { }
    ]


_ALPHABET = st.sampled_from(
    list("SERVICEselect{}()[]<>?$:#\"'\\.,;=!&|^@_- \t\r\nu0123456789") + ["\u00e4", "\u2603"]
)


@settings(max_examples=300, deadline=None)
@given(query=st.lists(_ALPHABET, max_size=80).map("".join))
def test_tokens_cover_every_character_outside_space_and_comments(query: str) -> None:
    covered = [False] * len(query)
    last_end = 0
    for token in tokens(query):
        assert token.start >= last_end  # in order, never overlapping
        assert query.startswith(token.text, token.start) and token.text
        for i in range(token.start, token.start + len(token.text)):
            covered[i] = True
        last_end = token.start + len(token.text)
    # what no token covers is white space or a comment, as the engine's `_` rule reads it
    i = 0
    while i < len(query):
        if covered[i]:
            i += 1
        elif query[i] == "#":
            while i < len(query) and not covered[i] and query[i] not in "\r\n":
                i += 1
        else:
            assert query[i] in " \t\r\n", (query, i)
            i += 1


def test_tokens_kinds_of_a_plain_query() -> None:
    found = list(tokens('PREFIX ex: <http://x/> SELECT ?s WHERE { ?s a ex:C ; ex:n "x"@fi }'))
    assert [(t.kind, t.text) for t in found if t.kind in (WORD, PNAME)] == [
        (WORD, "PREFIX"),
        (PNAME, "ex:"),
        (WORD, "SELECT"),
        (WORD, "WHERE"),
        (WORD, "a"),
        (PNAME, "ex:C"),
        (PNAME, "ex:n"),
    ]


def test_tokens_dotted_names_with_and_without_a_colon() -> None:
    # a run of names and dots is read once; a prefix after it is still found
    assert [(t.kind, t.text) for t in tokens("a.b c.d:e a.b.c:")] == [
        (WORD, "a"),
        (PUNCT, "."),
        (WORD, "b"),
        (PNAME, "c.d:e"),
        (PNAME, "a.b.c:"),
    ]
    many = "a." * 2000
    assert [t.text for t in tokens(many)] == ["a", "."] * 2000


@settings(max_examples=500, deadline=None)
@given(query=st.lists(st.sampled_from(list("\"'\\ a\nu0")), max_size=60).map("".join))
def test_tokens_strings_read_once_agree_with_a_fresh_reading(query: str) -> None:
    # a quote inside a string that did not close is not read again; reading it afresh
    # must give the same token
    for token in tokens(query):
        if token.text[0] in "\"'":
            fresh = _string(query, token.start, token.text[0], dict.fromkeys(_STRING_BODY, 0))
            assert fresh == token, (query, token)
