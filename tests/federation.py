"""SERVICE spelt many ways (a Hypothesis strategy), and a listener that records connections.

Every generated query is federated as the engine reads it: ``spelling.executes`` says
whether the engine, unguarded, really sends a request when it runs the spelling (not
nested: ``spelling.bare``) on :func:`control_store` (a variable endpoint is never called by
Oxigraph 0.5, so those spellings only show that the guard refuses them). The spellings
cover the keyword in every case; comments ended by LF, CR and CRLF; no white space at all
(``{}SERVICE``, ``trueSERVICE``, ``SERVICEex:a``, ``SERVICESILENT<…>``); SILENT; an IRI,
an IRI with ``\\u`` escapes, a relative IRI under BASE, prefixed names with ``\\``-escapes, a
variable; nesting in groups, OPTIONAL, UNION, MINUS, FILTER (NOT) EXISTS and subqueries;
the four query forms; and the tricks that split ``<`` or strings differently from a naive
tokenizer (``FILTER(?one<?two)#>``, ``'''x>'''``).
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass

from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, Quad, Store

_GAPS = [" ", "\n", "\r", "\r\n", "\t", "#c\n", "#c\r", "#c\r\n", "# SERVICE }\r", "#>\n", "#>\r"]
_GAP = st.sampled_from(_GAPS)
_GAP_OR_NONE = st.sampled_from(["", *_GAPS])


@dataclass(frozen=True)
class Spelling:
    """A federated query aimed at ``{url}`` (fill in with :meth:`at`)."""

    template: str
    # the same SERVICE spelling, not nested, as a SELECT: whether the engine evaluates a
    # nested SERVICE depends on its plan (an ASK may stop early), so the control that
    # the spelling really calls out is run on this one
    bare: str
    executes: bool  # the engine, unguarded, sends a request when it runs `bare`

    def at(self, port: int, *, bare: bool = False) -> str:
        text = self.bare if bare else self.template
        return text.replace("{url}", f"http://127.0.0.1:{port}/").replace("{port}", str(port))


def _cased(word: str) -> st.SearchStrategy[str]:
    return st.lists(st.booleans(), min_size=len(word), max_size=len(word)).map(
        lambda flags: "".join(c.upper() if up else c for c, up in zip(word, flags, strict=True))
    )


@st.composite
def federated_queries(draw: st.DrawFn) -> Spelling:
    prologue = "PREFIX ex: <{url}> PREFIX : <{url}> "
    before = draw(
        st.sampled_from(
            [
                "",
                "BIND(1 AS ?one)",
                "?s ?p true",  # `trueSERVICE`: the engine reads `true`, then SERVICE
                "{}",
                "BIND(1 AS ?one) BIND(2 AS ?two) FILTER(?one<?two)",  # then maybe `#>`
                "BIND(1 AS ?one) FILTER(?one<'''x>'''||true)",
                "BIND(1 AS ?one) FILTER(true IN(?one<2))",
            ]
        )
    )
    lead = draw(_GAP_OR_NONE)
    keyword = draw(_cased("service"))
    silent = draw(st.one_of(st.just(""), _cased("silent")))
    silent_gap = draw(_GAP_OR_NONE) if silent else ""
    target, executes, base = draw(
        st.sampled_from(
            [
                ("<{url}sparql>", True, ""),
                ("<http\\u003A//127.0.0.1:{port}/>", True, ""),
                ("<rel>", True, "BASE <{url}> "),
                ("ex:a\\.b", True, ""),  # `SERVICEex:a\.b`: SERVICE, then ex:a.b
                ("ex:", True, ""),
                ("?endpoint", False, ""),  # bound by VALUES; Oxigraph 0.5 never calls it
            ]
        )
    )
    target_gap = draw(_GAP_OR_NONE)
    after = draw(st.sampled_from(["", " FILTER('''y'''!='')", " BIND(2 AS ?after)"]))
    pattern = (
        f"{before}{lead}{keyword}{silent_gap if silent else ''}{silent}"
        f"{target_gap}{target}{draw(_GAP_OR_NONE)}{{ ?s ?b ?c }}{after}"
    )
    if target == "?endpoint":
        pattern = "VALUES ?endpoint { <{url}> } " + pattern
    bare = base + prologue + "SELECT * WHERE {" + pattern + "}"
    for wrapper in draw(
        st.lists(
            st.sampled_from(
                [
                    "{{ {} }}",
                    "OPTIONAL {{ {} }}",
                    "{{ {} }} UNION {{ }}",
                    "{{ }} UNION {{ {} }}",
                    "?s ?p ?o MINUS {{ {} }}",
                    "?s ?p ?o FILTER EXISTS {{ {} }}",
                    "FILTER NOT EXISTS {{ {} }}",
                    "{{ SELECT * WHERE {{ {} }} }}",
                ]
            ),
            max_size=3,
        )
    ):
        pattern = wrapper.format(pattern)
    form = draw(
        st.sampled_from(
            [
                "SELECT * WHERE {{ {} }}",
                "ASK {{ {} }}",
                "CONSTRUCT {{ ?s ?b ?c }} WHERE {{ {} }}",
                "DESCRIBE ?s WHERE {{ {} }}",
            ]
        )
    )
    return Spelling(base + prologue + form.format(pattern), bare, executes)


def control_store() -> Store:
    """An in-memory store on which every pattern the spellings put before SERVICE matches."""
    store = Store()
    store.add(Quad(NamedNode("http://x/s"), NamedNode("http://x/p"), Literal(True)))
    return store


class Listener:
    """A real TCP listener on 127.0.0.1 that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(50)
        self.sock.settimeout(0.1)
        self.port: int = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop = True
        self._thread.join(timeout=2)
        self.sock.close()

    def __enter__(self) -> Listener:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
