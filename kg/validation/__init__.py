"""SHACL validation: shapes read from ``shapes/*.ttl``, run fast as SPARQL on the store or
by pySHACL as the reference, reported for people.

- ``shapes``   the shapes files as a small model (targets, paths, constraints, texts)
- ``compile``  each constraint of that model as one SPARQL SELECT over all focus nodes
- ``engine``   running the compiled queries, or pySHACL, into the same result records
- ``locate``   where each result belongs: county, municipality, theme
- ``report``   results grouped by county, municipality and theme, with counts
- ``render``   the report as text, JSON, CSV, HTML or a SHACL validation report
"""
