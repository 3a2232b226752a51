"""``parcours publish_month YYYY-MM [--by EMAIL]``: publish the figures of a
closed month of the by-name list (never rewritten afterwards)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from parcours.accounts.models import User
from parcours.reports.forms import parse_month
from parcours.reports.services import month_publish


class Command(BaseCommand):
    help = "Publish the monthly flow figures of a closed month (YYYY-MM)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("month", help="The month to publish, YYYY-MM.")
        parser.add_argument("--by", default="", help="Email of the coordinator publishing it.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            month = parse_month(options["month"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        user = None
        if options["by"]:
            user = User.objects.filter(email__iexact=options["by"]).first()
            if user is None:
                raise CommandError(f"No staff member with the email {options['by']}.")
        try:
            rows = month_publish(acting_user=user, month=month)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        except Exception as exc:  # PermissionDenied: not a coordinator
            raise CommandError(str(exc) or "Only a coordinator may publish a month.") from exc
        figures = {r.population: r.figures["active"] for r in rows}
        self.stdout.write(f"Published {month:%Y-%m}: actively homeless {figures}")
