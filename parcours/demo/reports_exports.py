"""Demo for the report exports: the hub's coordinator asks for the by-name
list as an XLSX file in French, through the service, as the Export button
does. With the database backend (``make demo``) it waits for the worker,
which ``make demo`` starts beside gunicorn: *My exports* shows it being built,
then ready. Seeding again adds nothing."""

from __future__ import annotations

from parcours.demo.reports import _coordinator
from parcours.reports.export_services import export_request
from parcours.reports.models import ReportExport


def seed_exports() -> str:
    """Ask for one export (idempotent); a one-line summary."""
    coordinator = _coordinator()
    if coordinator is None:
        return ""
    if ReportExport.objects.filter(requested_by=coordinator).exists():
        return "Report exports: already there, none added."
    export_request(
        acting_user=coordinator, report="by_name_list", query={}, fmt="xlsx", language="fr"
    )
    return f"Report exports: the by-name list (XLSX, French) asked for by {coordinator.email}."
