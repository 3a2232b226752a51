"""A change to the client's plan tells the care team (PLAN_CHANGE), never
the person who made it, and only once the write is committed."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from parcours.access import client_access_for
from parcours.casework import services as casework
from parcours.coordination.models import Notification, NotificationKind
from tests.coordination.care_team.conftest import Care, add_member


def _plan_inbox(user):
    return list(Notification.objects.filter(recipient=user, kind=NotificationKind.PLAN_CHANGE))


def test_a_new_goal_tells_the_client_workers_but_not_the_actor(
    care: Care, django_capture_on_commit_callbacks
):
    n = care.network
    add_member(n.alice, care.marie, worker=n.nurse)
    with django_capture_on_commit_callbacks(execute=True):
        goal = casework.goal_add(
            acting_user=n.alice,
            client_access=client_access_for(n.alice, care.marie),
            statement="Avoir mon appartement",
            support_type="housing",
            sub_domain="housing_search",
        )
    assert _plan_inbox(n.alice) == []
    for user in (n.bob, n.nurse):
        [notice] = _plan_inbox(user)
        assert notice.client_id == care.marie.pk
        assert notice.subject_id == str(goal.pk) and notice.detail == {"change": "goal_added"}
        assert str(care.marie.pk) in notice.link


def test_every_plan_write_tells_the_care_team(care: Care, django_capture_on_commit_callbacks):
    n = care.network
    ca = client_access_for(n.bob, care.marie)
    with django_capture_on_commit_callbacks(execute=True):
        goal = casework.goal_add(
            acting_user=n.bob,
            client_access=ca,
            statement="Dormir au chaud",
            support_type="housing",
            sub_domain="move_in",
        )
        plan = casework.plan_update(
            acting_user=n.bob,
            client_access=ca,
            expected_version=goal.plan.version,
            changes={"in_own_words": "Je veux un chez-moi."},
        )
        goal = casework.goal_update(
            acting_user=n.bob,
            client_access=ca,
            goal=goal,
            expected_version=goal.version,
            changes={"status": "on_hold"},
        )
        step = casework.goal_step_add(
            acting_user=n.bob, client_access=ca, goal=goal, description="Visiter le refuge"
        )
        casework.goal_step_done(acting_user=n.bob, client_access=ca, step=step)
        casework.goal_review_add(acting_user=n.bob, client_access=ca, goal=goal, progress="some")
        casework.plan_review_record(
            acting_user=n.bob, client_access=ca, expected_version=plan.version, reviewed_on=None
        )
    changes = sorted(x.detail["change"] for x in _plan_inbox(n.alice))
    assert changes == sorted(
        [
            "goal_added",
            "plan",
            "goal_changed",
            "step_added",
            "step_done",
            "goal_review",
            "plan_review",
        ]
    )
    assert _plan_inbox(n.bob) == []


def test_a_refused_write_tells_nobody(care: Care, django_capture_on_commit_callbacks):
    n = care.network
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        casework.goal_add(
            acting_user=n.alice,
            client_access=client_access_for(n.alice, care.marie),
            statement="",
            support_type="housing",
            sub_domain="housing_search",
        )
    assert Notification.objects.count() == 0


def test_a_worker_whose_organization_may_not_read_the_plan_is_not_told(
    care: Care, django_capture_on_commit_callbacks
):
    n = care.network
    casework.enrollment_open(
        acting_user=care.hugo,
        client=care.marie,
        program=care.housing_program,
        start_date=care.icm_enrollment.start_date,
        primary_worker=care.hugo,
    )
    with django_capture_on_commit_callbacks(execute=True):
        casework.goal_add(
            acting_user=n.alice,
            client_access=client_access_for(n.alice, care.marie),
            statement="Avoir mon appartement",
            support_type="housing",
            sub_domain="housing_search",
        )
    assert _plan_inbox(care.hugo) == []
    assert len(_plan_inbox(n.bob)) == 1
