"""The service directory as an Open Referral **HSDS 3.0 tabular data
package**: a folder of CSV files (HSDS 3.0 table and column names) with its
``datapackage.json``.

* ``hsds_export(folder)`` writes organizations, services, locations,
  service_at_location, addresses, phones, languages, schedules,
  service_areas, and Parcours' own flags as HSDS ``attributes`` of terms of
  a ``Parcours`` taxonomy (taxonomies.csv, taxonomy_terms.csv).
* ``hsds_import(folder)`` reads such a package. It checks every file and
  every row first and reports each problem as ``file:line: message``; if
  there is any, nothing is written. Otherwise it writes everything in one
  transaction, updating the rows whose id is already in the directory (a
  re-import changes nothing).

Child tables (addresses, phones, languages, schedules, service areas,
attributes) describe the organizations, services and locations of the same
package: a row pointing elsewhere is an error. Rows are written sorted by id,
and the ids of child rows are derived from their parent's, so an export of
an import of an export gives the same files."""

from __future__ import annotations

from parcours.coordination.hsds.export import hsds_export
from parcours.coordination.hsds.importing import hsds_import
from parcours.coordination.hsds.package import (
    COLUMNS,
    REQUIRED_COLUMNS,
    REQUIRED_FILES,
    TERMS,
    child_id,
    term_id,
)
from parcours.coordination.hsds.reading import ImportResult

__all__ = [
    "COLUMNS",
    "REQUIRED_COLUMNS",
    "REQUIRED_FILES",
    "TERMS",
    "ImportResult",
    "child_id",
    "hsds_export",
    "hsds_import",
    "term_id",
]
