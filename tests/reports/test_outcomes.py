"""The outcomes report: hand-made histories with known answers for every
figure (clock frozen on 15 June 2025; the default period is June 2024 – May
2025), with its edges (retention exactly at 6 months, an institution stay
straddling the enrollment, a referral still pending), the drill-downs as long
as the counts, the same numbers on the page, through the API and in the CSV,
permissions, the audit of drill-downs, and query counts."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

import pytest

from parcours.accounts.models import Discipline
from parcours.casework.models import CasePlan, Enrollment, Goal, GoalReview
from parcours.clients.models import Client
from parcours.coordination.models import DirectoryOrganization, Referral, Service
from parcours.coordination.models.institutions import InstitutionStay
from parcours.coordination.models.referrals import ReferralStatus
from parcours.core.models import AuditEvent
from parcours.reports.flow import monthly_flow
from parcours.reports.models import Population
from parcours.reports.outcomes import Period, community_figures, outcomes_report
from parcours.reports.status import Network
from tests.api.conftest import api_client_for, assert_matches_openapi
from tests.conftest import client_for, share
from tests.factories import UserFactory
from tests.reports.conftest import at, person, stay, tenancy, visit

URL = "/en/reports/outcomes/"
CSV_URL = "/en/reports/outcomes.csv"
API = "/api/v1/reports/outcomes"
D = dt.date


@dataclass
class History:
    anne: Client
    benoit: Client
    carole: Client
    denis: Client
    emile: Client
    gaby: Client


def shared(client: Client, network) -> Client:
    share(
        client,
        by=network.alice,
        categories=["identity", "housing", "case_plan"],
        organizations=[network.carrefour],
    )
    return client


def enroll(client: Client, program, start: dt.date, team=None) -> Enrollment:
    return Enrollment.objects.create(
        client=client,
        program=program,
        organization=program.organization,
        start_date=start,
        team=team,
        opened_by=program.organization.staff.first(),
    )


def institution(client, network, kind, admitted, discharged):
    return InstitutionStay.objects.create(
        client=client,
        kind=kind,
        institution_name="Hôpital Montfort",
        admitted_on=admitted,
        discharged_on=discharged,
        destination="own_unit" if discharged else "",
        learned_from="client",
        organization=network.carrefour,
        recorded_by=network.alice,
    )


def goal(plan, network, support, area, status="active", *, set_on, achieved_on=None, updated=None):
    g = Goal.objects.create(
        plan=plan,
        organization=network.carrefour,
        statement=f"{support} {area}",
        support_type=support,
        sub_domain=area,
        responsible="client",
        status=status,
        recorded_by=network.alice,
    )
    Goal.objects.filter(pk=g.pk).update(
        created_at=at(set_on), updated_at=at(updated or achieved_on or set_on)
    )
    if achieved_on is not None:
        GoalReview.objects.create(
            goal=g,
            organization=network.carrefour,
            reviewed_on=achieved_on,
            progress="achieved",
            reviewed_by=network.alice,
        )
    return g


def referral(client, network, sent, status, answered=None, closed=None, **extra):
    directory, _ = DirectoryOrganization.objects.get_or_create(
        partner=network.refuge, defaults={"name": network.refuge.name}
    )
    service, _ = Service.objects.get_or_create(
        organization=directory, name="Logement", support_type="housing", sub_domain="housing_search"
    )
    return Referral.objects.create(
        client=client,
        service=service,
        organization=network.carrefour,
        sent_by=network.alice,
        receiving_organization=network.refuge,
        status=status,
        reason="Logement / housing",
        sent_at=at(sent),
        answered_at=at(answered) if answered else None,
        closed_at=at(closed) if closed else None,
        **extra,
    )


@pytest.fixture
def history(network, kinds) -> History:
    a = network.alice
    org = network.carrefour
    anne, benoit, carole, denis, emile, gaby = (
        shared(person(a, given, family), network)
        for given, family in (
            ("Anne", "Aubin"),
            ("Benoît", "Bédard"),
            ("Carole", "Cyr"),
            ("Denis", "Dion"),
            ("Émile", "Roy"),
            ("Gaby", "Gagné"),
        )
    )
    # Anne: first seen 1 May 2024, housed 1 July 2024 (61 days), still housed.
    visit(anne, D(2024, 5, 1), org, a)
    tenancy(anne, a, D(2024, 7, 1))
    # Benoît: first seen 1 September 2024, housed 30 November (90 days); the
    # tenancy ends on 30 May 2025, exactly 6 months later: retained.
    visit(benoit, D(2024, 9, 1), org, a)
    tenancy(benoit, a, D(2024, 11, 30), D(2025, 5, 30), "other")
    # Carole: housed 1 February 2024, evicted 31 July, a day short of 6 months.
    visit(carole, D(2024, 1, 10), org, a)
    tenancy(carole, a, D(2024, 2, 1), D(2024, 7, 31), "eviction")
    # Denis: housed 1 July 2023, still housed, but booked into the shelter on
    # 1 March 2024 (the revolving door while housed).
    tenancy(denis, a, D(2023, 7, 1))
    stay(denis, kinds["emergency_shelter"], D(2024, 3, 1), D(2024, 3, 3))
    # Émile: enrolled in the ICM on 1 March 2024. A hospital stay straddles
    # the enrollment (20 February – 5 March: 10 days before, 4 after), 10 days
    # in jail in October 2023, a same-day hospital visit on 1 June 2024.
    enroll(emile, network.icm, D(2024, 3, 1), network.icm_team)
    institution(emile, network, "hospital", D(2024, 2, 20), D(2024, 3, 5))
    institution(emile, network, "jail", D(2023, 10, 1), D(2023, 10, 11))
    institution(emile, network, "hospital", D(2024, 6, 1), D(2024, 6, 1))
    # Gaby: enrolled 1 May 2024, no institution; Anne enrolled in 2025 (her
    # six months end after the period).
    enroll(gaby, network.icm, D(2024, 5, 1))
    enroll(anne, network.icm, D(2025, 1, 1))
    institution(anne, network, "hospital", D(2025, 2, 1), D(2025, 2, 10))
    # Émile's goals.
    plan = CasePlan.objects.create(client=emile, organization=org)
    goal(plan, network, "housing", "housing_search", "achieved", set_on=D(2024, 3, 1),
         achieved_on=D(2024, 10, 1))  # fmt: skip
    goal(plan, network, "complementary", "employment", set_on=D(2024, 3, 1))
    goal(plan, network, "clinical", "mental_health", "achieved", set_on=D(2023, 12, 1),
         achieved_on=D(2024, 3, 1))  # fmt: skip
    goal(plan, network, "complementary", "employment", "achieved", set_on=D(2024, 6, 1),
         achieved_on=D(2025, 1, 15))  # fmt: skip
    goal(plan, network, "housing", "landlord", "stopped", set_on=D(2024, 1, 1),
         updated=D(2024, 4, 1))  # fmt: skip
    goal(plan, network, "housing", "move_in", set_on=D(2025, 6, 5))  # after the period
    # Referrals sent in the period: completed (10 days to answer), still
    # pending at the period's end (20 days), declined (30 days); one cancelled.
    referral(anne, network, D(2024, 8, 1), ReferralStatus.COMPLETED, D(2024, 8, 11),
             D(2024, 9, 1))  # fmt: skip
    referral(benoit, network, D(2025, 5, 11), ReferralStatus.SENT)
    referral(carole, network, D(2024, 12, 1), ReferralStatus.DECLINED, D(2024, 12, 31),
             D(2024, 12, 31), decline_reason="Complet / full")  # fmt: skip
    referral(carole, network, D(2024, 12, 2), ReferralStatus.CANCELLED, closed=D(2024, 12, 3))
    return History(anne, benoit, carole, denis, emile, gaby)


def _figures(report) -> dict[str, tuple]:
    return {f.key: (f.value, f.numerator, f.denominator, f.persons) for f in report.figures}


def test_housing_figures_have_their_known_answers(network, history):
    report = outcomes_report(network.alice_admin)
    assert (report.period.start, report.period.end) == (D(2024, 6, 1), D(2025, 5, 31))
    f = _figures(report)
    time = report.figure("time_to_housing")
    assert (time.value, time.extra["mean"], time.persons) == (75.5, 75.5, 2)
    assert {e.name: e.value for e in time.people} == {"Anne Aubin": 61, "Benoît Bédard": 90}
    assert f["retention_6"] == (66.7, 2, 3, 3)  # Anne, Benoît (exactly 6 months); not Carole
    assert f["retention_12"] == (50.0, 1, 2, 2)  # Denis; not Carole
    assert f["returns_6"] == (33.3, 1, 3, 3)  # Carole's eviction
    assert f["returns_12"] == (100.0, 2, 2, 2)  # Carole; Denis's book-in while housed
    retained = report.figure("retention_6")
    assert sorted(e.name for e in retained.people if e.counted) == ["Anne Aubin", "Benoît Bédard"]


def test_institution_days_and_emergency_visits_before_and_after_enrollment(network, history):
    f = _figures(outcomes_report(network.alice_admin))
    assert f["enrolled"] == (2.0, None, None, 2)  # Émile, Gaby (not Anne: 2025)
    assert f["institution_days_hospital_before"] == (10.0, 1, 2, 1)  # the straddling stay
    assert f["institution_days_hospital_after"] == (4.0, 1, 2, 1)
    assert f["institution_days_jail_before"] == (10.0, 1, 2, 1)
    assert f["institution_days_jail_after"] == (0.0, 0, 2, 0)
    assert f["emergency_visits_before"] == (1.0, 1, 2, 1)
    assert f["emergency_visits_after"] == (1.0, 1, 2, 1)  # the same-day visit


def test_goals_employment_and_referrals(network, history):
    report = outcomes_report(network.alice_admin)
    f = _figures(report)
    assert f["goals_housing"] == (100.0, 1, 1, 1)  # the stopped and later goals aside
    assert f["goals_complementary"] == (50.0, 1, 2, 1)
    assert f["goals_clinical"] == (None, 0, 0, 0)  # achieved before the period
    assert f["employment_goals"] == (50.0, 1, 2, 1)
    assert f["referrals_completed"] == (33.3, 1, 3, 3)  # the cancelled one aside
    pending = report.figure("referrals_days_pending")
    assert (pending.value, pending.persons) == (20.0, 3)  # 10, 20 (still pending), 30
    assert {e.name: e.value for e in pending.people}["Benoît Bédard"] == 20


def test_every_drill_down_is_as_long_as_its_count(network, history):
    for user in (network.alice_admin, network.alice):
        report = outcomes_report(user)
        for figure in report.figures:
            assert len(figure.people) == figure.persons
            assert len(set(figure.person_ids)) == figure.persons  # one person, one count
            counted = sum(1 for e in figure.people if e.counted)
            if figure.key.startswith(("retention_", "returns_")):
                assert (figure.numerator, figure.denominator) == (counted, figure.persons)
            if figure.key.startswith(("institution_days_", "emergency_visits_")):
                assert figure.numerator == figure.persons
                assert figure.denominator == report.figure("enrolled").persons


def test_community_figures_equal_the_monthly_flow(network, history, kinds):
    a, org = network.alice, network.carrefour
    # Homeless persons: one new, one back from inactive, one Indigenous.
    new = person(a, "Nora", "Neuf")
    stay(new, kinds["emergency_shelter"], D(2025, 5, 1), None)
    back = person(a, "Rémi", "Retour")
    visit(back, D(2024, 1, 5), org, a)
    visit(back, D(2025, 3, 1), org, a)
    network_ = Network()
    today = D(2025, 6, 15)
    period = Period(D(2024, 6, 1), D(2025, 5, 1), today)
    figures = {f.key: f for f in community_figures(network_, period)}
    flows = monthly_flow(network_, period.months, today=today)
    for key, population in (
        ("community_homeless", Population.ALL),
        ("community_chronic", Population.CHRONIC),
        ("community_indigenous", Population.INDIGENOUS),
    ):
        assert set(figures[key].person_ids) == flows[population][-1].active
        assert figures[key].value == flows[population][-1].figures()["active"]
    newly = sum(f.count("newly_identified") for f in flows[Population.ALL])
    returns = sum(
        f.count("returned_from_housing") + f.count("returned_from_inactive")
        for f in flows[Population.ALL]
    )
    assert figures["community_newly_identified"].value == newly
    assert figures["community_returns"].value == returns >= 1
    assert newly >= 1


def test_page_api_and_csv_give_the_same_numbers(network, history, openapi):
    web = client_for(network.alice_admin)
    report = outcomes_report(network.alice_admin)
    html = web.get(URL).content.decode()
    assert "Days from first contact to housing (median)" in html
    assert "75.5 days" in html and "66.7 %" in html and "2 / 3" in html
    api = api_client_for(network.alice_admin).get(API)
    assert api.status_code == 200
    assert_matches_openapi(openapi, API, "get", api)
    by_api = {f["key"]: (f["value"], f["numerator"], f["denominator"], f["persons"])
              for f in api.json()["figures"]}  # fmt: skip
    assert by_api == _figures(report)
    rows = list(csv.DictReader(io.StringIO(web.get(CSV_URL).content.decode())))
    by_csv = {
        r["figure"]: (
            float(r["value"]) if r["value"] else None,
            int(r["numerator"]) if r["numerator"] else None,
            int(r["denominator"]) if r["denominator"] else None,
            int(r["persons"]),
        )
        for r in rows
    }
    assert by_csv == _figures(report)
    assert rows[0]["period_start"] == "2024-06-01" and rows[0]["period_end"] == "2025-05-31"


def test_filters_period_program_and_team(network, history):
    web = api_client_for(network.alice_admin)
    by_team = web.get(API, team=str(network.icm_team.pk)).json()
    figures = {f["key"]: f for f in by_team["figures"]}
    assert figures["enrolled"]["persons"] == 1  # Émile (Gaby has no team)
    assert figures["retention_6"]["persons"] == 0  # none housed was in the team
    by_program = {f["key"]: f for f in web.get(API, program=str(network.icm.pk)).json()["figures"]}
    assert by_program["enrolled"]["persons"] == 2
    assert by_program["retention_6"]["persons"] == 1  # Anne, enrolled in 2025
    older = {f["key"]: f for f in web.get(API, first="2023-06", last="2024-05").json()["figures"]}
    assert older["retention_6"]["persons"] == 1  # Denis's 6 months end in January 2024
    assert web.get(API, first="2024-13").status_code == 422
    assert web.get(API, first="2025-01", last="2024-01").status_code == 422
    assert web.get(API, first="2015-01", last="2024-01").status_code == 422  # over 5 years


def test_drill_down_names_only_where_allowed_and_is_audited(network, history):
    web = client_for(network.alice_admin)
    html = web.get(URL, {"figure": "retention_6"}).content.decode()
    # The hub's administrator sees the hub's clients; the Refuge's does not.
    assert "Anne Aubin" in html and "Carole Cyr" in html
    event = AuditEvent.objects.filter(detail__section="outcomes").latest("occurred_at")
    assert str(history.anne.pk) in event.detail["clients"]
    other = client_for(network.bob_admin).get(URL, {"figure": "retention_6"}).content.decode()
    assert "Anne Aubin" not in other and other.count("A person (record not shared)") == 3
    api = api_client_for(network.bob_admin).get(API, figure="retention_6").json()
    assert [p["name"] for p in api["people"]] == [None, None, None]
    assert client_for(network.alice_admin).get(URL, {"figure": "nonsense"}).status_code == 200
    assert api_client_for(network.alice_admin).get(API, figure="nonsense").status_code == 404


def test_staff_see_the_persons_they_may_see_and_no_community_figures(network, history):
    alice = outcomes_report(network.alice)
    assert alice.figure("community_homeless") is None
    assert _figures(alice)["retention_6"] == (66.7, 2, 3, 3)  # she sees every one of them
    bob = outcomes_report(network.bob)
    assert all(f.persons == 0 for f in bob.figures)  # nothing shared with the Refuge


def test_refused_outside_the_network_or_the_users_programs(network, history):
    nurse = UserFactory(
        organization=network.hospital, discipline=Discipline.objects.get(code="nurse")
    )
    assert client_for(nurse).get(URL).status_code == 403
    assert client_for(nurse).get(CSV_URL).status_code == 403
    assert api_client_for(nurse).get(API).status_code == 403
    assert api_client_for(None).get(API).status_code == 401
    # A worker of another program, or another organization.
    assert client_for(network.bob).get(URL, {"program": str(network.icm.pk)}).status_code == 403
    assert api_client_for(network.bob).get(API, program=str(network.icm.pk)).status_code == 403
    assert api_client_for(network.bob).get(API, team=str(network.icm_team.pk)).status_code == 403
    assert (
        api_client_for(network.bob).get(API, organization=str(network.carrefour.pk)).status_code
        == 403
    )
    assert client_for(network.alice).get(URL, {"program": str(network.icm.pk)}).status_code == 200
    french = client_for(network.alice).get("/fr/reports/outcomes/", {"figure": "retention_6"})
    assert french.status_code == 200 and 'id="nav-outcomes"' in french.content.decode()


def test_the_page_takes_the_same_number_of_queries_however_many_persons(
    network, history, kinds, django_assert_max_num_queries
):
    web = client_for(network.alice_admin)
    with django_assert_max_num_queries(110) as small:
        assert web.get(URL, {"figure": "retention_6"}).status_code == 200
    for n in range(5):
        c = shared(person(network.alice, f"Extra{n}", "Zed"), network)
        visit(c, D(2024, 3, 1), network.carrefour, network.alice)
        tenancy(c, network.alice, D(2024, 4, 1))
        enroll(c, network.icm, D(2024, 4, 1))
        institution(c, network, "hospital", D(2024, 3, 1), D(2024, 3, 2))
        stay(c, kinds["emergency_shelter"], D(2024, 2, 1), D(2024, 2, 2))
    with django_assert_max_num_queries(110) as large:
        assert web.get(URL, {"figure": "retention_6"}).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_outcomes_export_has_the_page_figures_in_typed_cells(
    network, history, django_capture_on_commit_callbacks
):
    import openpyxl

    from parcours.reports.models import ExportStatus, ReportExport

    web = client_for(network.alice_admin)
    page = web.get("/en/reports/outcomes/").content.decode()
    assert 'id="export-form-outcomes"' in page
    with django_capture_on_commit_callbacks(execute=True):
        web.post(
            "/en/reports/exports/new/",
            {"report": "outcomes", "format": "xlsx", "language": "en", "query": ""},
        )
    export = ReportExport.objects.get()
    assert export.status == ExportStatus.DONE, export.error
    data = web.get(f"/en/reports/exports/{export.pk}/download/").content
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    report = outcomes_report(network.alice_admin)
    assert [(r["Figure"], r["Value"], r["Persons"]) for r in rows] == [
        (f.label, f.value, f.persons) for f in report.figures
    ]
    assert all(isinstance(r["Persons"], int) for r in rows)


def test_an_outcomes_export_with_a_program_the_user_may_not_filter_on_fails(
    network, history, django_capture_on_commit_callbacks
):
    from parcours.reports.models import ExportStatus, ReportExport

    web = client_for(network.alice)
    with django_capture_on_commit_callbacks(execute=True):
        web.post(
            "/en/reports/exports/new/",
            {
                "report": "outcomes",
                "format": "csv",
                "language": "en",
                "query": f"program={network.shelter_program.pk}",
            },
        )
    export = ReportExport.objects.filter(requested_by=network.alice).first()
    assert export is not None and export.status == ExportStatus.FAILED, export
    assert not export.content
