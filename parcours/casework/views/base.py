"""What the casework screens share."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect

from parcours.access import ClientAccess
from parcours.core.client_file import client_file_url


def back_to_file(client_access: ClientAccess) -> HttpResponse:
    """Back to the client's file, on its programs and enrollments."""
    return redirect(client_file_url(client_access.client.pk, "casework"))
