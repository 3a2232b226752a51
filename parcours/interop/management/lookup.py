"""What the data-exchange commands look up from their arguments: the
administrator they act for and, when named, an organization (exit status 2
and a translated message when there is none)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from parcours.accounts.models import Organization, User


def operator_and_organization(options: dict[str, Any]) -> tuple[User, Organization | None]:
    user = User.objects.filter(email__iexact=options["user"], is_active=True).first()
    if user is None:
        raise CommandError(
            _("No active user with the email %(email)s.") % {"email": options["user"]},
            returncode=2,
        )
    if not options["organization"]:
        return user, None
    organization = Organization.objects.filter(name__iexact=options["organization"]).first()
    if organization is None:
        raise CommandError(
            _("No organization named %(name)s.") % {"name": options["organization"]},
            returncode=2,
        )
    return user, organization
