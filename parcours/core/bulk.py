"""Writing many new rows at once: PostgreSQL's ``COPY``, Django's
``bulk_create`` on the other databases.

``bulk_insert(objs)`` is ``bulk_create`` for instances that carry their own
primary key (Parcours' models do: UUIDs made in Python), without its return
value; like it, it sends no signal and calls no ``save()``. On PostgreSQL
each field goes through Django's own conversion (``pre_save`` — ``auto_now``
and the like —, then ``get_db_prep_save``) and the rows through ``COPY …
FROM STDIN``, where psycopg writes each value with its type's dumper. The
alternative, Django's ``INSERT … SELECT * FROM UNNEST(arrays)``, has psycopg
quote every array element in Python with regular expressions: a third of an
HMIS import's time went there (``docs/benchmarks.md``, issue #20).

It runs inside the caller's transaction: a failure (a constraint, a foreign
key pointing nowhere) fails the whole ``COPY`` and the transaction with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections, models

M = TypeVar("M", bound=models.Model)

BATCH = 2000


def bulk_insert(objs: Sequence[M], *, batch_size: int = BATCH) -> int:
    """Insert ``objs`` (new instances of one model, primary keys set) and
    return how many were written."""
    if not objs:
        return 0
    model = type(objs[0])
    if any(type(obj) is not model for obj in objs):
        raise TypeError("bulk_insert() writes instances of one model at a time")
    # The connection itself, not ``django.db.connection``'s per-thread proxy:
    # every field of every row is converted for it.
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor != "postgresql" or not _copyable(model, objs):
        model._default_manager.bulk_create(objs, batch_size=batch_size)
        return len(objs)
    fields = [f for f in model._meta.concrete_fields if not f.generated]
    quote = db.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    # Django's cursor wrapper is bypassed for COPY: its errors are made
    # Django's (IntegrityError, DataError…) here, as they are for a query.
    with db.cursor() as cursor, db.wrap_database_errors:
        raw = cursor.cursor  # psycopg's cursor under Django's wrapper
        with raw.copy(statement) as copy:
            for obj in objs:
                # As bulk_create: a related object saved after it was assigned
                # gives its key now; one never saved is an error, not a NULL.
                obj._prepare_related_fields_for_save(operation_name="bulk_insert")  # type: ignore[attr-defined]
                copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), db) for f in fields])
    for obj in objs:
        obj._state.adding = False
        obj._state.db = db.alias
    return len(objs)


def _copyable(model: type[models.Model], objs: Sequence[Any]) -> bool:
    """COPY writes values only: every instance has its primary key, and no
    field is left to a default of the database's own (``db_default``)."""
    if any(obj.pk is None for obj in objs):
        return False
    return all(f.db_default is models.NOT_PROVIDED for f in model._meta.concrete_fields)
