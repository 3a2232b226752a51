"""The worklist's discharge items (``discharge_work_items``, registered by
the coordination app in ``EXTRA_SOURCES``): open discharge tasks due by tomorrow, for
the clients in the worklist's scope, on stays the user may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from parcours.casework import worklist as worklist_module
from parcours.casework.models import Enrollment
from parcours.casework.worklist import worklist
from parcours.coordination.selectors.institutions import discharge_work_items
from tests.coordination.institutions.conftest import admit
from tests.coordination.institutions.conftest import today as inst_today


@pytest.fixture
def with_discharges() -> Iterator[None]:
    """The coordination app registers the source when it starts."""
    assert discharge_work_items in worklist_module.EXTRA_SOURCES
    yield


def _discharge_items(user):
    return [i for i in worklist(user) if i.kind == "discharge_task"]


def test_the_contact_task_is_on_the_primary_workers_worklist(inst, with_discharges, clock):
    admit(inst, expected_in_days=30)
    items = _discharge_items(inst.alice)
    assert [i.label for i in items] == ["Contact the institution"]
    assert items[0].client == inst.marie
    clock.shift(dt.timedelta(days=27))
    assert {i.label for i in _discharge_items(inst.alice)} == {
        "Contact the institution",
        "Plan where the client goes on discharge",
    }
    assert all(i.late for i in _discharge_items(inst.alice) if i.label.startswith("Contact"))


def test_two_queries_for_every_client_in_scope(inst, django_assert_max_num_queries):
    admit(inst)
    assert discharge_work_items(inst.alice, [], inst_today()) == []
    enrollments = list(Enrollment.objects.select_related("client", "program"))
    with django_assert_max_num_queries(2):  # the lock-boxes, the tasks
        items = discharge_work_items(inst.alice, enrollments, inst_today())
    assert len(items) == 1


def test_a_partner_without_the_case_plan_gets_no_item(inst):
    admit(inst)
    enrollments = list(Enrollment.objects.select_related("client", "program"))
    assert discharge_work_items(inst.ida, enrollments, inst_today()) == []
