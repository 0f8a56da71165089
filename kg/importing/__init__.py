"""Regional data: templates from one schema, row checks, import, diff and export.

- ``schema``       the tables and their columns (the one definition everything else reads)
- ``templates``    CSV headers, XLSX workbooks with drop-down lists, the templates' README
- ``csv_dialect``  how a CSV file was saved (UTF-8 or Windows-1252, ``;`` or ``,``)
- ``limits``       how much one import may read (bytes, rows, cells), and the settings
- ``reader``       CSV/XLSX files to located rows (file, sheet, row, column)
- ``values``       cell values to RDF terms, with located errors and their fixes
- ``personal``     whether a contact address is a person's own
- ``cells``        every cell of every row checked by its column's kind
- ``convert``      checked rows to RDF, one table at a time
- ``regional``     the regional folder: what is in it, loading it at build
- ``target``       which folder an import replaces; one county, one folder
- ``folder_write`` the one write step of an import (all or nothing)
- ``journal``      a killed import finished or undone by the next command
- ``diff``         what an import changes, statement by statement
- ``entity_kinds`` the kinds of entity the change list shows, their fields as graph paths
- ``entity_records`` a graph read as records of those entities
- ``changes``      what an import changes, per entity, with names (``words``: fi/sv/en)
- ``importer``     ``kg import``: read, check against the serving store, compare, stage, swap
- ``staged_store`` the store an import commits: the serving one, the folder's graphs replaced
- ``report``       the import's result as text or JSON
- ``export``       a county's regional data back to CSV/XLSX
"""
