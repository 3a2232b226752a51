"""The printable plan: a PDF made with WeasyPrint, in the client's
preferred official language."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML  # type: ignore[import-untyped]

from parcours.casework.models import CasePlan, Goal


def plan_pdf(*, plan: CasePlan, goals: list[Goal], enrollments: list[Any]) -> bytes:
    """The plan as a PDF, its headings and choices in the client's language."""
    client = plan.client
    with translation.override(client.preferred_language):
        html = render_to_string(
            "casework/plan_pdf.html",
            {
                "client": client,
                "plan": plan,
                "goals": goals,
                "enrollments": enrollments,
                "printed_on": timezone.localdate(),
                "language": client.preferred_language,
            },
        )
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
