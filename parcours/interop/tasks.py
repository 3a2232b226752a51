"""Background tasks of data exchange (django-tasks): an uploaded HMIS export
imported by the worker (``parcours db_worker``); the immediate backend
(tests, ``TASKS_BACKEND=immediate``) runs it at once."""

from __future__ import annotations

import uuid

from django_tasks import task


@task()
def run_hmis_import(import_id: str) -> None:
    from parcours.interop.uploads import hmis_import_run_queued

    hmis_import_run_queued(uuid.UUID(import_id))
