"""Filters of the report pages, with hand-made fixtures (clock frozen on
15 June 2025): the monthly flow narrowed to the persons an organization or a
program served in the month (balanced month by month, drill-downs listing as
many persons), the fidelity report's period, organization and team, and
filter values a user may not use refused with a form error."""

from __future__ import annotations

import datetime as dt

import pytest

from parcours.casework.models import Enrollment
from parcours.reports.fidelity import fidelity_report
from parcours.reports.models import FidelityItem, Population
from parcours.reports.selectors import monthly_flow_report
from tests.conftest import client_for
from tests.reports.conftest import day, person, stay, visit
from tests.reports.test_fidelity import act, encounter  # noqa: F401 (the ACT fixture)

FLOW = "/en/reports/monthly-flow/"
LIST = "/en/reports/by-name-list/"
FIDELITY = "/en/reports/fidelity/"
MAY = dt.date(2025, 5, 1)


@pytest.fixture
def served(network, kinds):
    """In May 2025: Anne seen at the hub (first contact), Bruno in the
    Refuge's shelter since April, Claire enrolled in the hub's ICM program
    since November and seen at the Refuge in May (inactive at the end of
    April), Denis seen at the hub in March only."""
    anne = person(network.alice, "Anne", "Aubin")
    visit(anne, day(20), network.carrefour, network.alice)
    bruno = person(network.bob, "Bruno", "Bédard")
    stay(bruno, kinds["emergency_shelter"], day(60), None)
    claire = person(network.alice, "Claire", "Cyr")
    Enrollment.objects.create(
        client=claire,
        program=network.icm,
        organization=network.carrefour,
        start_date=day(200),
        primary_worker=network.alice,
        opened_by=network.alice,
    )
    visit(claire, day(30), network.refuge, network.bob)
    denis = person(network.alice, "Denis", "Dion")
    visit(denis, day(100), network.carrefour, network.alice)
    return {"anne": anne, "bruno": bruno, "claire": claire, "denis": denis}


def _may(report):
    (line,) = report.lines[Population.ALL]
    return line


def test_the_flow_of_the_persons_an_organization_served_in_the_month(network, served):
    coordinator = network.alice_admin
    everyone = _may(monthly_flow_report(coordinator, first=MAY, last=MAY))
    assert everyone.figures["active"] == 4
    hub = _may(
        monthly_flow_report(coordinator, first=MAY, last=MAY, organization=network.carrefour)
    )
    # Anne (a visit) and Claire (an enrollment open in May); not Denis (March).
    assert hub.figures["active"] == 2
    assert hub.reference == 0
    assert hub.figures["newly_identified"] == 1
    assert hub.figures["returned_from_inactive"] == 1
    assert hub.balanced and hub.published is None
    refuge = _may(
        monthly_flow_report(coordinator, first=MAY, last=MAY, organization=network.refuge)
    )
    # Bruno (a stay) and Claire (a visit).
    assert refuge.figures["active"] == 2
    assert refuge.reference == 1
    assert refuge.figures["returned_from_inactive"] == 1
    assert refuge.balanced


def test_the_flow_of_the_persons_a_program_served_in_the_month(network, served):
    icm = _may(monthly_flow_report(network.alice_admin, first=MAY, last=MAY, program=network.icm))
    assert icm.figures["active"] == 1  # Claire
    assert icm.balanced


def test_every_filtered_month_balances_for_every_sub_population(network, served):
    report = monthly_flow_report(
        network.alice_admin,
        first=dt.date(2024, 10, 1),
        last=dt.date(2025, 6, 1),
        organization=network.carrefour,
    )
    for lines in report.lines.values():
        for line in lines:
            assert line.balanced, (line.population, line.month)
            assert line.correction == 0


def test_the_filtered_drill_down_lists_as_many_persons(network, served):
    web = client_for(network.alice_admin)
    html = web.get(
        FLOW, {"first": "2025-05", "last": "2025-05", "organization": str(network.carrefour.pk)}
    ).content.decode()
    assert 'id="flow-filtered"' in html
    link = f"month=2025-05&amp;flow=active&amp;organization={network.carrefour.pk}"
    assert link in html
    listed = web.get(
        LIST, {"month": "2025-05", "flow": "active", "organization": str(network.carrefour.pk)}
    ).content.decode()
    assert listed.count('class="bnl-row') == 2


def test_an_organization_outside_the_network_is_a_form_error(network, served):
    web = client_for(network.alice_admin)
    html = web.get(FLOW, {"organization": str(network.hospital.pk)}).content.decode()
    assert "Choose an organization you may report on." in html
    assert 'id="flow-filtered"' not in html
    unknown = web.get(FLOW, {"program": "00000000-0000-0000-0000-000000000000"}).content.decode()
    assert "Choose a program you may report on." in unknown


def test_only_coordinators_narrow_the_list_to_what_an_organization_served(network, served):
    query = {"month": "2025-05", "flow": "active", "organization": str(network.refuge.pk)}
    html = client_for(network.alice).get(LIST, query).content.decode()
    assert "Choose an organization you may report on." in html


def test_the_filtered_flow_page_reads_a_fixed_number_of_queries(
    network, served, kinds, django_assert_max_num_queries
):
    web = client_for(network.alice_admin)
    query = {"first": "2025-01", "last": "2025-06", "organization": str(network.carrefour.pk)}
    with django_assert_max_num_queries(80) as few:
        assert web.get(FLOW, query).status_code == 200
    for n in range(10):
        visit(
            person(network.alice, "Extra", f"P{n}"), day(20 + n), network.carrefour, network.alice
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert web.get(FLOW, query).status_code == 200


# --- Fidelity ------------------------------------------------------------------


def test_the_fidelity_period_is_the_window_of_the_figures(network, act):  # noqa: F811
    encounter(act.clients[3], act.program, 40, 120, [act.w1])
    four = fidelity_report(act.w1)
    eight = fidelity_report(act.w1, weeks=8)
    assert four.weeks == 4 and eight.weeks == 8

    def intensity(report):
        unit = next(u for u in report.units if u.program == act.program and u.team is None)
        return unit.item(FidelityItem.INTENSITY)

    denis_4 = next(c for c in intensity(four).clients if c.client_id == act.clients[3].pk)
    denis_8 = next(c for c in intensity(eight).clients if c.client_id == act.clients[3].pk)
    assert not denis_4.counted and denis_4.value == 0
    assert denis_8.counted and denis_8.value == 0.25  # 2 hours over 8 weeks
    html = client_for(act.w1).get(FIDELITY, {"weeks": "8"}).content.decode()
    assert "Over the last 8 weeks" in html
    assert "gaps in the last 8 weeks" in html


def test_fidelity_by_organization_and_team(network, act):  # noqa: F811
    coordinator = network.bob_admin
    section = f'id="fidelity-{act.program.pk}"'
    hub = client_for(coordinator).get(FIDELITY, {"organization": str(network.carrefour.pk)})
    assert section in hub.content.decode()
    refuge = client_for(coordinator).get(FIDELITY, {"organization": str(network.refuge.pk)})
    assert section not in refuge.content.decode()
    report = fidelity_report(act.w1, team_id=act.team.pk)
    assert [(u.program, u.team) for u in report.units] == [(act.program, act.team)]
    html = client_for(act.w1).get(FIDELITY, {"team": str(act.team.pk)}).content.decode()
    assert f'id="fidelity-{act.program.pk}-{act.team.pk}"' in html
    assert f'id="fidelity-{act.program.pk}"' not in html


def test_fidelity_filters_a_user_may_not_use_are_form_errors(network, act):  # noqa: F811
    # Bob reads the programs he belongs to: neither the hub nor its ACT team.
    web = client_for(network.bob)
    html = web.get(FIDELITY, {"organization": str(network.carrefour.pk)}).content.decode()
    assert "Choose an organization you may report on." in html
    html = web.get(FIDELITY, {"team": str(act.team.pk)}).content.decode()
    assert "Choose a team you may report on." in html
    assert "Équipe ACT Ouest" not in html
    assert web.get(FIDELITY, {"weeks": "3"}).status_code == 200


def test_the_api_narrows_the_flow_like_the_page(network, served):
    from tests.api.conftest import api_client_for

    api = api_client_for(network.alice_admin)
    body = api.get(
        "/api/v1/reports/monthly-flow",
        first="2025-05",
        last="2025-05",
        organization=str(network.carrefour.pk),
    ).json()
    (line,) = [x for x in body["lines"] if x["population"] == Population.ALL]
    assert line["figures"]["active"] == 2 and line["previous_active"] == 0
    by_program = api.get(
        "/api/v1/reports/monthly-flow", first="2025-05", last="2025-05", program=str(network.icm.pk)
    ).json()
    (line,) = [x for x in by_program["lines"] if x["population"] == Population.ALL]
    assert line["figures"]["active"] == 1  # Claire, enrolled
    refused = api.get("/api/v1/reports/monthly-flow", organization=str(network.hospital.pk))
    assert refused.status_code == 422
    # The API speaks French unless asked otherwise.
    assert refused.json()["errors"] == [
        {
            "field": "organization",
            "message": "Choisissez un organisme sur lequel vous pouvez produire des rapports.",
        }
    ]


def test_the_api_narrows_fidelity_like_the_page(network, act):  # noqa: F811
    from tests.api.conftest import api_client_for

    coordinator = api_client_for(network.bob_admin)
    hub = coordinator.get(
        "/api/v1/reports/fidelity", organization=str(network.carrefour.pk), weeks="8"
    ).json()
    assert str(act.program.pk) in {u["program_id"] for u in hub["units"]}
    refuge = coordinator.get("/api/v1/reports/fidelity", organization=str(network.refuge.pk))
    assert str(act.program.pk) not in {u["program_id"] for u in refuge.json()["units"]}
    bob = api_client_for(network.bob)
    assert bob.get("/api/v1/reports/fidelity", team=str(act.team.pk)).status_code == 422
    assert coordinator.get("/api/v1/reports/fidelity", weeks="3").status_code == 422
