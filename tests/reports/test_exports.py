"""Report exports (CSV, XLSX, PDF) built by a background task: the same
figures and names as the page, typed cells, the French title in French,
progress and status, a failed build's error, only the asking user downloads,
access checked again at download, audit, refused roles, query counts."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from parcours.access import client_access_for
from parcours.clients.services import consent_directive_withdraw
from parcours.core.models import AuditAction, AuditEvent
from parcours.reports import export_services, exports, selectors
from parcours.reports.fidelity import fidelity_report
from parcours.reports.models import ExportStatus, ReportExport
from tests.casework.pdftext import pdf_text
from tests.conftest import client_for, share
from tests.factories import UserFactory
from tests.reports.conftest import TODAY, day, person, seen, stay, tenancy, visit

LIST = "/en/reports/by-name-list/"
EXPORTS = "/en/reports/exports/"
NEW = "/en/reports/exports/new/"


@pytest.fixture
def history(network, kinds):
    """Gilles (registered by the Refuge, chronic), Marie (the hub's, housed),
    Paul (the hub's, shared with the Refuge, inactive)."""
    gilles = person(network.bob, "Gilles", "Roy")
    stay(gilles, kinds["emergency_shelter"], day(220), None)
    marie = person(network.alice, "Marie", "Côté")
    visit(marie, day(100), network.carrefour, network.alice)
    tenancy(marie, network.alice, day(40))
    paul = person(network.alice, "Paul", "Lavoie")
    seen(paul, day(150), network.carrefour, network.alice)
    directive = share(
        paul, by=network.alice, categories=["identity"], organizations=[network.refuge]
    )
    return {"gilles": gilles, "marie": marie, "paul": paul, "paul_directive": directive}


def _ask(
    web,
    django_capture_on_commit_callbacks,
    report: str,
    fmt: str,
    language: str = "en",
    query: str = "",
):
    """POST the export form of a page; the task runs when the request commits
    (the immediate backend in tests)."""
    with django_capture_on_commit_callbacks(execute=True):
        return web.post(
            NEW, {"report": report, "format": fmt, "language": language, "query": query}
        )


def _names(html: str) -> set[str]:
    return set(re.findall(r'/clients/[0-9a-f-]+/">([^<]+)</a>', html))


def test_the_xlsx_of_the_by_name_list_has_the_page_names_and_figures_in_typed_cells(
    network, history, django_capture_on_commit_callbacks
):
    share(
        history["gilles"],
        by=network.bob,
        categories=["identity", "housing"],
        organizations=[network.refuge],
    )
    web = client_for(network.bob)
    page = web.get(LIST).content.decode()
    response = _ask(web, django_capture_on_commit_callbacks, "by_name_list", "xlsx")
    assert response.status_code == 302 and response["Location"] == EXPORTS
    export = ReportExport.objects.get()
    assert export.status == ExportStatus.DONE and export.progress == 100
    download = web.get(reverse("reports:export_download", kwargs={"export_id": export.pk}))
    assert download.status_code == 200
    assert download["Content-Disposition"].endswith('.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(download.content))
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    header = [c.value for c in sheet[1]]
    rows = {
        r[0]: dict(zip(header, r, strict=True))
        for r in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert set(rows) == _names(page) == {"Gilles Roy", "Paul Lavoie"}
    expected = {
        r.name: r.status for r in selectors.by_name_list(network.bob, selectors.ListFilters()).rows
    }
    gilles = rows["Gilles Roy"]
    assert gilles["Housing status"] == "Chronically homeless"
    assert gilles["Homeless days, past year"] == expected["Gilles Roy"].days_past_year
    assert isinstance(gilles["Homeless days, past year"], int)
    assert isinstance(gilles["First contact"], dt.datetime)  # a date cell
    assert gilles["First contact"].date() == expected["Gilles Roy"].first_contact == day(220)
    assert rows["Paul Lavoie"]["Activity"] == "Inactive"
    assert rows["Paul Lavoie"]["Housing status"] == "not shared"  # as on the page
    assert rows["Paul Lavoie"]["Homeless days, past year"] is None
    assert sheet.column_dimensions["A"].width >= 20
    assert book.worksheets[1].title == "About"


def test_a_coordinator_s_export_names_only_whom_the_page_names(
    network, history, django_capture_on_commit_callbacks
):
    web = client_for(network.alice_admin)
    _ask(web, django_capture_on_commit_callbacks, "by_name_list", "csv", query="housing=housed")
    export = ReportExport.objects.get()
    text = web.get(reverse("reports:export_download", kwargs={"export_id": export.pk})).content
    body = text.decode("utf-8-sig")
    # Marie shares no housing with the hub: a housing filter lists her without a name.
    assert "Marie" not in body and "a person (record not shared)" in body
    assert export.params == {"housing": "housed"}
    assert export.shown_clients == {"identity": [], "housing": []}


def test_the_monthly_flow_in_french_as_a_pdf_has_the_french_title(
    network, history, django_capture_on_commit_callbacks
):
    web = client_for(network.alice_admin)
    _ask(web, django_capture_on_commit_callbacks, "monthly_flow", "pdf", language="fr")
    export = ReportExport.objects.get()
    assert export.status == ExportStatus.DONE, export.error
    data = web.get(reverse("reports:export_download", kwargs={"export_id": export.pk})).content
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "Flux mensuel de la liste de noms" in text
    assert export.filename.endswith(".pdf") and export.language == "fr"


def test_the_monthly_flow_xlsx_has_the_page_figures(
    network, history, django_capture_on_commit_callbacks
):
    web = client_for(network.alice_admin)
    _ask(
        web,
        django_capture_on_commit_callbacks,
        "monthly_flow",
        "xlsx",
        query="first=2025-01&last=2025-06",
    )
    export = ReportExport.objects.get()
    data = web.get(reverse("reports:export_download", kwargs={"export_id": export.pk})).content
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    about = {tuple(r) for r in book.worksheets[1].iter_rows(values_only=True)}
    assert ("Filter", "Months: 2025-01 to 2025-06") in about
    assert ("By", "Sophie Gagnon") in about
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    report = selectors.monthly_flow_report(
        network.alice_admin, first=dt.date(2025, 1, 1), last=dt.date(2025, 6, 1)
    )
    lines = report.lines["all"]
    mine = [r for r in rows if r["Sub-population"] == "All persons"]
    assert len(mine) == len(lines) == 6
    for row, line in zip(mine, lines, strict=True):
        assert row["Month"].date() == line.month
        assert row["Actively homeless"] == line.figures["active"]
        assert row["Inflow"] == line.figures["inflow"]
        assert isinstance(row["Actively homeless"], int)


def test_the_fidelity_export_has_the_report_s_values(network, django_capture_on_commit_callbacks):
    web = client_for(network.alice_admin)
    _ask(web, django_capture_on_commit_callbacks, "fidelity", "xlsx")
    export = ReportExport.objects.get()
    assert export.status == ExportStatus.DONE, export.error
    data = web.get(reverse("reports:export_download", kwargs={"export_id": export.pk})).content
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    report = fidelity_report(network.alice_admin)
    expected = [(u.program.name, i.label, i.value, i.rating) for u in report.units for i in u.items]
    assert [(r[1], r[4], r[5], r[8]) for r in values] == expected
    assert expected  # the hub's ICM program


@pytest.fixture
def test_report():
    """A report registered for a test only."""
    names = set(exports.REPORTS)
    yield
    for name in set(exports.REPORTS) - names:
        del exports.REPORTS[name]


def test_the_task_updates_progress_and_status(network, test_report):
    seen_while_building: list[tuple[str, int]] = []

    def build(user, form, progress):
        progress(30)
        row = ReportExport.objects.get()
        seen_while_building.append((row.status, row.progress))
        return exports.Table(
            title="Test", filters=[], columns=[exports.Column("n", exports.INTEGER)], rows=[[1]]
        )

    exports.register(
        "test", label="Test", require=lambda u: u, form=exports.NoFilterForm, build=build
    )
    export = ReportExport.objects.create(
        requested_by=network.bob, report="test", format="csv", language="en"
    )
    assert export.status == ExportStatus.QUEUED and export.progress == 0
    export_services.export_build(export_id=export.pk)
    export.refresh_from_db()
    assert seen_while_building == [(ExportStatus.RUNNING, 30)]
    assert export.status == ExportStatus.DONE and export.progress == 100
    assert export.finished_at is not None and export.rows == 1
    assert bytes(export.content).decode("utf-8-sig") == "n\r\n1\r\n"
    # A built export is not built again.
    assert export_services.export_build(export_id=export.pk) is None


def test_a_failed_build_records_the_error(network, test_report):
    def build(user, form, progress):
        raise RuntimeError("boom")

    exports.register(
        "broken", label="Broken", require=lambda u: u, form=exports.NoFilterForm, build=build
    )
    export = ReportExport.objects.create(
        requested_by=network.bob, report="broken", format="xlsx", language="en"
    )
    export_services.export_build(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert "RuntimeError" in export.error and export.content is None
    html = client_for(network.bob).get(EXPORTS).content.decode()
    assert "RuntimeError" in html and "export-download" not in html


def test_a_user_no_longer_allowed_at_build_gets_a_failed_export(
    network, django_capture_on_commit_callbacks
):
    export = export_services.export_request(
        acting_user=network.alice_admin, report="monthly_flow", query={}, fmt="csv", language="en"
    )
    network.alice_admin.is_org_admin = False
    network.alice_admin.save()
    export_services.export_build(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED and "coordinators" in export.error


def test_another_user_cannot_download_or_delete_an_export(
    network, history, django_capture_on_commit_callbacks
):
    _ask(client_for(network.bob), django_capture_on_commit_callbacks, "by_name_list", "csv")
    export = ReportExport.objects.get()
    other = client_for(network.bob_admin)
    url = reverse("reports:export_download", kwargs={"export_id": export.pk})
    assert other.get(url).status_code == 404
    delete = reverse("reports:export_delete", kwargs={"export_id": export.pk})
    assert other.post(delete).status_code == 404
    assert ReportExport.objects.filter(pk=export.pk).exists()
    assert "export-row" not in other.get(EXPORTS).content.decode()
    assert client_for(None).get(url).status_code == 302


def test_a_user_whose_access_was_removed_since_the_build_is_refused(
    network, history, django_capture_on_commit_callbacks
):
    bob = client_for(network.bob)
    _ask(bob, django_capture_on_commit_callbacks, "by_name_list", "xlsx")
    export = ReportExport.objects.get()
    assert str(history["paul"].pk) in export.shown_clients["identity"]
    url = reverse("reports:export_download", kwargs={"export_id": export.pk})
    # Paul withdraws the consent that showed him to the Refuge.
    consent_directive_withdraw(
        acting_user=network.alice,
        client_access=client_access_for(network.alice, history["paul"]),
        directive=history["paul_directive"],
    )
    before = AuditEvent.objects.filter(action=AuditAction.VIEW).count()
    assert bob.get(url).status_code == 403
    assert AuditEvent.objects.filter(action=AuditAction.VIEW).count() == before


def test_a_coordinator_who_is_no_longer_one_cannot_download_the_monthly_flow(
    network, history, django_capture_on_commit_callbacks
):
    web = client_for(network.alice_admin)
    _ask(web, django_capture_on_commit_callbacks, "monthly_flow", "csv")
    export = ReportExport.objects.get()
    url = reverse("reports:export_download", kwargs={"export_id": export.pk})
    assert web.get(url).status_code == 200
    network.alice_admin.is_org_admin = False
    network.alice_admin.save()
    assert web.get(url).status_code == 403


def test_request_build_and_download_are_audited(
    network, history, django_capture_on_commit_callbacks
):
    web = client_for(network.bob)
    _ask(web, django_capture_on_commit_callbacks, "by_name_list", "pdf")
    export = ReportExport.objects.get()
    events = AuditEvent.objects.filter(target_id=str(export.pk)).order_by("id")
    assert [e.action for e in events] == [AuditAction.CREATE, AuditAction.UPDATE]
    assert events[0].detail["report"] == "by_name_list" and events[0].actor_id == network.bob.pk
    assert set(events[1].detail["clients"]) == {str(history["gilles"].pk), str(history["paul"].pk)}
    web.get(reverse("reports:export_download", kwargs={"export_id": export.pk}))
    download = AuditEvent.objects.filter(target_id=str(export.pk)).latest("id")
    assert download.action == AuditAction.VIEW and download.detail["via"] == "download"
    assert set(download.detail["clients"]) == set(events[1].detail["clients"])


def test_refused_roles_write_nothing(network, history, django_capture_on_commit_callbacks):
    hospital = client_for(UserFactory(organization=network.hospital))
    assert (
        _ask(hospital, django_capture_on_commit_callbacks, "by_name_list", "csv").status_code == 403
    )
    assert hospital.get(EXPORTS).status_code == 403
    assert client_for(None).post(NEW, {"report": "by_name_list"}).status_code == 302
    # The monthly flow is the coordinators'.
    bob = client_for(network.bob)
    assert _ask(bob, django_capture_on_commit_callbacks, "monthly_flow", "csv").status_code == 403
    assert not ReportExport.objects.exists()


def test_bad_input_is_refused_with_a_message_and_nothing_written(
    network, history, django_capture_on_commit_callbacks
):
    web = client_for(network.alice_admin)
    response = _ask(web, django_capture_on_commit_callbacks, "monthly_flow", "docx")
    assert response.status_code == 302 and response["Location"] == "/en/reports/monthly-flow/"
    response = _ask(
        web, django_capture_on_commit_callbacks, "monthly_flow", "csv", query="first=2025-13"
    )
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("YYYY-MM" in m for m in messages)
    assert not ReportExport.objects.exists()


def test_the_list_polls_only_while_an_export_is_being_built(network):
    web = client_for(network.bob)
    done = ReportExport.objects.create(
        requested_by=network.bob,
        report="by_name_list",
        format="csv",
        language="en",
        status=ExportStatus.DONE,
        progress=100,
        content=b"x",
        filename="x.csv",
    )
    html = web.get(EXPORTS).content.decode()
    assert 'hx-trigger="every 2s"' not in html and "export-download" in html
    # (The clock is frozen: the done one was asked for an hour before.)
    ReportExport.objects.filter(pk=done.pk).update(
        created_at=done.created_at - dt.timedelta(hours=1)
    )
    ReportExport.objects.create(
        requested_by=network.bob,
        report="by_name_list",
        format="pdf",
        language="fr",
        status=ExportStatus.RUNNING,
        progress=40,
    )
    html = web.get(EXPORTS).content.decode()
    assert 'hx-trigger="every 2s"' in html and 'value="40"' in html
    partial = web.get(EXPORTS, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<section id="exports-list"')
    # Newest first.
    assert html.index('data-status="running"') < html.index(f'id="export-{done.pk}"')


def test_the_exports_list_takes_the_same_queries_however_many_exports(
    network, django_assert_max_num_queries
):
    web = client_for(network.bob)

    def add(n: int) -> None:
        for _ in range(n):
            ReportExport.objects.create(
                requested_by=network.bob,
                report="by_name_list",
                format="csv",
                language="en",
                status=ExportStatus.DONE,
                progress=100,
                content=b"x" * 1000,
                filename="x.csv",
            )

    add(2)
    web.get(EXPORTS)
    with django_assert_max_num_queries(12) as few:
        web.get(EXPORTS)
    add(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        web.get(EXPORTS)


def test_an_export_is_deleted_after_confirmation(
    network, history, django_capture_on_commit_callbacks
):
    web = client_for(network.bob)
    _ask(web, django_capture_on_commit_callbacks, "by_name_list", "csv")
    export = ReportExport.objects.get()
    url = reverse("reports:export_delete", kwargs={"export_id": export.pk})
    page = web.get(url)
    assert page.status_code == 200 and 'id="export-delete-form"' in page.content.decode()
    assert ReportExport.objects.exists()
    assert web.post(url)["Location"] == EXPORTS
    assert not ReportExport.objects.exists()


def test_old_exports_are_purged_and_not_downloadable(
    network, history, django_capture_on_commit_callbacks, time_machine
):
    web = client_for(network.bob)
    _ask(web, django_capture_on_commit_callbacks, "by_name_list", "csv")
    export = ReportExport.objects.get()
    url = reverse("reports:export_download", kwargs={"export_id": export.pk})
    time_machine.move_to(dt.datetime.combine(TODAY + dt.timedelta(days=8), dt.time(12)), tick=False)
    web = client_for(network.bob)
    assert web.get(url).status_code == 404
    out = io.StringIO()
    call_command("purge_exports", stdout=out)
    assert "Deleted 1 export" in out.getvalue()
    assert not ReportExport.objects.exists()


def test_every_report_page_has_the_export_form(network, history):
    web = client_for(network.alice_admin)
    for url, name in (
        (LIST, "by_name_list"),
        ("/en/reports/monthly-flow/", "monthly_flow"),
        ("/en/reports/fidelity/", "fidelity"),
    ):
        html = web.get(
            url, {"housing": "housed"} if name == "by_name_list" else {}
        ).content.decode()
        assert f'id="export-form-{name}"' in html, url
    assert (
        'name="query" value="housing=housed"'
        in web.get(LIST, {"housing": "housed"}).content.decode()
    )


def test_a_refused_export_is_a_permission_error_in_the_service(network):
    with pytest.raises(PermissionDenied):
        export_services.export_request(
            acting_user=network.bob, report="monthly_flow", query={}, fmt="csv", language="en"
        )
    assert not ReportExport.objects.exists()


def test_the_worker_builds_a_queued_export(
    network, history, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """The database backend queues the export; the worker (run here for the
    queued tasks, in-process) builds it."""
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    # The worker closes stale connections between tasks: not the test's own.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    with django_capture_on_commit_callbacks(execute=True):
        export = export_services.export_request(
            acting_user=network.bob, report="by_name_list", query={}, fmt="xlsx", language="fr"
        )
    export.refresh_from_db()
    assert export.status == ExportStatus.QUEUED and DBTaskResult.objects.count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay", "--max-tasks", "1")
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE and export.progress == 100, export.error
    sheet = openpyxl.load_workbook(io.BytesIO(bytes(export.content))).worksheets[0]
    assert sheet["A1"].value == "Personne"


def test_the_demo_asks_for_one_export_once(network, history, django_capture_on_commit_callbacks):
    from parcours.demo.reports_exports import seed_exports

    with django_capture_on_commit_callbacks(execute=True):
        first = seed_exports()
    assert first.startswith("Report exports: the by-name list")
    export = ReportExport.objects.get()
    assert export.status == ExportStatus.DONE and export.language == "fr"
    assert seed_exports() == "Report exports: already there, none added."
    assert ReportExport.objects.count() == 1


def test_with_htmx_the_export_takes_the_filters_the_page_shows_now(
    network, history, django_capture_on_commit_callbacks
):
    """The list filters with HTMX (the URL changes, the page is not reloaded):
    the export takes the filters of the current URL, not those the page had
    when it was loaded."""
    web = client_for(network.alice_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = web.post(
            NEW,
            {"report": "by_name_list", "format": "csv", "language": "fr", "query": ""},
            headers={
                "HX-Request": "true",
                "HX-Current-URL": "http://testserver/en/reports/by-name-list/?housing=housed&page=2",
            },
        )
    assert response["HX-Redirect"] == EXPORTS
    assert ReportExport.objects.get().params == {"housing": "housed"}


def test_the_monthly_flow_export_keeps_the_page_s_organization_filter(
    network, history, django_capture_on_commit_callbacks
):
    web = client_for(network.alice_admin)
    _ask(
        web,
        django_capture_on_commit_callbacks,
        "monthly_flow",
        "xlsx",
        query=f"first=2025-01&last=2025-06&organization={network.refuge.pk}",
    )
    export = ReportExport.objects.get()
    assert export.status == ExportStatus.DONE, export.error
    data = web.get(reverse("reports:export_download", kwargs={"export_id": export.pk})).content
    book = openpyxl.load_workbook(io.BytesIO(data))
    about = {tuple(r) for r in book.worksheets[1].iter_rows(values_only=True)}
    assert any(network.refuge.name in str(value) for row in about for value in row)
    header = [c.value for c in book.worksheets[0][1]]
    rows = [
        dict(zip(header, r, strict=True))
        for r in book.worksheets[0].iter_rows(min_row=2, values_only=True)
    ]
    report = selectors.monthly_flow_report(
        network.alice_admin,
        first=dt.date(2025, 1, 1),
        last=dt.date(2025, 6, 1),
        organization=network.refuge,
    )
    mine = [r["Actively homeless"] for r in rows if r["Sub-population"] == "All persons"]
    assert mine == [line.figures["active"] for line in report.lines["all"]]


def test_the_fidelity_export_keeps_the_page_s_period_and_organization(
    network, django_capture_on_commit_callbacks
):
    web = client_for(network.alice_admin)
    _ask(
        web,
        django_capture_on_commit_callbacks,
        "fidelity",
        "xlsx",
        query=f"weeks=8&organization={network.carrefour.pk}",
    )
    export = ReportExport.objects.get()
    assert export.status == ExportStatus.DONE, export.error
    data = web.get(reverse("reports:export_download", kwargs={"export_id": export.pk})).content
    book = openpyxl.load_workbook(io.BytesIO(data))
    values = list(book.worksheets[0].iter_rows(min_row=2, values_only=True))
    report = fidelity_report(network.alice_admin, organization_id=network.carrefour.pk, weeks=8)
    expected = [(u.program.name, i.label, i.value) for u in report.units for i in u.items]
    assert [(r[1], r[4], r[5]) for r in values] == expected
    assert {r[0] for r in values} == {network.carrefour.name}
    about = " ".join(str(v) for row in book.worksheets[1].iter_rows(values_only=True) for v in row)
    assert "the last 8 weeks" in about and network.carrefour.name in about, about[:300]
