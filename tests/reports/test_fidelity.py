"""Fidelity to the model standards: an ACT team of two with four clients and
an ICM program with two, hand-made encounters and known answers (clock frozen
on 15 June 2025), the same figures on the page and through the API, ratings
from the anchors (data), drill-downs, permissions and query counts."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from parcours.accounts.models import Discipline, Program, Team, User
from parcours.casework.models import Encounter, Enrollment
from parcours.clients.models import Client
from parcours.coordination.models.board import VisitAssignment
from parcours.reports.fidelity import fidelity_report, rate
from parcours.reports.models import FidelityAnchor, FidelityItem
from tests.api.conftest import api_client_for, assert_matches_openapi
from tests.conftest import Network, client_for
from tests.factories import (
    ProgramFactory,
    ProgramMembershipFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)
from tests.reports.conftest import at, day, person

URL = "/en/reports/fidelity/"
API = "/api/v1/reports/fidelity"


@dataclass
class Act:
    program: Program
    team: Team
    w1: User
    w2: User
    clients: list[Client]
    icm_clients: list[Client]


def enroll(client: Client, program: Program, by: User, days_ago: int, team: Team | None = None):
    return Enrollment.objects.create(
        client=client,
        program=program,
        organization=program.organization,
        start_date=day(days_ago),
        team=team,
        primary_worker=None if team else by,
        opened_by=by,
    )


def encounter(
    client: Client,
    program: Program,
    days_ago: int,
    minutes: int,
    staff: list[User],
    kind: str = "home_visit",
) -> Encounter:
    e = Encounter.objects.create(
        client=client,
        program=program,
        organization=program.organization,
        recorded_by=staff[0],
        kind=kind,
        occurred_at=at(day(days_ago), 10),
        duration_minutes=minutes,
    )
    e.staff.set(staff)
    return e


@pytest.fixture
def act(network: Network) -> Act:
    program = ProgramFactory(organization=network.carrefour, name="Équipe ACT Ouest", kind="act")
    team = TeamFactory(program=program, name="Ouest")
    w1 = UserFactory(organization=network.carrefour, given_name="Wanda", family_name="Un")
    w2 = UserFactory(organization=network.carrefour, given_name="Walid", family_name="Deux")
    for w in (w1, w2):
        ProgramMembershipFactory(user=w, program=program)
        TeamMembershipFactory(user=w, team=team)
    c1, c2, c3, c4 = (
        person(network.alice, "Anne", "Aubin"),
        person(network.alice, "Benoît", "Bédard"),
        person(network.alice, "Carole", "Cyr"),
        person(network.alice, "Denis", "Dion"),
    )
    for c in (c1, c2, c3, c4):
        enroll(c, program, w1, 60, team)
    # c1: seen 3 days ago by both (60 min): in cadence, two staff.
    encounter(c1, program, 3, 60, [w1, w2])
    # c2: 2 days ago by w1 (120 min), 10 days ago by w2 (60 min): two staff.
    encounter(c2, program, 2, 120, [w1])
    encounter(c2, program, 10, 60, [w2])
    # c3: 20 days ago face to face (60 min), a phone call yesterday (in cadence,
    # not face to face: no minutes, no staff seen).
    encounter(c3, program, 20, 60, [w1])
    encounter(c3, program, 1, 30, [w2], kind="phone")
    # c4: never seen. Two weeks of the daily meeting: 10 days with assignments.
    for n in range(10):
        VisitAssignment.objects.create(
            program=program, client=c1, worker=w1, day=day(n), assigned_by=w2
        )
    # ICM: one client 500 days in the program (past 16 months), one 100 days.
    i1 = person(network.alice, "Irène", "Isabelle")
    i2 = person(network.alice, "Jules", "Joly")
    enroll(i1, network.icm, network.alice, 500)
    enroll(i2, network.icm, network.alice, 100)
    return Act(program, team, w1, w2, [c1, c2, c3, c4], [i1, i2])


def _unit(report, program, team=None):
    return next(u for u in report.units if u.program == program and u.team == team)


def _values(unit) -> dict[str, tuple[float | None, int | None]]:
    return {i.code: (i.value, i.rating) for i in unit.items}


def test_act_program_figures_ratings_and_standards(network, act):
    report = fidelity_report(act.w1)
    unit = _unit(report, act.program)
    values = _values(unit)
    assert values["caseload"] == (2.0, 5)  # 4 clients, 2 staff; ≤ 10 rates 5
    assert values["contact_frequency"] == (75.0, 4)  # c1, c2, c3 within 3 days
    assert values["intensity"] == (0.31, 2)  # (0.25 + 0.75 + 0.25 + 0) / 4 hours a week
    assert values["team_approach"] == (50.0, 3)  # c1, c2 of 4; ≥ 37 % rates 3
    assert values["program_meeting"] == (2.5, 4)  # 10 days in 4 weeks
    assert "time_in_program" not in values  # ACT is time-unlimited
    assert values["coverage_gaps"][1] is None  # shown, not rated
    assert unit.item("caseload").standard == "at most 10 clients per staff member"
    team = _values(_unit(report, act.program, act.team))
    assert team["caseload"] == (2.0, 5)
    assert team["team_approach"] == (50.0, 3)
    assert "Team composition against the ACT disciplines" in report.human_items[0]


def test_drill_downs_list_the_clients_behind_each_figure(network, act):
    unit = _unit(fidelity_report(act.w1), act.program)
    team = unit.item("team_approach")
    assert [c.name for c in team.clients if c.counted] == ["Anne Aubin", "Benoît Bédard"]
    assert team.counted == 2 and team.total == 4
    contact = unit.item("contact_frequency")
    assert [c.name for c in contact.clients if not c.counted] == ["Denis Dion"]
    intensity = {c.name: c.value for c in unit.item("intensity").clients}
    assert intensity == {
        "Anne Aubin": 0.25,
        "Benoît Bédard": 0.75,
        "Carole Cyr": 0.25,
        "Denis Dion": 0,
    }


def test_icm_time_in_program_against_its_12_to_16_month_target(network, act):
    unit = _unit(fidelity_report(network.alice), network.icm)
    item = unit.item("time_in_program")
    assert (item.value, item.counted, item.total, item.rating) == (50.0, 1, 2, None)
    assert item.standard == "12–16 months"
    assert [c.name for c in item.clients if c.counted] == ["Irène Isabelle"]
    assert unit.item("team_approach") is None


def test_ratings_follow_the_anchors_edited_in_the_admin(network, act):
    anchor = FidelityAnchor.objects.get(item=FidelityItem.CASELOAD, rating=5)
    anchor.threshold = Decimal("1")
    anchor.save()
    assert _values(_unit(fidelity_report(act.w1), act.program))["caseload"] == (2.0, 4)
    caseload = list(FidelityAnchor.objects.filter(item=FidelityItem.CASELOAD))
    assert rate(caseload, 60) == 1  # below every anchor
    assert rate([], 60) is None


def test_page_shows_figures_and_names_to_the_programs_staff(network, act):
    response = client_for(act.w1).get(
        URL, {"program": str(act.program.pk), "item": "team_approach"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Team approach" in body and "2 of 4 clients (50%)" in body
    assert "Anne Aubin" in body and "Benoît Bédard" in body
    assert "Items rated by people" in body
    assert "Staff members seen (last two weeks)" in body
    assert "0.31 hours per client per week" in body and "2.5 days a week" in body


def test_coordinator_of_another_organization_sees_counts_without_names(network, act):
    response = client_for(network.bob_admin).get(
        URL, {"program": str(act.program.pk), "item": "team_approach"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "2 of 4 clients (50%)" in body
    assert "Anne Aubin" not in body and "A person (record not shared)" in body
    api = api_client_for(network.bob_admin).get(
        API, program=str(act.program.pk), item="team_approach"
    )
    assert api.status_code == 200
    assert {c["name"] for c in api.json()["clients"]} == {None}
    assert {c["client_id"] for c in api.json()["clients"]} == {None}


def test_staff_of_another_program_sees_neither_the_program_nor_its_clients(network, act):
    response = client_for(network.bob).get(URL)
    assert response.status_code == 200
    assert "Équipe ACT Ouest" not in response.content.decode()
    drill = client_for(network.bob).get(URL, {"program": str(act.program.pk), "item": "caseload"})
    assert drill.status_code == 404
    api = api_client_for(network.bob).get(API, program=str(act.program.pk), item="caseload")
    assert api.status_code == 404


def test_hospital_staff_are_refused(network, act):
    nurse = UserFactory(
        organization=network.hospital, discipline=Discipline.objects.get(code="nurse")
    )
    assert client_for(nurse).get(URL).status_code == 403
    assert api_client_for(nurse).get(API).status_code == 403
    assert api_client_for(None).get(API).status_code == 401


def test_api_gives_the_same_figures_and_matches_its_schema(network, act, openapi):
    response = api_client_for(act.w1).get(API, program=str(act.program.pk), item="intensity")
    assert response.status_code == 200
    assert_matches_openapi(openapi, API, "get", response)
    data = response.json()
    unit = next(
        u for u in data["units"] if u["program_id"] == str(act.program.pk) and not u["team_id"]
    )
    items = {i["item"]: (i["value"], i["rating"]) for i in unit["items"]}
    assert items["intensity"] == (0.31, 2) and items["team_approach"] == (50.0, 3)
    assert sorted(c["name"] for c in data["clients"]) == [
        "Anne Aubin",
        "Benoît Bédard",
        "Carole Cyr",
        "Denis Dion",
    ]


def test_bad_drill_down_is_refused(network, act):
    api = api_client_for(act.w1)
    assert api.get(API, item="nonsense").status_code == 422
    assert api.get(API, program=str(act.program.pk), item="time_in_program").status_code == 404


def test_query_count_does_not_grow_with_clients(network, act, django_assert_max_num_queries):
    web = client_for(act.w1)
    with django_assert_max_num_queries(40) as small:
        web.get(URL)
    for n in range(6):
        c = person(network.alice, f"Extra{n}", "Zed")
        enroll(c, act.program, act.w1, 30, act.team)
        encounter(c, act.program, 2, 45, [act.w1, act.w2])
    with django_assert_max_num_queries(40) as large:
        response = web.get(URL)
    assert response.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_an_empty_program_reads_zero_and_is_not_rated(network, act):
    empty = ProgramFactory(organization=network.carrefour, name="SIV vide", kind="icm")
    ProgramMembershipFactory(user=act.w1, program=empty)
    unit = _unit(fidelity_report(act.w1), empty)
    caseload = unit.item("caseload")
    assert (caseload.value, caseload.rating, caseload.display) == (
        0.0,
        5,
        "0 clients, 1 staff: 0 per staff member",
    )
    contact = unit.item("contact_frequency")
    assert (contact.value, contact.rating, contact.drills_down) == (None, None, False)
