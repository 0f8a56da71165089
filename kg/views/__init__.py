"""What the web pages show, as data: one module per page (municipality, county, theme,
home, audit and validation pages, named queries), each giving rows and the query behind
each table; :mod:`kg.web` turns them into HTML, ``api`` serves them (and the same rows as
CSV or JSON)."""
