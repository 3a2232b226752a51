"""The client file's cost in queries (issue #17, "Speed at the desk"): a
constant number whatever the records, the client's access worked out once
per request, and the facts several sections ask for (privacy reviewer, the
records lock-boxed from the organization) read once per safe request and
never kept beyond it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parcours import access
from parcours.access.base import record_lock_box_ids
from parcours.accounts.backends import UserBackend
from parcours.accounts.models import MembershipRole, ProgramMembership
from parcours.casework.models import CaseNote, Encounter
from parcours.clients.models import Visit, VisitService
from parcours.clients.services import client_register, lock_box_add
from parcours.coordination.models import InstitutionStay, Referral
from parcours.core import context
from parcours.housing.models import HousingApplication
from parcours.linkage import services as linkage
from tests.conftest import client_for
from tests.timeline.conftest import at
from tests.timeline.test_client_timeline import file_url

# The file of a client with visits, stays, notes, a plan, referrals, a
# housing application and a merged identity, as the hub (alice) or the
# shelter (bob) sees it. It opens on its overview (summary, flags, timeline):
# 15 queries at most, as issue #17 asks — the sign-in (session; the user with
# their organization, discipline and coordinator role; the second factor), the
# client's access (client, consents, lock-boxes, emergency access), the audit
# of the read (the chain's head and the event; PostgreSQL also takes the
# chain's advisory lock), the stage badge, the menu's coordination items, the
# flags (one UNION) and the timeline (one UNION). The other tabs read their
# sections: a budget each, the same whatever the records (the care tab's
# work-and-volunteering panel: two, the client's interests and placements).
FILE_QUERIES = 15
# SQLite; PostgreSQL takes the audit chain's advisory lock once per audit
# event (the care tab writes two: the file and its care team).
TAB_QUERIES = {"identity": 19, "housing": 26, "care": 32, "visits": 14}
AUDIT_EVENTS = {"identity": 1, "housing": 1, "care": 2, "visits": 1}
TABS = ("overview", *TAB_QUERIES)


def budget(tab: str = "overview") -> int:
    if tab == "overview":
        return FILE_QUERIES
    return TAB_QUERIES[tab] + (AUDIT_EVENTS[tab] if connection.vendor == "postgresql" else 0)


@pytest.fixture
def realistic(network, busy):
    """The busy client, also with a housing application and a second record
    merged with hers."""
    HousingApplication.objects.create(
        client=busy.client,
        organization=network.carrefour,
        recorded_by=network.alice,
        kind="social",
        provider="Registre centralisé",
        submitted_on=timezone.localdate() - dt.timedelta(days=30),
    )
    again = client_register(
        acting_user=network.alice,
        given_name="Marie Eve",
        family_name="COTE",
        date_of_birth=dt.date(1984, 3, 9),
        preferred_language="fr",
    )
    linkage.client_merge(acting_user=network.alice_admin, client_a=busy.client, client_b=again)
    return busy


def tab_url(client, tab: str) -> str:
    return file_url(client) + ("" if tab == "overview" else f"?tab={tab}")


def file_queries(user, client, tab: str = "overview") -> int:
    web = client_for(user)
    web.get(tab_url(client, tab))  # the session and the page's first reads settle
    with CaptureQueriesContext(connection) as queries:
        assert web.get(tab_url(client, tab)).status_code == 200
    return len(queries)


def more_of_everything(network, busy, n: int) -> None:
    for k in range(n):
        visit = Visit.objects.create(
            client=busy.client,
            occurred_at=at(k + 100),
            organization=network.carrefour,
            site="Accueil",
            recorded_by=network.alice,
        )
        VisitService.objects.create(visit=visit, kind="meal")
        VisitService.objects.create(visit=visit, kind="shower")
        Encounter.objects.create(
            client=busy.client,
            organization=network.carrefour,
            recorded_by=network.alice,
            kind="office",
            occurred_at=at(k + 100),
            duration_minutes=15,
        )
        CaseNote.objects.create(
            client=busy.client,
            organization=network.carrefour,
            kind="general",
            text=f"More {k}",
            author=network.alice,
        )
        referral = Referral.objects.first()
        assert referral is not None
        referral.pk = None
        referral.sent_at = at(k + 100)
        referral.save(force_insert=True)


@pytest.mark.parametrize("tab", TABS)
def test_the_file_of_a_realistic_client_holds_its_query_budget(
    network, realistic, tab, django_assert_max_num_queries
):
    for user in (network.alice, network.bob):
        web = client_for(user)
        web.get(tab_url(realistic.client, tab))
        with django_assert_max_num_queries(budget(tab)):
            assert web.get(tab_url(realistic.client, tab)).status_code == 200


def test_the_file_costs_the_same_with_more_visits_notes_and_referrals(network, realistic):
    users = (network.alice, network.bob)
    before = {(u.pk, t): file_queries(u, realistic.client, t) for u in users for t in TABS}
    more_of_everything(network, realistic, 8)
    after = {(u.pk, t): file_queries(u, realistic.client, t) for u in users for t in TABS}
    assert after == before


def test_a_privacy_reviewer_is_asked_once_per_request_and_afresh_outside_one(
    network, django_assert_num_queries
):
    coordinator = network.alice  # a coordinator of her program, not an org admin
    token = context.activate(context.RequestContext(memo={}))
    try:
        with django_assert_num_queries(1):
            first = access.is_privacy_reviewer(coordinator)
            assert access.is_privacy_reviewer(coordinator) is first
    finally:
        context.deactivate(token)
    with django_assert_num_queries(2):
        access.is_privacy_reviewer(coordinator)
        access.is_privacy_reviewer(coordinator)


def test_the_signed_in_user_is_read_with_organization_discipline_and_role(
    network, django_assert_num_queries
):
    backend = UserBackend()
    coordinator = network.alice_admin
    coordinator.is_org_admin = False
    coordinator.save(update_fields=["is_org_admin"])
    ProgramMembership.objects.create(
        user=coordinator, program=network.icm, role=MembershipRole.COORDINATOR
    )
    for user, reviewer in ((network.alice, False), (coordinator, True)):
        with django_assert_num_queries(1):
            signed_in = backend.get_user(user.pk)
            assert signed_in is not None
            assert signed_in.organization.name == user.organization.name
            assert signed_in.is_clinical == user.is_clinical
            assert access.is_privacy_reviewer(signed_in) is reviewer
    network.bob.is_active = False
    network.bob.save(update_fields=["is_active"])
    assert backend.get_user(network.bob.pk) is None


def test_an_unsafe_request_remembers_nothing(network, django_assert_num_queries):
    token = context.activate(context.RequestContext(memo=None))
    try:
        with django_assert_num_queries(2):
            access.is_privacy_reviewer(network.alice)
            access.is_privacy_reviewer(network.alice)
    finally:
        context.deactivate(token)


def test_lock_boxes_of_every_kind_are_read_once_per_request_and_never_kept_after(
    network, busy, django_assert_num_queries
):
    refuge = network.refuge.pk
    token = context.activate(context.RequestContext(memo={}))
    try:
        with django_assert_num_queries(1):
            encounters = record_lock_box_ids(refuge, "casework.encounter")
            assert record_lock_box_ids(refuge, "coordination.referral") == []
        assert encounters == [str(busy.locked_encounter.pk)]
    finally:
        context.deactivate(token)
    referral = Referral.objects.filter(client=busy.client).first()
    lock_box_add(
        acting_user=network.alice,
        client_access=access.client_access_for(network.alice, busy.client),
        organization=network.refuge,
        target=referral,
    )
    token = context.activate(context.RequestContext(memo={}))
    try:
        assert record_lock_box_ids(refuge, "coordination.referral") == [str(referral.pk)]
    finally:
        context.deactivate(token)


def test_a_stay_lock_boxed_between_two_pages_is_gone_from_the_next(network, busy):
    web = client_for(network.bob)
    care = file_url(busy.client) + "?tab=care"
    assert "Past stays (6)" in web.get(care).content.decode()
    lock_box_add(
        acting_user=network.alice,
        client_access=access.client_access_for(network.alice, busy.client),
        organization=network.refuge,
        target=InstitutionStay.objects.filter(client=busy.client).first(),
    )
    assert "Past stays (5)" in web.get(care).content.decode()
