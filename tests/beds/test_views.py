"""Route × persona: the shelter sees its own stays; other partners see
availability, not who is in the beds; refusals write nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from parcours.access import client_access_for
from parcours.beds import services
from parcours.beds.models import Hold, ServiceRestriction, Stay, Turnaway
from parcours.clients.services import client_register
from parcours.core.models import AuditAction, AuditEvent
from tests.beds.conftest import hours_ago
from tests.conftest import client_for, share
from tests.factories import UserFactory


def _writes() -> tuple[int, int, int, int, int]:
    return (
        Stay.objects.count(),
        Hold.objects.count(),
        Turnaway.objects.count(),
        ServiceRestriction.objects.count(),
        AuditEvent.objects.exclude(action__in=[AuditAction.VIEW, AuditAction.SEARCH])
        .exclude(action__startswith="auth.")
        .count(),
    )


@pytest.fixture
def paul_in(network, beds, paul) -> Stay:
    return services.stay_book_in(
        acting_user=network.bob, bed=beds.dorm_bed_1, client=paul, started_at=hours_ago(30)
    )


# --- Availability -------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(db, beds):
    for url in [
        reverse("beds:availability"),
        reverse("beds:site", kwargs={"site_id": beds.shelter.pk}),
        reverse("beds:occupancy"),
        reverse("beds:holds"),
    ]:
        response = client_for(None).get(url)
        assert response.status_code == 302 and "/login" in response["Location"], url


def test_any_partner_sees_availability_without_names(
    network, beds, paul_in, django_assert_max_num_queries
):
    web = client_for(network.alice)
    with django_assert_max_num_queries(12):
        response = web.get(reverse("beds:availability"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Refuge – dortoirs" in body and "Maison Marguerite" in body
    assert "Lavoie" not in body


def test_availability_filters_by_restriction(network, beds):
    web = client_for(network.alice)
    response = web.get(reverse("beds:availability"), {"accessible": "on"})
    assert response.context["sites"][0].site == beds.shelter
    assert [r.room for r in response.context["sites"][0].rooms] == [beds.accessible]
    response = web.get(reverse("beds:availability"), {"gender": "woman"})
    rooms = [r.room for s in response.context["sites"] for r in s.rooms]
    assert beds.dorm not in rooms and beds.accessible in rooms


def test_staff_of_an_external_institution_see_no_availability(network, beds):
    outsider = UserFactory(organization=network.hospital)
    assert client_for(outsider).get(reverse("beds:availability")).status_code == 403


def test_the_site_board_names_the_people_in_the_beds_for_the_site_staff_only(
    network, beds, paul_in, django_assert_max_num_queries
):
    url = reverse("beds:site", kwargs={"site_id": beds.shelter.pk})
    web = client_for(network.bob)
    # +1 on PostgreSQL since two-factor sign-in reads the session's device.
    # the coordination menu: unread notifications, ACT board, roster
    with django_assert_max_num_queries(19):
        response = web.get(url)
    assert "Paul Lavoie" in response.content.decode()
    viewed = AuditEvent.objects.filter(action=AuditAction.VIEW, target_type="beds.site").get()
    assert viewed.detail["clients"] == [str(paul_in.client_id)]
    other = client_for(network.alice).get(url)
    assert other.status_code == 200
    assert "Lavoie" not in other.content.decode()
    assert "beds/site_public.html" in [t.name for t in other.templates]


def test_the_site_board_query_count_does_not_grow_with_its_stays(
    network, beds, paul_in, django_assert_max_num_queries
):
    for n in range(2):
        person = client_register(acting_user=network.bob, given_name=f"Nom{n}", family_name="Test")
        bed = [beds.dorm_bed_2, beds.accessible_bed][n]
        services.stay_book_in(acting_user=network.bob, bed=bed, client=person)
    web = client_for(network.bob)
    # +1 on PostgreSQL since two-factor sign-in reads the session's device.
    # the coordination menu: unread notifications, ACT board, roster
    with django_assert_max_num_queries(19):
        response = web.get(reverse("beds:site", kwargs={"site_id": beds.shelter.pk}))
    assert response.context["board"].occupied == 3


# --- Holds ----------------------------------------------------------------------------


def test_a_hub_worker_holds_a_bed_from_the_board(network, beds, marie):
    url = reverse("beds:hold_bed", kwargs={"target_id": beds.accessible_bed.pk})
    web = client_for(network.alice)
    page = web.get(url, {"q": "Côté"})
    assert page.status_code == 200 and "Marie-Ève" in page.content.decode()
    response = web.post(url, {"client_id": str(marie.pk), "hours": "4", "reason": "Référence"})
    assert response.status_code == 302
    hold = Hold.objects.get()
    assert hold.client == marie and hold.bed == beds.accessible_bed
    # The shelter sees who is held; the hub sees its own holds.
    assert (
        "Marie-Ève"
        in client_for(network.bob)
        .get(reverse("beds:site", kwargs={"site_id": beds.shelter.pk}))
        .content.decode()
    )
    assert "Marie-Ève" in web.get(reverse("beds:holds")).content.decode()


def test_a_hold_on_a_held_bed_shows_the_message_and_writes_nothing(network, beds, marie, paul):
    services.hold_place(
        acting_user=network.bob,
        client_access=client_access_for(network.bob, paul),
        bed=beds.accessible_bed,
    )
    before = _writes()
    response = client_for(network.alice).post(
        reverse("beds:hold_bed", kwargs={"target_id": beds.accessible_bed.pk}),
        {"client_id": str(marie.pk), "hours": "4"},
    )
    assert response.status_code == 200
    assert "already held" in response.content.decode()
    assert _writes() == before


def test_a_worker_cannot_hold_a_bed_for_a_client_they_may_not_see(network, beds, paul):
    before = _writes()
    response = client_for(network.alice).post(
        reverse("beds:hold_bed", kwargs={"target_id": beds.dorm_bed_1.pk}),
        {"client_id": str(paul.pk), "hours": "4"},
    )
    assert response.status_code == 404
    assert _writes() == before


def test_a_superuser_without_an_organization_places_no_hold(network, beds, marie):
    response = client_for(network.root).post(
        reverse("beds:hold_bed", kwargs={"target_id": beds.dorm_bed_1.pk}),
        {"client_id": str(marie.pk), "hours": "4"},
    )
    assert response.status_code == 403
    assert not Hold.objects.exists()


def test_the_holds_page_lists_holds_without_n_plus_one(
    network, beds, marie, django_assert_max_num_queries
):
    people = [marie] + [
        client_register(acting_user=network.alice, given_name=f"H{i}", family_name="Test")
        for i in range(2)
    ]
    for person, bed in zip(
        people, [beds.dorm_bed_1, beds.dorm_bed_2, beds.accessible_bed], strict=True
    ):
        services.hold_place(
            acting_user=network.alice,
            client_access=client_access_for(network.alice, person),
            bed=bed,
        )
    web = client_for(network.alice)
    # the coordination menu: unread notifications, ACT board, roster
    with django_assert_max_num_queries(16):
        response = web.get(reverse("beds:holds"))
    assert len(response.context["page_obj"]) == 3
    # The shelter sees the holds at its sites; another partner sees none.
    assert len(client_for(network.bob_admin).get(reverse("beds:holds")).context["page_obj"]) == 3
    outsider = UserFactory()
    assert len(client_for(outsider).get(reverse("beds:holds")).context["page_obj"]) == 0


def test_releasing_a_hold_of_another_partner_is_refused(network, beds, marie):
    hold = services.hold_place(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, marie),
        bed=beds.dorm_bed_1,
    )
    outsider = UserFactory()
    response = client_for(outsider).post(reverse("beds:hold_release", kwargs={"hold_id": hold.pk}))
    assert response.status_code == 404
    hold.refresh_from_db()
    assert hold.status == "active"
    client_for(network.alice).post(reverse("beds:hold_release", kwargs={"hold_id": hold.pk}))
    hold.refresh_from_db()
    assert hold.status == "released"


# --- Book-in / book-out ------------------------------------------------------------------


def test_the_shelter_books_in_the_client_held_for_it(network, beds, marie):
    services.hold_place(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, marie),
        bed=beds.accessible_bed,
    )
    url = reverse("beds:book_in", kwargs={"bed_id": beds.accessible_bed.pk})
    page = client_for(network.bob).get(url)
    assert "Marie-Ève" in page.content.decode()
    response = client_for(network.bob).post(url, {"client_id": str(marie.pk)})
    assert response.status_code == 302
    assert Stay.objects.get().client == marie


def test_book_in_to_an_occupied_bed_shows_the_message_and_writes_nothing(network, beds, paul_in):
    other = client_register(acting_user=network.bob, given_name="Jean", family_name="Roy")
    before = _writes()
    response = client_for(network.bob).post(
        reverse("beds:book_in", kwargs={"bed_id": beds.dorm_bed_1.pk}), {"client_id": str(other.pk)}
    )
    assert response.status_code == 200 and "occupied" in response.content.decode()
    assert _writes() == before


def test_other_partners_cannot_open_the_book_in_book_out_turnaway_or_restriction_pages(
    network, beds, paul_in
):
    web = client_for(network.alice)
    before = _writes()
    for method, url, data in [
        ("get", reverse("beds:book_in", kwargs={"bed_id": beds.dorm_bed_2.pk}), {}),
        (
            "post",
            reverse("beds:book_in", kwargs={"bed_id": beds.dorm_bed_2.pk}),
            {"client_id": str(paul_in.client_id)},
        ),
        ("get", reverse("beds:book_out", kwargs={"stay_id": paul_in.pk}), {}),
        ("post", reverse("beds:book_out", kwargs={"stay_id": paul_in.pk}), {"exit_reason": "left"}),
        ("get", reverse("beds:turnaways", kwargs={"site_id": beds.shelter.pk}), {}),
        (
            "post",
            reverse("beds:turnaways", kwargs={"site_id": beds.shelter.pk}),
            {"reason": "no_bed", "people": "1"},
        ),
        ("get", reverse("beds:restrictions", kwargs={"site_id": beds.shelter.pk}), {}),
        ("get", reverse("beds:roll_call", kwargs={"site_id": beds.shelter.pk}), {}),
        ("post", reverse("beds:roll_call", kwargs={"site_id": beds.shelter.pk}), {}),
        ("get", reverse("beds:room_book_in", kwargs={"room_id": beds.family_room.pk}), {}),
    ]:
        response = getattr(web, method)(url, data)
        assert response.status_code == 404, url
    assert _writes() == before
    paul_in.refresh_from_db()
    assert paul_in.is_open


def test_book_out_before_book_in_shows_the_message_and_writes_nothing(network, beds, paul_in):
    before = _writes()
    started = paul_in.started_at.astimezone()
    response = client_for(network.bob).post(
        reverse("beds:book_out", kwargs={"stay_id": paul_in.pk}),
        {
            "exit_reason": "left",
            "ended_at": (started - dt.timedelta(days=365)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 200
    assert "cannot be before the book-in" in response.content.decode()
    assert _writes() == before


def test_the_shelter_books_out_with_reason_and_destination(network, beds, paul_in):
    response = client_for(network.bob).post(
        reverse("beds:book_out", kwargs={"stay_id": paul_in.pk}),
        {"exit_reason": "transferred", "destination": "treatment"},
    )
    assert response.status_code == 302
    paul_in.refresh_from_db()
    assert (paul_in.exit_reason, paul_in.destination) == ("transferred", "treatment")


def test_the_roll_call_books_out_who_did_not_come_back(network, beds, paul_in):
    response = client_for(network.bob).post(
        reverse("beds:roll_call", kwargs={"site_id": beds.shelter.pk}), {}
    )
    assert response.status_code == 302
    paul_in.refresh_from_db()
    assert paul_in.exit_reason == "did_not_return"


# --- Turnaways, restrictions, occupancy ------------------------------------------------------


def test_the_shelter_records_an_anonymous_turnaway(network, beds):
    response = client_for(network.bob).post(
        reverse("beds:turnaways", kwargs={"site_id": beds.shelter.pk}),
        {"reason": "no_bed", "people": "2"},
    )
    assert response.status_code == 302
    assert Turnaway.objects.get().people == 2


def test_a_turnaway_for_a_restriction_without_detail_writes_nothing(network, beds):
    response = client_for(network.bob).post(
        reverse("beds:turnaways", kwargs={"site_id": beds.shelter.pk}),
        {"reason": "restriction", "people": "1"},
    )
    assert response.status_code == 200
    assert not Turnaway.objects.exists()


def test_the_shelter_records_and_lifts_a_service_restriction(network, beds, paul):
    url = reverse("beds:restrictions", kwargs={"site_id": beds.shelter.pk})
    response = client_for(network.bob).post(
        url,
        {"client_id": str(paul.pk), "starts_on": "2026-01-01", "reason": "Menaces au personnel"},
    )
    assert response.status_code == 302
    restriction = ServiceRestriction.objects.get()
    assert (
        client_for(network.alice)
        .post(reverse("beds:restriction_lift", kwargs={"restriction_id": restriction.pk}))
        .status_code
        == 404
    )
    client_for(network.bob).post(
        reverse("beds:restriction_lift", kwargs={"restriction_id": restriction.pk})
    )
    restriction.refresh_from_db()
    assert restriction.lifted_at is not None


def test_occupancy_is_counts_for_every_partner(
    network, beds, paul_in, django_assert_max_num_queries
):
    services.turnaway_record(acting_user=network.bob, site=beds.shelter, reason="no_bed", people=2)
    web = client_for(network.alice)
    # the coordination menu: unread notifications, ACT board, roster
    with django_assert_max_num_queries(17):
        response = web.get(reverse("beds:occupancy"), {"site": str(beds.shelter.pk)})
    assert response.status_code == 200
    report = response.context["report"]
    last = report.nights[-1]
    assert (last.people, last.capacity, last.turned_away) == (1, 3, 2)
    assert "Lavoie" not in response.content.decode()


# --- A client's stays -----------------------------------------------------------------------


def test_a_partner_sees_a_clients_stays_only_with_the_housing_category(network, beds, marie):
    services.hold_place(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, marie),
        bed=beds.accessible_bed,
    )
    services.stay_book_in(acting_user=network.bob, bed=beds.accessible_bed, client=marie)
    url = reverse("beds:client_stays", kwargs={"client_id": marie.pk})
    web = client_for(network.alice)
    response = web.get(url)
    assert response.status_code == 200 and response.context["stays"] == []
    assert response.context["status"] is None
    # A partner the client shares nothing with does not know the client exists.
    assert client_for(beds.jennifer).get(url).status_code == 404
    share(marie, by=network.alice, categories=["identity", "housing"], all_partners=True)
    response = web.get(url)
    assert [s.site for s in response.context["stays"]] == [beds.shelter]
    assert response.context["status"].currently_homeless
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, client_id=marie.pk).exists()


def test_an_outreach_worker_records_a_street_contact(network, marie):
    url = reverse("beds:client_stays", kwargs={"client_id": marie.pk})
    response = client_for(network.alice).post(url, {"seen_on": "2026-01-05", "place": "Parc Major"})
    assert response.status_code == 302
    from parcours.beds.models import StreetContact

    assert StreetContact.objects.get().place == "Parc Major"
    assert client_for(network.bob).post(url, {"seen_on": "2026-01-05"}).status_code == 404
    assert StreetContact.objects.count() == 1


def test_a_hold_too_long_is_explained_on_the_page_and_writes_nothing(network, beds, marie):
    web = client_for(network.alice)
    before = _writes()
    response = web.post(
        reverse("beds:hold_bed", kwargs={"target_id": beds.dorm_bed_1.pk}),
        {"client_id": str(marie.pk), "hours": "500"},
    )
    assert response.status_code == 200
    assert 'id="field-errors"' in response.content.decode()
    assert _writes() == before


def test_nights_in_another_systems_shelter_show_to_whom_the_client_shares_housing_with(
    network, marie
):
    from parcours.beds.models import ShelterHistory

    today = timezone.localdate()
    ShelterHistory.objects.create(
        client=marie,
        started_on=today - dt.timedelta(days=40),
        ended_on=today - dt.timedelta(days=10),
        destination="permanent_housing",
        place="Refuge de nuit Saint-Roch",
        organization=network.refuge,
        reference="hmis:test:Enrollment:EN1",
    )
    url = reverse("beds:client_stays", kwargs={"client_id": marie.pk})
    # The importing organization sees them, and counts the nights.
    share(marie, by=network.alice, categories=["identity"], all_partners=True)
    response = client_for(network.bob).get(url)
    assert response.status_code == 200
    assert [h.place for h in response.context["history"]] == ["Refuge de nuit Saint-Roch"]
    # The hub, with no housing shared, does not.
    response = client_for(network.alice).get(url)
    assert response.context["history"] == [] and response.context["status"] is None
    assert "Refuge de nuit Saint-Roch" not in response.content.decode()
    share(marie, by=network.alice, categories=["identity", "housing"], all_partners=True)
    response = client_for(network.alice).get(url)
    page = response.content.decode()
    assert 'id="shelter-history"' in page and "Refuge de nuit Saint-Roch" in page
    assert response.context["status"].days_past_year == 30
