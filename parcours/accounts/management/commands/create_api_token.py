from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from parcours.accounts.management.commands._helpers import validation_failure
from parcours.accounts.models import User
from parcours.accounts.services import api_token_create


class Command(BaseCommand):
    help = (
        "Issue an API token for a staff member and print it as the last line. "
        "Only a digest is stored: copy the token now. Revoke it with revoke_api_token."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="", help="a label, e.g. what the token is for")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"].strip()).first()
        if user is None:
            raise CommandError(f"Unknown staff member: {options['email']}", returncode=2)
        try:
            issued = api_token_create(user=user, name=options["name"])
        except ValidationError as exc:
            raise validation_failure(exc) from exc
        self.stdout.write(f"Token {issued.token.prefix}… for {user.email}:")
        self.stdout.write(issued.secret)
