"""The timeline's page: more of it, or one kind of record. Thin: the
selector reads through the access policy; the read is audited."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from parcours import access
from parcours.accounts.http import AuthenticatedRequest
from parcours.clients.services import client_record_viewed
from parcours.timeline import selectors


@login_required
@require_GET
def client_timeline(request: AuthenticatedRequest, client_id: uuid.UUID) -> HttpResponse:
    user, client_access = access.client_get_for_staff(request.user, client_id)
    context = selectors.timeline_context(request.GET, client_access)
    client_record_viewed(
        acting_user=user,
        client_access=client_access,
        section="timeline",
        sections=["timeline", *context["timeline"].kinds],
    )
    context.update({"client": client_access.client, "client_access": client_access})
    template = (
        "timeline/_items.html" if request.headers.get("HX-Request") else "timeline/client.html"
    )
    return render(request, template, context)
