"""Regional data: templates from one schema, row checks, import, diff and export.

- ``schema``     the tables and their columns (the one definition everything else reads)
- ``templates``  CSV headers, XLSX workbooks with drop-down lists, the templates' README
- ``reader``     CSV/XLSX files to located rows (file, sheet, row, column)
- ``values``     cell values to RDF terms, with located errors
- ``convert``    checked rows to RDF, one table at a time
- ``diff``       what an import adds, changes and removes, per entity
- ``regional``   the regional folder: loading it at build, importing into it
- ``export``     a county's regional data back to CSV/XLSX
"""
