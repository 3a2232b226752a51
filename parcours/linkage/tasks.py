"""Background tasks of identity resolution (django-tasks): batch linkage of
the whole registry, queued after a large import (its new people are scored
by the batch engine rather than one by one)."""

from __future__ import annotations

from django_tasks import task


@task()
def link_registry() -> None:
    from parcours.linkage.services import linkage_run_registry

    linkage_run_registry()
