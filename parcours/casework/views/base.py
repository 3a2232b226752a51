"""What the casework screens share."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect

from parcours.access import ClientAccess


def back_to_file(client_access: ClientAccess) -> HttpResponse:
    return redirect("clients:detail", client_id=client_access.client.pk)
