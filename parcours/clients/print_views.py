"""The consent form to sign: a PDF in French or English, blank or pre-filled
with the directive being recorded. For those who may record the client's
consent (the organization that registered them), like the directive itself."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from parcours import access
from parcours.accounts.http import AuthenticatedRequest
from parcours.clients.models import DataCategory
from parcours.clients.print_forms import ConsentPrintForm
from parcours.clients.services import client_record_viewed
from parcours.core.pdf import pdf_response_headers, render_pdf


@login_required
@require_http_methods(["GET", "POST"])
def consent_form_print(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    """GET from the client's file (a blank form), POST from the directive
    being recorded (its choices pre-filled; nothing is written)."""
    user, client_access = access.client_get_for_staff(request.user, client_id)
    if not client_access.can_record_consent:
        raise Http404
    client = client_access.client
    form = ConsentPrintForm(request.POST if request.method == "POST" else request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    language = data.get("language") or client.preferred_language
    chosen = set(data.get("categories") or [])
    client_record_viewed(acting_user=user, client_access=client_access, section="consent_form_pdf")
    pdf = render_pdf(
        "clients/consent_form_pdf.html",
        {
            "client": client,
            "organization": client.registered_by_organization,
            "categories": [
                (value, label, value in chosen) for value, label in DataCategory.choices
            ],
            "prefilled": bool(chosen),
            "all_partners": bool(data.get("all_partners")),
            "partners": list(data.get("organizations") or []),
            "start_date": data.get("start_date"),
            "end_date": data.get("end_date"),
            "witnessed_by": data.get("witnessed_by") or "",
            "printed_on": timezone.localdate(),
        },
        language=language,
    )
    return HttpResponse(pdf, headers=pdf_response_headers(f"consent-{client.pk}.pdf"))
