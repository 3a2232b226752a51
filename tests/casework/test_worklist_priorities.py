"""An ICM case manager opens her worklist at the start of the day: the
client who slept in a shelter last night comes before a year-old "no
assessment"; each client's items are together; she puts aside what cannot
be done yet, with a reason, and brings it back."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from parcours.access import client_access_for
from parcours.beds import services as beds
from parcours.beds.models import SiteKind
from parcours.casework.models import WorkItemSnooze
from parcours.casework.services import enrollment_open, plan_ensure
from parcours.casework.worklist import Kind, worklist
from parcours.core.models import AuditEvent
from tests.casework.conftest import Casework, today
from tests.conftest import Network, client_for, share

pytestmark = pytest.mark.django_db


def _enroll(network: Network, casework: Casework, days_ago: int = 400) -> None:
    for client in casework.clients[:3]:
        enrollment_open(
            acting_user=network.alice,
            client=client,
            program=casework.icm,
            start_date=today() - dt.timedelta(days=days_ago),
            primary_worker=network.alice,
        )


def _book_into_the_refuge(network: Network, client) -> None:
    share(client, by=network.alice, categories=["identity", "housing"], all_partners=True)
    site = beds.site_create(
        acting_user=network.bob_admin,
        program=network.shelter_program,
        name="Refuge – dortoirs",
        kind=SiteKind.EMERGENCY_SHELTER,
    )
    room = beds.room_create(acting_user=network.bob_admin, site=site, name="Dortoir A", beds=1)
    beds.stay_book_in(acting_user=network.bob, bed=room.beds.get(), client=client)


def _groups(web) -> list:
    return list(web.get("/en/worklist/").context["page_obj"])


def test_a_client_in_a_shelter_tonight_comes_first_with_all_their_items(network, casework):
    _enroll(network, casework)
    sheltered = casework.clients[2]
    _book_into_the_refuge(network, sheltered)

    groups = _groups(client_for(network.alice))

    assert groups[0].client == sheltered
    kinds = [item.kind for item in groups[0].items]
    assert kinds[0] == "in_shelter"
    assert "Refuge – dortoirs" in groups[0].items[0].label
    assert Kind.ASSESSMENT in kinds  # the client's other items are with them
    # Every client appears once.
    assert len({g.client.pk for g in groups}) == len(groups) == 3


def test_the_shelters_own_worker_is_not_told_their_client_is_in_their_shelter(network, casework):
    _enroll(network, casework)
    _book_into_the_refuge(network, casework.clients[0])
    enrollment_open(
        acting_user=network.bob,
        client=casework.clients[0],
        program=network.shelter_program,
        start_date=today(),
        primary_worker=network.bob,
    )
    assert "in_shelter" not in {i.kind for i in worklist(network.bob)}


def test_a_case_managed_client_without_a_plan_gets_a_no_plan_item(network, casework):
    _enroll(network, casework, days_ago=10)
    client = casework.clients[0]
    items = [i for i in worklist(network.alice) if i.client == client]
    [no_plan] = [i for i in items if i.kind == Kind.NO_PLAN]
    assert no_plan.due == today() + dt.timedelta(days=20)

    plan_ensure(acting_user=network.alice, client_access=client_access_for(network.alice, client))
    items = [i for i in worklist(network.alice) if i.client == client]
    assert Kind.NO_PLAN not in {i.kind for i in items}


def test_putting_an_item_aside_hides_it_until_the_date_with_its_reason(network, casework):
    _enroll(network, casework)
    client = casework.clients[0]
    web = client_for(network.alice)
    until = today() + dt.timedelta(days=10)

    response = web.post(
        "/en/worklist/put-aside/",
        {
            "client_id": client.pk,
            "kind": Kind.ASSESSMENT,
            "until": until.isoformat(),
            "reason": "In treatment until the 20th",
        },
    )
    assert response.status_code == 302
    page = web.get("/en/worklist/")
    shown = {(i.client.pk, i.kind) for g in page.context["page_obj"] for i in g.items}
    assert (client.pk, Kind.ASSESSMENT) not in shown
    assert (client.pk, Kind.NO_CONTACT) in shown
    assert "In treatment until the 20th" in page.content.decode()
    assert AuditEvent.objects.filter(client_id=client.pk, target_type__icontains="snooze").exists()
    # The team's list still shows it.
    team_page = web.get(f"/en/worklist/?team={network.icm_team.pk}")
    team_items = {(i.client.pk, i.kind) for g in team_page.context["page_obj"] for i in g.items}
    assert (client.pk, Kind.ASSESSMENT) in team_items

    snooze = WorkItemSnooze.objects.get()
    web.post(f"/en/worklist/put-aside/{snooze.pk}/bring-back/")
    page = web.get("/en/worklist/")
    shown = {(i.client.pk, i.kind) for g in page.context["page_obj"] for i in g.items}
    assert (client.pk, Kind.ASSESSMENT) in shown


def test_an_item_put_aside_comes_back_on_the_day(network, casework, time_machine):
    _enroll(network, casework)
    client = casework.clients[0]
    client_for(network.alice).post(
        "/en/worklist/put-aside/",
        {
            "client_id": client.pk,
            "kind": Kind.ASSESSMENT,
            "until": (today() + dt.timedelta(days=3)).isoformat(),
            "reason": "Away",
        },
    )
    time_machine.move_to(timezone.now() + dt.timedelta(days=3))
    page = client_for(network.alice).get("/en/worklist/")
    shown = {(i.client.pk, i.kind) for g in page.context["page_obj"] for i in g.items}
    assert (client.pk, Kind.ASSESSMENT) in shown


@pytest.mark.parametrize(
    ("until_days", "reason", "message"),
    [
        (0, "Away", "Choose a date after today."),
        (91, "Away", "at most 90 days"),
        (5, "   ", "Say why the item is put aside"),
    ],
)
def test_a_bad_put_aside_says_why_and_writes_nothing(
    network, casework, until_days, reason, message
):
    _enroll(network, casework)
    response = client_for(network.alice).post(
        "/en/worklist/put-aside/",
        {
            "client_id": casework.clients[0].pk,
            "kind": Kind.ASSESSMENT,
            "until": (today() + dt.timedelta(days=until_days)).isoformat(),
            "reason": reason,
        },
        follow=True,
    )
    assert message in response.content.decode()
    assert not WorkItemSnooze.objects.exists()


def test_only_my_clients_and_my_own_items_put_aside(network, casework):
    _enroll(network, casework)
    # A client the shelter may not see is a 404, nothing written.
    response = client_for(network.bob).post(
        "/en/worklist/put-aside/",
        {
            "client_id": casework.clients[0].pk,
            "kind": Kind.ASSESSMENT,
            "until": (today() + dt.timedelta(days=3)).isoformat(),
            "reason": "Away",
        },
    )
    assert response.status_code == 404
    assert not WorkItemSnooze.objects.exists()
    # Someone else's item put aside cannot be brought back by another worker.
    client_for(network.alice).post(
        "/en/worklist/put-aside/",
        {
            "client_id": casework.clients[0].pk,
            "kind": Kind.ASSESSMENT,
            "until": (today() + dt.timedelta(days=3)).isoformat(),
            "reason": "Away",
        },
    )
    snooze = WorkItemSnooze.objects.get()
    other = client_for(network.nurse).post(f"/en/worklist/put-aside/{snooze.pk}/bring-back/")
    assert other.status_code == 404
    # Hospital staff have no worklist.
    assert client_for(None).post("/en/worklist/put-aside/").status_code == 302


def test_a_crisis_comes_before_everything_and_a_hospital_stay_before_reviews(network, casework):
    from parcours.coordination.services.board import crisis_raise
    from parcours.coordination.services.institutions import institution_stay_admit

    worker = casework.act_staff[0]
    for client in casework.clients[3:6]:
        enrollment_open(
            acting_user=worker,
            client=client,
            program=casework.act,
            start_date=today() - dt.timedelta(days=400),
            team=casework.act_team,
        )
    in_crisis, in_hospital = casework.clients[5], casework.clients[4]
    crisis_raise(
        acting_user=worker, program=casework.act, client=in_crisis, note="Menaces à la voisine"
    )
    institution_stay_admit(
        acting_user=worker,
        client_access=client_access_for(worker, in_hospital),
        kind="hospital",
        admitted_on=today() - dt.timedelta(days=2),
        learned_from="institution",
        institution_name="Hôpital Montfort",
    )

    groups = worklist_groups(worker)

    assert [g.client for g in groups[:2]] == [in_crisis, in_hospital]
    assert groups[0].items[0].kind == "crisis" and groups[0].items[0].urgent
    assert "Menaces à la voisine" in groups[0].items[0].label
    assert groups[1].items[0].kind == "in_institution"
    assert "Hôpital Montfort" in groups[1].items[0].label


def worklist_groups(user) -> list:
    from parcours.casework.worklist import by_client

    return by_client(worklist(user), today())
