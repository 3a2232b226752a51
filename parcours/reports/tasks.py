"""Background tasks of the reports (django-tasks): building an export. The
database backend queues them for the worker (``parcours db_worker``); the
immediate backend (tests, ``TASKS_BACKEND=immediate``) runs them at once."""

from __future__ import annotations

import uuid

from django_tasks import task


@task()
def build_report_export(export_id: str) -> None:
    """Build one export with its requester's permissions, in its language."""
    from parcours.reports.export_services import export_build

    export_build(export_id=uuid.UUID(export_id))


def enqueue_export(export_id: uuid.UUID) -> None:
    build_report_export.enqueue(str(export_id))
