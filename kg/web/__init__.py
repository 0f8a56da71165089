"""The one presentation layer: Jinja2 templates, one stylesheet, the message catalogue.

Every HTML the project writes is made here, by :func:`kg.web.render.render`, from the
templates in ``kg/web/templates`` (autoescaping on, one base layout): the service's pages
(through ``api``) and the report files the command line writes (``kg audit --format html``,
``kg validate --format html``, ``kg network``). A page served by the service links the
stylesheet and its scripts from ``/static/``; a report file carries them inline, so it opens
offline. The modules of ``kg`` give the data a page shows; the words come from the catalogue
(:mod:`kg.messages`), labels that live in the ontology from the graph.
"""
