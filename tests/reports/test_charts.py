"""The charts of the report pages (parcours.reports.charts): well-formed SVG
with its accessible name and description, no script and no style sheet, a
data table that holds the chart's figures, a summary in English and in
French, and the charts of the by-name list, the monthly flow and the fidelity
report drawn from the figures the pages show."""

from __future__ import annotations

import datetime as dt
import re
from xml.etree import ElementTree

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from parcours.reports import charts
from parcours.reports.charts import Series, bar_chart, line_chart
from parcours.reports.fidelity import fidelity_report
from parcours.reports.models import Population
from parcours.reports.selectors import ListFilters, by_name_list, monthly_flow_report
from tests.conftest import client_for
from tests.reports.conftest import day, person, seen, stay, tenancy, visit
from tests.reports.test_fidelity import act  # noqa: F401 (the ACT fixture)

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = [dt.date(2026, m, 1) for m in range(1, 13)]
ACTIVE = [120, 118, 115, 110, 112, 111, 109, 108, 107, 106, 105, 104]


def _active_chart() -> charts.Chart:
    return line_chart(
        translation.gettext("Actively homeless"),
        [charts.month_label(m) for m in MONTHS],
        [Series("Actively homeless", ACTIVE)],
        chart_id="test-chart",
        x_header="Month",
        long_labels=[charts.month_name(m) for m in MONTHS],
    )


def _svg(chart: charts.Chart) -> ElementTree.Element:
    return ElementTree.fromstring(str(chart.svg))


def test_the_svg_is_well_formed_and_named_for_screen_readers():
    root = _svg(_active_chart())
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby", "").split()
    ids = {e.get("id"): e for e in root.iter() if e.get("id")}
    assert ids[title_id].tag == f"{SVG}title"
    assert ids[title_id].text == "Actively homeless"
    assert ids[desc_id].tag == f"{SVG}desc"
    assert ids[desc_id].text == _active_chart().summary


def test_the_svg_has_no_script_no_style_sheet_and_no_repeated_ids():
    chart = bar_chart(
        "Two series", ["a", "b"], [Series("In", [1, 2]), Series("Out", [3, 0])], chart_id="two"
    )
    root = _svg(chart)
    tags = {e.tag for e in root.iter()}
    assert f"{SVG}script" not in tags
    assert f"{SVG}style" not in tags
    assert "<script" not in chart.svg and "<style" not in chart.svg
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert ids == ["two-svg", "two-title", "two-desc"]
    # Two charts on a page keep their own ids.
    other = bar_chart("Other", ["a"], [Series("In", [1])])
    assert other.chart_id != chart.chart_id


def test_the_table_holds_the_charts_figures():
    chart = bar_chart(
        "Moves",
        ["Jan.", "Feb."],
        [Series("Inflow", [4, 7]), Series("Outflow", [2, None])],
        x_header="Month",
        stacked=True,
    )
    assert chart.table.headers == ["Month", "Inflow", "Outflow"]
    assert [(r.label, r.values) for r in chart.table.rows] == [
        ("Jan.", (4, 2)),
        ("Feb.", (7, None)),
    ]
    html = render_to_string("reports/_chart.html", {"chart": chart})
    assert "<details" in html and "<figcaption>" in html
    cells = re.findall(r"<td>([^<]*)</td>", html)
    assert cells == ["4", "2", "7", "—"]


def test_summary_in_english():
    with translation.override("en"):
        chart = _active_chart()
    assert chart.summary == (
        "Actively homeless went from 120 in January 2026 to 104 in December 2026 (−13%)."
    )


def test_numbers_and_months_in_french():
    with translation.override("fr"):
        chart = _active_chart()
        assert charts.format_number(12.5) == "12,5"
        assert charts.format_number(2.0) == "2"
        labels = [r.label for r in chart.table.rows]
        html = render_to_string(
            "reports/_chart.html",
            {"chart": bar_chart("Heures", ["A"], [Series("Heures", [2.5])])},
        )
    # Django's French months (the catalogue of Parcours may shorten them further).
    assert "janvier 2026" in chart.summary and "décembre 2026" in chart.summary
    assert "120" in chart.summary and "104" in chart.summary and "−13" in chart.summary
    assert labels[0].startswith("jan") and labels[0].endswith(" 2026")
    assert labels[5] == "juin 2026"
    assert "<td>2,5</td>" in html


def test_summaries_without_change_or_data():
    with translation.override("en"):
        flat = line_chart("t", ["a", "b"], [Series("Active", [3, 3])])
        empty = line_chart("t", [], [])
        single = bar_chart("t", ["x", "y"], [Series("Persons", [2, 9])])
        from_zero = line_chart("t", ["a", "b"], [Series("Active", [0, 4])])
    assert flat.summary == "Active stayed at 3 from a to b."
    assert empty.summary == "No data."
    assert single.summary == "The highest figure is y, with 9."
    assert from_zero.summary == "Active went from 0 in a to 4 in b."
    ElementTree.fromstring(str(empty.svg))


def _page_charts(html: str) -> dict[str, ElementTree.Element]:
    found = re.findall(r"(<svg .*?</svg>)", html, flags=re.S)
    roots = [ElementTree.fromstring(svg) for svg in found]
    return {r.get("id", ""): r for r in roots}


def _table(html: str, chart_id: str) -> list[list[str]]:
    table = re.search(rf'<table class="striped" id="{chart_id}-table">(.*?)</table>', html, re.S)
    assert table is not None, chart_id
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", table.group(1), re.S)
    return [[label, *re.findall(r"<td>([^<]*)</td>", cells)] for label, cells in rows]


@pytest.fixture
def history(network, kinds):
    gilles = person(network.bob, "Gilles", "Roy")
    stay(gilles, kinds["emergency_shelter"], day(220), None)
    marie = person(network.alice, "Marie", "Côté")
    visit(marie, day(100), network.carrefour, network.alice)
    tenancy(marie, network.alice, day(40))
    paul = person(network.alice, "Paul", "Lavoie")
    seen(paul, day(150), network.carrefour, network.alice)
    return {"gilles": gilles, "marie": marie, "paul": paul}


def test_the_by_name_list_chart_shows_the_counts_by_housing_status(network, history):
    html = client_for(network.alice_admin).get("/en/reports/by-name-list/").content.decode()
    assert "bnl-housing-chart-svg" in _page_charts(html)
    result = by_name_list(network.alice_admin, ListFilters())
    rows = _table(html, "bnl-housing-chart")
    assert [int(r[1]) for r in rows] == list(result.counts_by_housing.values())
    assert [r[0] for r in rows] == [
        "Homeless",
        "Chronically homeless",
        "Transitional",
        "Housed",
        "Unknown",
    ]


def test_the_monthly_flow_charts_hold_the_flow_of_the_chosen_sub_population(network, history):
    web = client_for(network.alice_admin)
    query = {"first": "2024-10", "last": "2025-06", "population": "chronic"}
    html = web.get("/en/reports/monthly-flow/", query).content.decode()
    svgs = _page_charts(html)
    assert {"flow-active-chart-svg", "flow-moves-chart-svg"} <= set(svgs)
    report = monthly_flow_report(
        network.alice_admin, first=dt.date(2024, 10, 1), last=dt.date(2025, 6, 1)
    )
    lines = report.lines[Population.CHRONIC]
    active = _table(html, "flow-active-chart")
    assert [int(r[1]) for r in active] == [line.figures["active"] for line in lines]
    assert [r[0] for r in active][-1] == "June 2025"
    moves = _table(html, "flow-moves-chart")
    assert [(int(r[1]), int(r[2])) for r in moves] == [
        (line.figures["inflow"], line.figures["outflow"]) for line in lines
    ]
    assert sum(line.figures["inflow"] for line in lines) >= 1
    assert "Chronically homeless" in svgs["flow-active-chart-svg"].findtext(f"{SVG}title", "")


def test_the_fidelity_chart_holds_the_ratings(network, act):  # noqa: F811
    html = client_for(act.w1).get("/en/reports/fidelity/").content.decode()
    assert "fidelity-chart-svg" in _page_charts(html)
    report = fidelity_report(act.w1)
    rows = _table(html, "fidelity-chart")
    unit = report.units[0]
    rated = {i.label: i.rating for i in unit.items if i.rating is not None}
    assert {r[0]: int(r[1]) for r in rows if r[1] != "—"} == rated
    assert "The lowest rating is" in html


def test_refused_users_are_still_refused(network, history):
    from tests.factories import UserFactory

    hospital = UserFactory(organization=network.hospital)
    for url in ("/en/reports/by-name-list/", "/en/reports/monthly-flow/", "/en/reports/fidelity/"):
        assert client_for(hospital).get(url, {"population": "chronic"}).status_code == 403
    flow = {"organization": str(network.carrefour.pk)}
    assert client_for(network.bob).get("/en/reports/monthly-flow/", flow).status_code == 403
    assert client_for(None).get("/en/reports/monthly-flow/", flow).status_code == 302
