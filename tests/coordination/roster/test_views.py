"""The roster's screens: who sees which roster (route × persona), the 14 days
with their gaps in red, adding and removing shifts, the coverage standard, the
menu item, the client file's "on call now", and their query counts."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parcours.casework.services import enrollment_open
from parcours.coordination.models import CoverageStandard, Shift
from tests.conftest import client_for, share
from tests.coordination.roster.conftest import add, at
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def roster_url(program) -> str:
    return reverse("coordination:roster", kwargs={"program_id": program.pk})


def new_url(program) -> str:
    return reverse("coordination:roster_shift_new", kwargs={"program_id": program.pk})


def standard_url(program) -> str:
    return reverse("coordination:roster_standard", kwargs={"program_id": program.pk})


def shift_post(day: dt.date, worker, **extra):
    return {
        "worker": str(worker.pk),
        "day": day.isoformat(),
        "start_time": "08:00",
        "end_time": "20:00",
        "phone": "",
        "repeat_weeks": "1",
        **extra,
    }


# --- Route × persona ---------------------------------------------------------------


def test_signed_out_visitors_are_sent_to_sign_in(roster):
    for url in (reverse("coordination:roster_list"), roster_url(roster.icm), new_url(roster.icm)):
        response = client_for(None).get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_who_sees_the_icm_roster(roster):
    net = roster.net
    url = roster_url(net.icm)
    for user in (net.alice, net.nurse, roster.lead, roster.coordinator, net.alice_admin):
        assert client_for(user).get(url).status_code == 200, user
    # A colleague of another program of the same organization: refused.
    assert client_for(roster.stranger).get(url).status_code == 403
    # Another organization does not know the program (nor a network admin without one).
    assert client_for(net.bob).get(url).status_code == 404
    assert client_for(net.bob_admin).get(url).status_code == 404
    assert client_for(net.root).get(url).status_code == 403


def test_the_roster_list_shows_the_programs_the_user_may_see(roster):
    net = roster.net
    page = client_for(net.alice).get(reverse("coordination:roster_list")).content.decode()
    assert net.icm.name in page and roster.act.name not in page and roster.cti.name not in page
    page = client_for(net.alice_admin).get(reverse("coordination:roster_list")).content.decode()
    assert all(p.name in page for p in (net.icm, roster.act, roster.cti))
    page = client_for(net.bob).get(reverse("coordination:roster_list")).content.decode()
    assert net.icm.name not in page and "Hébergement d" in page
    nobody = UserFactory(organization=net.carrefour)
    page = client_for(nobody).get(reverse("coordination:roster_list")).content.decode()
    assert "empty-state" in page and net.icm.name not in page


def test_only_leads_coordinators_and_admins_add_or_remove_shifts(roster):
    net = roster.net
    day = timezone.localdate() + dt.timedelta(days=2)
    [shift] = add(net.icm, net.alice, at(day, 8), at(day, 12), by=roster.lead)
    remove = reverse("coordination:roster_shift_remove", kwargs={"shift_id": shift.pk})
    for user, status in (
        (net.alice, 403),
        (net.nurse, 403),
        (roster.stranger, 403),
        (net.bob, 404),
    ):
        web = client_for(user)
        assert web.get(new_url(net.icm)).status_code == status, user
        assert web.post(new_url(net.icm), shift_post(day, net.nurse)).status_code == status
        assert web.post(remove).status_code == status
    assert list(Shift.objects.all()) == [shift]
    for user in (roster.lead, roster.coordinator, net.alice_admin):
        assert client_for(user).get(new_url(net.icm)).status_code == 200


def test_only_coordinators_and_admins_change_the_standard(roster):
    net = roster.net
    for user, status in (
        (roster.lead, 403),
        (net.alice, 403),
        (roster.stranger, 403),
        (net.bob, 404),
    ):
        web = client_for(user)
        assert web.get(standard_url(net.icm)).status_code == status, user
        assert web.post(standard_url(net.icm), {"around_the_clock": "on"}).status_code == status
    assert not CoverageStandard.objects.exists()
    assert client_for(roster.coordinator).get(standard_url(net.icm)).status_code == 200


# --- The roster page ------------------------------------------------------------------


def test_the_roster_shows_14_days_with_shifts_on_call_and_gaps_in_red(roster):
    net = roster.net
    today = timezone.localdate()
    for n in range(14):
        day = today + dt.timedelta(days=n)
        add(net.icm, net.alice, at(day, 8), at(day, 14), by=roster.lead, phone="613-555-0101")
        if n != 5:
            add(net.icm, net.nurse, at(day, 14), at(day, 20), by=roster.lead)
    gap_day = today + dt.timedelta(days=5)
    page = client_for(net.alice).get(roster_url(net.icm), headers={"accept-language": "en"})
    html = page.content.decode()
    assert html.count('<tr id="day-') == 14
    assert "1 coverage gap in these days" in html
    row = html.split(f'id="day-{gap_day.isoformat()}"')[1].split("</tr>")[0]
    assert 'class="gap" style="color: #b71c1c' in row and "14:00–20:00" in row
    assert "613-555-0101" in html and "Alice Tremblay" in html
    # The list counts the gap too.
    listing = client_for(net.alice).get(reverse("coordination:roster_list")).content.decode()
    assert "1 gap" in listing


def test_the_roster_starts_on_the_chosen_date(roster):
    net = roster.net
    start = timezone.localdate() + dt.timedelta(days=30)
    html = (
        client_for(net.alice)
        .get(roster_url(net.icm), {"start": start.isoformat()})
        .content.decode()
    )
    assert f'id="day-{start.isoformat()}"' in html
    assert f'id="day-{(start + dt.timedelta(days=13)).isoformat()}"' in html
    assert "14 coverage gaps" in html


def test_a_lead_adds_a_shift_repeated_weekly_from_the_form(roster):
    net = roster.net
    day = timezone.localdate() + dt.timedelta(days=1)
    response = client_for(roster.lead).post(
        new_url(net.icm), shift_post(day, net.nurse, end_time="02:00", repeat_weeks="3")
    )
    assert response.status_code == 302
    shifts = list(Shift.objects.order_by("starts_at"))
    assert len(shifts) == 3
    assert timezone.localtime(shifts[0].ends_at) == at(day + dt.timedelta(days=1), 2)


def test_bad_shift_input_shows_a_message_and_writes_nothing(roster):
    net = roster.net
    day = timezone.localdate() + dt.timedelta(days=1)
    add(net.icm, net.nurse, at(day, 9), at(day, 10), by=roster.lead)
    web = client_for(roster.lead)
    response = web.post(new_url(net.icm), shift_post(day, net.nurse))
    assert response.status_code == 200
    assert "is already on the roster" in response.content.decode()
    response = web.post(new_url(net.icm), shift_post(day, roster.stranger))
    assert "Select a valid choice" in response.content.decode()
    response = web.post(new_url(net.icm), shift_post(day, net.alice, repeat_weeks="20"))
    assert 'id="form-errors"' in response.content.decode()
    assert Shift.objects.count() == 1


def test_removing_a_shift_asks_first_and_removes_it(roster):
    net = roster.net
    day = timezone.localdate() + dt.timedelta(days=1)
    [shift] = add(net.icm, net.alice, at(day, 8), at(day, 12), by=roster.lead)
    web = client_for(roster.lead)
    html = web.get(roster_url(net.icm)).content.decode()
    assert "data-confirm=" in html
    remove = reverse("coordination:roster_shift_remove", kwargs={"shift_id": shift.pk})
    assert web.get(remove).status_code == 405
    assert web.post(remove).status_code == 302
    assert not Shift.objects.exists()


def test_the_coordinator_makes_the_icm_program_around_the_clock(roster):
    net = roster.net
    response = client_for(roster.coordinator).post(
        standard_url(net.icm), {"around_the_clock": "on", "on_call_counts": "on"}
    )
    assert response.status_code == 302
    standard = CoverageStandard.objects.get(program=net.icm)
    assert standard.around_the_clock and standard.on_call_counts and standard.weekdays == []
    response = client_for(roster.coordinator).post(
        standard_url(net.icm), {"weekdays": ["1"], "start_time": "18:00", "end_time": "09:00"}
    )
    assert response.status_code == 200 and "must end after they start" in response.content.decode()
    assert CoverageStandard.objects.get(program=net.icm).around_the_clock


def test_the_menu_shows_the_roster_to_those_who_see_one(roster):
    net = roster.net
    home = reverse("accounts:home")
    assert 'id="nav-roster"' in client_for(net.alice).get(home).content.decode()
    assert 'id="nav-roster"' in client_for(net.alice_admin).get(home).content.decode()
    assert 'id="nav-roster"' in client_for(net.bob).get(home).content.decode()
    nobody = UserFactory(organization=net.carrefour)
    assert 'id="nav-roster"' not in client_for(nobody).get(home).content.decode()


def _queries(web, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert web.get(url).status_code == 200
    return len(queries)


def test_the_roster_page_and_list_cost_the_same_queries_with_more_shifts(
    roster, django_assert_max_num_queries
):
    net = roster.net
    today = timezone.localdate()
    web, admin = client_for(net.alice), client_for(net.alice_admin)
    listing = reverse("coordination:roster_list")
    add(net.icm, net.alice, at(today, 8), at(today, 14), by=roster.lead)
    few = _queries(web, roster_url(net.icm)), _queries(admin, listing)
    for n in range(1, 14):
        day = today + dt.timedelta(days=n)
        add(net.icm, net.alice, at(day, 8), at(day, 14), by=roster.lead)
        add(net.icm, net.nurse, at(day, 14), at(day, 20), by=roster.lead)
        add(roster.act, roster.act_worker, at(day, 8), at(day, 20), by=net.alice_admin)
    assert (_queries(web, roster_url(net.icm)), _queries(admin, listing)) == few
    # The roster's own reads: the program, its shifts, the permission checks.
    with django_assert_max_num_queries(20):
        web.get(roster_url(net.icm))


# --- On call now, on the client file ---------------------------------------------------


def test_the_client_file_shows_who_is_on_call_now(roster, marie):
    net = roster.net
    today = timezone.localdate()
    enrollment_open(
        acting_user=net.alice,
        client=marie,
        program=net.icm,
        start_date=today,
        primary_worker=net.alice,
    )
    add(net.icm, net.nurse, at(today, 8), at(today, 20), by=roster.lead, phone="613-555-0199")
    add(
        net.icm,
        net.alice,
        at(today, 20),
        at(today + dt.timedelta(days=1), 8),
        by=roster.lead,
        on_call=True,
        phone="613-555-0101",
    )
    detail = reverse("clients:detail", kwargs={"client_id": marie.pk}) + "?tab=care"
    with time_machine.travel(at(today, 12), tick=False):
        html = client_for(net.alice).get(detail).content.decode()
    section = html.split('id="on-call-now"')[1].split("</section>")[0]
    assert "Nadia Roy" in section and "613-555-0199" in section and "Alice" not in section
    with time_machine.travel(at(today, 23), tick=False):
        html = client_for(roster.stranger).get(detail).content.decode()
    # The hub registered Marie: a colleague of another program sees her enrollments too.
    section = html.split('id="on-call-now"')[1].split("</section>")[0]
    assert "Alice Tremblay" in section and "613-555-0101" in section and "Nadia" not in section
    # Bob's organization sees nothing until Marie shares her case plan with it.
    assert client_for(net.bob).get(detail).status_code == 404
    share(marie, by=net.alice, categories=["identity"], organizations=[net.refuge])
    with time_machine.travel(at(today, 12), tick=False):
        assert 'id="on-call-now"' not in client_for(net.bob).get(detail).content.decode()
    share(marie, by=net.alice, categories=["identity", "case_plan"], organizations=[net.refuge])
    with time_machine.travel(at(today, 12), tick=False):
        html = client_for(net.bob).get(detail).content.decode()
    assert "Nadia Roy" in html.split('id="on-call-now"')[1]


def test_the_pages_open_in_french(roster):
    net = roster.net
    web = client_for(roster.coordinator)
    program = str(net.icm.pk)
    for url in (
        "/fr/roster/",
        f"/fr/roster/{program}/",
        f"/fr/roster/{program}/shifts/new/",
        f"/fr/roster/{program}/standard/",
    ):
        response = web.get(url)
        assert response.status_code == 200, url
        assert '<html lang="fr"' in response.content.decode()
