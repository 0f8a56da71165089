"""The legal-obligation audit: duties as data, evaluated for every bearer and period.

- ``obligations``  the duties: ``data/obligations/obligations.csv`` read and checked for the
                   build, and read back from the store for the audit
- ``periods``      council terms and calendar years as periods, named in fi, sv and en
- ``evidence``     what the graph holds that can fulfil a duty (events, posts, agreements)
- ``evaluate``     status per duty × bearer (× counterparty) × period as of a date, counts
- ``labels``       the report's words in fi, sv and en, and how it names organisations
- ``render``       the report as text, JSON or CSV; ``render_html`` as an HTML page
"""
