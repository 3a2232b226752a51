from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from parcours.accounts.management.commands._helpers import validation_failure
from parcours.accounts.models import Organization, Program
from parcours.accounts.services import staff_create


class Command(BaseCommand):
    help = (
        "Create a staff account in an organization. Without a password the account "
        "cannot sign in until an administrator sets one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the login, unique in the network")
        parser.add_argument("--organization", required=True, help="the organization's name")
        parser.add_argument(
            "--discipline",
            required=True,
            help="a discipline code, e.g. case_manager, nurse, psychiatrist (see the admin site)",
        )
        parser.add_argument("--given-name", default="")
        parser.add_argument("--family-name", default="")
        secret = parser.add_mutually_exclusive_group()
        secret.add_argument("--password-file", help="read the password from this file")
        secret.add_argument("--password", help="the password (prefer --password-file)")
        parser.add_argument(
            "--program",
            action="append",
            default=[],
            help="add to this program of the organization (may be repeated)",
        )
        parser.add_argument(
            "--admin", action="store_true", help="make them an administrator of their organization"
        )
        parser.add_argument("--language", choices=["fr", "en"], default="fr")

    def handle(self, *args: Any, **options: Any) -> None:
        org = Organization.objects.filter(name__iexact=options["organization"].strip()).first()
        if org is None:
            raise CommandError(f"Unknown organization: {options['organization']}", returncode=2)
        programs = []
        for name in options["program"]:
            program = Program.objects.filter(organization=org, name__iexact=name.strip()).first()
            if program is None:
                raise CommandError(f"{org.name} has no program named {name}", returncode=2)
            programs.append(program)
        password = options["password"]
        if options["password_file"]:
            try:
                password = Path(options["password_file"]).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise CommandError(f"Cannot read the password file: {exc}", returncode=2) from exc
        try:
            user = staff_create(
                email=options["email"],
                organization=org,
                discipline_code=options["discipline"],
                given_name=options["given_name"],
                family_name=options["family_name"],
                password=password,
                programs=programs,
                is_org_admin=options["admin"],
                preferred_language=options["language"],
            )
        except ValidationError as exc:
            raise validation_failure(exc) from exc
        self.stdout.write(f"Created {user.email} at {org.name}.")
        self.stdout.write(str(user.pk))
