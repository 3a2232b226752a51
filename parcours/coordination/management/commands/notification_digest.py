"""``parcours notification_digest``: email each staff member a digest of
their unread notifications (optional; run it from cron, e.g. each morning).
The email names no client: it lists what happened and links to the inbox."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from parcours.coordination.services.notifications import notification_digest_send


class Command(BaseCommand):
    help = (
        "Email each staff member one digest of their unread notifications not yet "
        "emailed (no client names in the email), through Django's mail backend "
        "(EMAIL_BACKEND; the console in the demo)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--site-url",
            default=settings.PARCOURS_SITE_URL,
            help="the site's address for the inbox link (default: SITE_URL)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        people, count = notification_digest_send(site_url=options["site_url"])
        self.stdout.write(f"Notification digest: {count} notifications emailed to {people} people.")
