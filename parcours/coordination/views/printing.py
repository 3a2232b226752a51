"""The referral's printable summary: a PDF of the client as the receiving
partner may see them. Thin: the selector works out what may be printed and
audits the read."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone, translation

from parcours import access
from parcours.accounts.http import AuthenticatedRequest
from parcours.coordination.selectors import referrals as selectors
from parcours.coordination.selectors.summary import referral_summary
from parcours.core.pdf import pdf_response_headers, render_pdf


@login_required
def referral_summary_print(request: AuthenticatedRequest, referral_id: uuid.UUID) -> HttpResponse:
    """Those who may read the referral print it (404 otherwise), in the
    language of the page they print from."""
    user = access.require_partner_staff(request.user)
    referral = selectors.referral_get_for_user(user, referral_id)
    summary = referral_summary(user, referral)
    pdf = render_pdf(
        "coordination/referrals/summary_pdf.html",
        {"referral": referral, "summary": summary, "printed_on": timezone.localdate()},
        language=translation.get_language() or "fr",
    )
    return HttpResponse(pdf, headers=pdf_response_headers(f"referral-{referral.pk}.pdf"))
