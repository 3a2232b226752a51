from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parcours.accounts.models import ApiToken
from parcours.accounts.services import api_token_revoke


class Command(BaseCommand):
    help = "Revoke an API token, given the token itself or its prefix (the part after pcs_)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("token_or_prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        value: str = options["token_or_prefix"].strip()
        prefix = (
            value.split("_")[1] if value.startswith("pcs_") and value.count("_") >= 2 else value
        )
        token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
        if token is None:
            raise CommandError(f"Unknown token: {prefix}", returncode=2)
        api_token_revoke(token=token)
        self.stdout.write(f"Revoked {token.prefix}… of {token.user.email}.")
