"""A network at scale for benchmarks (``parcours seed_scale``).

Generates, from a seed, a plausible network (hubs, shelters with their beds,
a transitional-housing site, an ICM provider, a housing provider with its
landlord and units) and ``clients`` client records with their history over
the last ``months`` months: periods of contact separated by months without
(inactive, then returned), hub visits with exactly ``services`` services
given at them, shelter stays (at most one open per person, each open stay in
its own bed), street contacts, casework encounters, transitional stays,
tenancies (some ended: evictions, moves to better housing), merged records
(``PersonIdentity.person_key``), anonymous records linked to a named one,
and families (a parent and a child in a household).

Fast: the big tables are written with PostgreSQL's ``COPY`` (psycopg's
``cursor.copy``) on PostgreSQL, with ``bulk_create`` elsewhere, in chunks,
never holding the whole history in memory. Services, signals and per-row
audit events are bypassed (one audit event records the run): the data are
valid (the database's constraints hold) but are benchmark data, not a demo.

Deterministic: the same seed, clients, services, months and day give the
same records (the row ids included). Dates are relative to
``timezone.localdate()``."""

from __future__ import annotations

from parcours.demo.scale.base import PREFIX, ScaleRefused, ScaleResult
from parcours.demo.scale.generator import scale_data_present, seed_scale

__all__ = ["PREFIX", "ScaleRefused", "ScaleResult", "scale_data_present", "seed_scale"]
