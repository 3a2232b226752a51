from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandParser

from parcours.accounts.management.commands._helpers import validation_failure
from parcours.accounts.models import OrganizationKind
from parcours.accounts.services import organization_create


class Command(BaseCommand):
    help = (
        "Create an organization of the network: a partner agency, or with --external an "
        "institution that clients pass through (hospital, jail). Prints the new id last."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="the organization's name, unique in the network")
        parser.add_argument(
            "--kind",
            required=True,
            help=f"one of: {', '.join(OrganizationKind.values)}",
        )
        parser.add_argument(
            "--external",
            action="store_true",
            help="an external institution, not a partner using Parcours",
        )
        parser.add_argument("--city", default="", help="the city (optional)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            org = organization_create(
                name=options["name"],
                kind=options["kind"],
                is_partner=not options["external"],
                city=options["city"],
            )
        except ValidationError as exc:
            raise validation_failure(exc) from exc
        self.stdout.write(f"Created {org.name} ({org.get_kind_display()}).")
        self.stdout.write(str(org.pk))
