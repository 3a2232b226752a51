"""The shelter's nightly list, as a printable page and as a PDF. The same
rule as the site's board: the staff of the organization that runs the site;
each is audited with the clients it names."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation

from parcours import access
from parcours.accounts.http import AuthenticatedRequest
from parcours.accounts.models import User
from parcours.beds import selectors, services
from parcours.beds.models import Site
from parcours.beds.nightly import NightlyList, nightly_list
from parcours.core.pdf import pdf_response_headers, render_pdf


def _list_for(request: AuthenticatedRequest, site_id: uuid.UUID, section: str) -> NightlyList:
    if not access.can_see_bed_availability(request.user):
        raise PermissionDenied
    user: User = request.user
    site: Site = selectors.site_get(user, site_id)
    if not access.can_run_bed_site(user, site):
        # Other partners see the site's availability, never who is in the beds.
        raise PermissionDenied
    tonight = nightly_list(user, site)
    services.bed_records_viewed(
        acting_user=user, section=section, client_ids=tonight.client_ids, site=site
    )
    return tonight


@login_required
def nightly(request: AuthenticatedRequest, site_id: uuid.UUID) -> HttpResponse:
    tonight = _list_for(request, site_id, "nightly_list")
    return render(
        request,
        "beds/nightly.html",
        {"site": tonight.site, "tonight": tonight, "printed_at": timezone.localtime()},
    )


@login_required
def nightly_pdf(request: AuthenticatedRequest, site_id: uuid.UUID) -> HttpResponse:
    tonight = _list_for(request, site_id, "nightly_list_pdf")
    pdf = render_pdf(
        "beds/nightly_pdf.html",
        {"site": tonight.site, "tonight": tonight, "printed_at": timezone.localtime()},
        language=translation.get_language() or "fr",
    )
    return HttpResponse(pdf, headers=pdf_response_headers(f"nightly-{tonight.site.pk}.pdf"))
